"""Forms every feature uses."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

# Said of a field whose text carries characters core/text.py refuses (forms, uploads, API alike).
FORBIDDEN_CHARACTERS = _l("Berisi karakter tak terlihat yang tidak dapat disimpan (karakter kendali); "
                          "ketik ulang isian ini.")


class ActionForm(FlaskForm):
    """A button only (cancel, delete, toggle, send): the CSRF token is the point."""

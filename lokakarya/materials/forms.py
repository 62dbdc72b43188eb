from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from lokakarya.core.forms import Form


def visibility_choices():
    return [SelectChoice("public", _l("Publik")), SelectChoice("registrants", _l("Peserta terdaftar")),
            SelectChoice("organisers", _l("Hanya penyelenggara"))]


class UploadForm(Form):
    session_id = SelectField(_l("Sesi"), coerce=int)
    title = StringField(_l("Judul"), validators=[Length(max=200)])
    visibility = SelectField(_l("Dapat dilihat oleh"), choices=visibility_choices(), default="registrants")
    file = FileField(_l("Berkas (PDF, PPTX, DOCX, XLSX)"), validators=[FileRequired(_l("Pilih berkas."))])


class LinkForm(Form):
    session_id = SelectField(_l("Sesi"), coerce=int)
    title = StringField(_l("Judul"), validators=[DataRequired(_l("Isi judul.")), Length(max=200)])
    visibility = SelectField(_l("Dapat dilihat oleh"), choices=visibility_choices(), default="registrants")
    url = StringField(_l("Tautan (rekaman YouTube, Google Drive, …)"),
                      validators=[DataRequired(_l("Isi tautan."))])


class MinutesForm(Form):
    body = TextAreaField(_l("Notulen (teks atau Markdown)"), validators=[Length(max=100_000)])

"""Forms every feature uses: the base class of every form, and the CSRF-only ActionForm."""
from collections.abc import Iterable

from flask import flash
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import FileStorage
from wtforms import IntegerField
from wtforms.validators import Length

from lokakarya.core.converters import DATABASE_INT_MAX
from lokakarya.core.text import LONG_TEXT_MAX, has_forbidden_characters

# Said of a field whose text carries characters core/text.py refuses (forms, uploads, API alike).
FORBIDDEN_CHARACTERS = _l("Berisi karakter tak terlihat yang tidak dapat disimpan (karakter kendali); "
                          "ketik ulang isian ini.")
FORBIDDEN_IN_FILE_NAME = _l("Nama berkas berisi karakter tak terlihat (karakter kendali); ganti nama "
                            "berkas lalu unggah lagi.")
TOO_LONG = _l("Terlalu panjang (paling banyak %(max)s karakter).")
NUMBER_TOO_LARGE = _l("Angka terlalu besar.")

# WTForms' own messages (it has no Indonesian catalogue), worded for an Indonesian page: every one
# of them (tests/test_languages_everywhere.py reads WTForms' source for the list).
WTFORMS_INDONESIAN = {
    "This field is required.": _l("Wajib diisi."),
    "Invalid email address.": _l("Alamat e-mail tidak valid."),
    "Not a valid choice.": _l("Pilihan tidak dikenal."),
    "Not a valid integer value.": _l("Bukan bilangan bulat."),
    "Not a valid datetime value.": _l("Waktu tidak valid."),
    "Not a valid date value.": _l("Tanggal tidak valid."),
    "Number must be at least %(min)s.": _l("Paling sedikit %(min)s."),
    "Number must be at most %(max)s.": _l("Paling banyak %(max)s."),
    "Number must be between %(min)s and %(max)s.": _l("Harus di antara %(min)s dan %(max)s."),
    "Field must be at least %(min)d characters long.": _l("Paling sedikit %(min)d karakter."),
    "Field cannot be longer than %(max)d characters.": TOO_LONG,
    "Invalid Choice: could not coerce.": _l("Pilihan tidak dikenal."),
    "Invalid choice(s): one or more data inputs could not be coerced.": _l("Pilihan tidak dikenal."),
    "'%(value)s' are not valid choices for this field.": _l("Pilihan tidak dikenal."),
    "'%(value)s' is not a valid choice for this field.": _l("Pilihan tidak dikenal."),
    "Choices cannot be None.": _l("Pilihan tidak dikenal."),
    "Invalid value, must be one of: %(values)s.": _l("Pilihan tidak dikenal."),
    "Invalid value, can't be any of: %(values)s.": _l("Isian ini tidak diterima."),
    "Field cannot be longer than %(max)d character.": TOO_LONG,
    "Field must be at least %(min)d character long.": _l("Paling sedikit %(min)d karakter."),
    "Field must be between %(min)d and %(max)d characters long.": _l("Harus %(min)d sampai %(max)d karakter."),
    "Field must be exactly %(max)d character long.": _l("Harus tepat %(max)d karakter."),
    "Field must be exactly %(max)d characters long.": _l("Harus tepat %(max)d karakter."),
    "Field must be equal to %(other_name)s.": _l("Harus sama dengan %(other_name)s."),
    "Date must be at least %(min)s.": _l("Tanggal paling awal %(min)s."),
    "Date must be at most %(max)s.": _l("Tanggal paling akhir %(max)s."),
    "Date must be between %(min)s and %(max)s.": _l("Tanggal harus di antara %(min)s dan %(max)s."),
    "Not a valid time value.": _l("Jam tidak valid."),
    "Not a valid week value.": _l("Minggu tidak valid."),
    "Not a valid decimal value.": _l("Bukan angka."),
    "Not a valid float value.": _l("Bukan angka."),
    "Invalid URL.": _l("Alamat tautan tidak valid."),
    "Invalid IP address.": _l("Alamat IP tidak valid."),
    "Invalid Mac address.": _l("Alamat MAC tidak valid."),
    "Invalid UUID.": _l("UUID tidak valid."),
    "Invalid input.": _l("Isian tidak valid."),
    "Invalid field name '%s'.": _l("Isian tidak valid."),
    "This field cannot be edited.": _l("Isian ini tidak dapat diubah."),
    "This field is disabled and cannot have a value.": _l("Isian ini tidak dapat diisi."),
    "CSRF failed.": _l("Formulir ini kedaluwarsa; muat ulang halaman lalu kirim lagi."),
    "CSRF token expired.": _l("Formulir ini kedaluwarsa; muat ulang halaman lalu kirim lagi."),
    "CSRF token missing.": _l("Formulir ini kedaluwarsa; muat ulang halaman lalu kirim lagi."),
    "Invalid CSRF Token.": _l("Formulir ini kedaluwarsa; muat ulang halaman lalu kirim lagi."),
}


class _Indonesian:
    """WTForms translations: Indonesian pages get WTFORMS_INDONESIAN, English ones WTForms' own."""

    def gettext(self, string: str) -> str:
        if _english():
            return string
        return str(WTFORMS_INDONESIAN.get(string, string))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if _english():
            return singular if n == 1 else plural
        return self.gettext(plural)


def _english() -> bool:
    return str(get_locale()) == "en"


def _max_length(field) -> int | None:
    limits = [v.max for v in field.validators if isinstance(v, Length) and v.max != -1]
    return min(limits) if limits else None


def _texts(field) -> Iterable[str]:
    return (value for value in (field.raw_data or ()) if isinstance(value, str))


class Form(FlaskForm):
    """The base of every form. Whatever a field's own validators say, its text (or its uploaded
    file's name) may not carry characters that cannot be stored, may not exceed LONG_TEXT_MAX
    characters, and a whole number must fit the database's integer (beyond it the driver raises)."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return _Indonesian()

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for field in self:
            problem = field_problem(field)
            if problem is not None:
                field.errors = [*field.errors, problem]
                ok = False
        return ok

    def flash_errors(self) -> bool:
        """For a form whose page is shown again by a redirect: each field's errors flashed, naming
        the field; True when there were any."""
        for field in self:
            for error in field.errors:
                flash(f"{field.label.text}: {error}", "error")
        return bool(self.errors)


def field_problem(field):
    """What the base form refuses in one field, worded; None when nothing."""
    uploads = [v for v in (field.raw_data or ()) if isinstance(v, FileStorage)]
    if any(has_forbidden_characters(upload.filename or "") for upload in uploads):
        return FORBIDDEN_IN_FILE_NAME
    texts = list(_texts(field))
    if any(has_forbidden_characters(text) for text in texts):
        return FORBIDDEN_CHARACTERS
    if _max_length(field) is None and any(len(text) > LONG_TEXT_MAX for text in texts):
        return TOO_LONG % {"max": LONG_TEXT_MAX}
    if isinstance(field, IntegerField) and isinstance(field.data, int) and abs(field.data) > DATABASE_INT_MAX:
        return NUMBER_TOO_LARGE
    return None


class ActionForm(Form):
    """A button only (cancel, delete, toggle, send): the CSRF token is the point."""


def text_problem_text(code: str, max_length: int) -> str:
    """core.text.text_problem's code worded for people."""
    return str(FORBIDDEN_CHARACTERS) if code == "forbidden_characters" else TOO_LONG % {"max": max_length}


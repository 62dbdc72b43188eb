"""Flask-WTF forms (CSRF and rendering); the checks themselves live in person.py."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, SelectField, StringField, TelField, TextAreaField
from wtforms.validators import DataRequired, Email

from lokakarya.agencies.models import AGENCY_KINDS
from lokakarya.core.forms import Form
from lokakarya.registration.problems import Problem


class PersonForm(Form):
    name = StringField(_l("Nama lengkap (dengan gelar)"))
    nip = StringField(_l("NIP (18 angka)"), description=_l("Boleh dengan spasi atau titik."))
    position = StringField(_l("Jabatan"))
    email = EmailField(_l("E-mail"))
    phone = TelField(_l("Nomor ponsel (WhatsApp)"))

    def add_problems(self, problems: dict[str, Problem], wording) -> None:
        for name, problem in problems.items():
            field = getattr(self, name, None)
            if field is None:
                self.form_errors.append(wording(problem))
            else:
                field.errors = [*(field.errors or []), wording(problem)]


class RegisterForm(PersonForm):
    province = SelectField(_l("Provinsi"), choices=[], validate_choice=False)
    agency_id = SelectField(_l("Instansi"), choices=[], validate_choice=False)
    agency_missing = BooleanField(_l("Instansi saya tidak ada dalam daftar"))
    new_agency_name = StringField(_l("Nama instansi"))
    new_agency_kind = SelectField(_l("Jenis instansi"), choices=[], validate_choice=False)
    consent = BooleanField()


class LinkForm(Form):
    # An empty or malformed address is said so (the answer to a well-formed one is the same
    # whether or not it is registered).
    email = EmailField(_l("E-mail yang Anda daftarkan"), validators=[DataRequired(), Email()])


class RejectForm(Form):
    reason = TextAreaField(_l("Alasan penolakan (dikirim ke pendaftar)"))


class UploadForm(Form):
    file = FileField(_l("Berkas CSV atau XLSX"))
    consent = BooleanField(_l("Pegawai yang didaftarkan telah membaca dan menyetujui pernyataan data pribadi."))


def kind_choices() -> list[tuple[str, str]]:
    labels = {"dukcapil": _l("Dinas Dukcapil"), "dpmptsp": _l("DPMPTSP"),
              "setda": _l("Sekretariat Daerah / Biro Organisasi"), "ministry": _l("Kementerian/lembaga pusat"),
              "other": _l("Lainnya")}
    return [(kind, labels[kind]) for kind in AGENCY_KINDS]

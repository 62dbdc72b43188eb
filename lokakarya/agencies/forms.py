from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length

from lokakarya.agencies.labels import kind_labels
from lokakarya.core.forms import Form

# Why a field is refused, by the problem codes of agencies.services.agency_problems.
PROBLEM_MESSAGES = {
    "required": _l("Wajib diisi."),
    "unknown": _l("Pilihan tidak dikenal."),
    "mismatch": _l("Kabupaten/kota itu tidak berada di provinsi yang dipilih."),
    "duplicate": _l("Instansi dengan nama ini sudah ada di provinsi ini."),
}


class AgencyForm(Form):
    name = StringField(_l("Nama"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Jenis"), choices=[SelectChoice(k, label) for k, label in kind_labels().items()],
                       validate_choice=False)
    # Choices come from the region tables (filled by the view); checked by agency_problems.
    province_code = SelectField(_l("Provinsi"), validate_choice=False)
    regency_code = SelectField(_l("Kabupaten/kota (opsional)"), validate_choice=False)

    def values(self) -> dict:
        return {"name": self.name.data or "", "kind": self.kind.data or "",
                "province_code": self.province_code.data or None,
                "regency_code": self.regency_code.data or None}


from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from lokakarya.core.forms import Form


class SettingsForm(Form):
    is_open = BooleanField(_l("Kuesioner dibuka untuk peserta"))
    required_for_certificate = BooleanField(_l("Mengisi evaluasi menjadi syarat sertifikat"))


def kind_labels() -> dict:
    """Question kinds as the organiser reads them (the form, the results export)."""
    return {"rating": _l("Penilaian 1–5"), "single": _l("Pilihan tunggal"), "multiple": _l("Pilihan ganda"),
            "text": _l("Teks bebas")}


class QuestionForm(Form):
    kind = SelectField(_l("Jenis pertanyaan"), choices=[SelectChoice(k, v) for k, v in kind_labels().items()])
    text = StringField(_l("Pertanyaan"), validators=[DataRequired(_l("Isi pertanyaan.")), Length(max=500)])
    options = TextAreaField(_l("Pilihan jawaban (satu per baris)"), validators=[Length(max=5000)])
    required = BooleanField(_l("Wajib dijawab"), default=True)

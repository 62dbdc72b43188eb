from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from lokakarya.core.forms import Form


class SettingsForm(Form):
    is_open = BooleanField(_l("Kuesioner dibuka untuk peserta"))
    required_for_certificate = BooleanField(_l("Mengisi evaluasi menjadi syarat sertifikat"))


class QuestionForm(Form):
    kind = SelectField(_l("Jenis pertanyaan"), choices=[
        SelectChoice("rating", _l("Penilaian 1–5")), SelectChoice("single", _l("Pilihan tunggal")),
        SelectChoice("multiple", _l("Pilihan ganda")), SelectChoice("text", _l("Teks bebas")),
    ])
    text = StringField(_l("Pertanyaan"), validators=[DataRequired(_l("Isi pertanyaan.")), Length(max=500)])
    options = TextAreaField(_l("Pilihan jawaban (satu per baris)"), validators=[Length(max=5000)])
    required = BooleanField(_l("Wajib dijawab"), default=True)

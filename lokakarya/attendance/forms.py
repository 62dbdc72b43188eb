from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import Length, Optional

from lokakarya.core.forms import Form
from lokakarya.events.forms import zone_choices

# The zones a report's times may be written in; the API accepts the same.
REPORT_ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")


class ImportForm(Form):
    file = FileField(_l("Laporan kehadiran (CSV dari Zoom, Teams atau Google Meet)"),
                     validators=[FileRequired(_l("Pilih berkas laporan."))])
    timezone = SelectField(_l("Zona waktu di laporan"), choices=zone_choices(REPORT_ZONES))
    date_order = SelectField(_l("Urutan tanggal"), choices=[
        SelectChoice("", _l("Tentukan dari berkas")), SelectChoice("dmy", _l("Hari dulu (31/12/2020)")),
        SelectChoice("mdy", _l("Bulan dulu (12/31/2020)"))], validators=[Optional()])


class MarkForm(Form):
    status = SelectField(_l("Tanda"), choices=[
        SelectChoice("", _l("— tanpa tanda —")), SelectChoice("present", _l("Hadir")),
        SelectChoice("absent", _l("Tidak hadir")), SelectChoice("excused", _l("Izin"))], validators=[Optional()])
    note = StringField(_l("Catatan"), validators=[Optional(), Length(max=1000)])


class CheckinForm(Form):
    code = StringField(_l("Kode sesi"), validators=[Optional(), Length(max=20)])

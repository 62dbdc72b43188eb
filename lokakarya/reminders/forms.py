from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import NumberRange, Optional

from lokakarya.core.forms import Form
from lokakarya.reminders.timing import MAX_DAYS_BEFORE, MAX_MINUTES_BEFORE


class RuleForm(Form):
    kind = SelectField(_l("Jenis"), choices=[
        SelectChoice("day_before", _l("Beberapa hari sebelumnya, pada jam tertentu")),
        SelectChoice("minutes_before", _l("Beberapa menit sebelum mulai")),
    ])
    days_before = IntegerField(_l("Hari sebelumnya"), default=1,
                               validators=[Optional(), NumberRange(1, MAX_DAYS_BEFORE)])
    local_time = StringField(_l("Jam (zona acara)"), default="09:00")
    minutes_before = IntegerField(_l("Menit sebelum mulai"), default=60,
                                  validators=[Optional(), NumberRange(1, MAX_MINUTES_BEFORE)])
    include_pending = BooleanField(_l("Juga pendaftar yang belum dikonfirmasi"))
    include_waitlisted = BooleanField(_l("Juga pendaftar dalam daftar tunggu"))


class SendNowForm(Form):
    session_id = SelectField(_l("Sesi"), coerce=int)
    include_pending = BooleanField(_l("Juga pendaftar yang belum dikonfirmasi"))
    include_waitlisted = BooleanField(_l("Juga pendaftar dalam daftar tunggu"))

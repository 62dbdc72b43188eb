"""Organiser forms. Times are entered as wall-clock times in the event's zone."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from lokakarya.core.converters import database_id
from lokakarya.core.forms import Form
from lokakarya.events.labels import EVENT_STATUS_LABELS
from lokakarya.events.models import EVENT_STATUSES
from lokakarya.regions.zones import GROUPS, province_group
from lokakarya.timeutil import INDONESIAN_ZONES, localize, to_zone, zone_label

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
# Ticked to record an event that has already taken place (its dates would be refused as past).
PAST_EVENT_LABEL = _l("Acara ini sudah berlangsung (catat acara yang lalu)")


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def zone_choices(zones: tuple[str, ...] = INDONESIAN_ZONES) -> list[SelectChoice]:
    return [SelectChoice(tz, f"{zone_label(tz)} ({tz})") for tz in zones]


def status_choices() -> list[SelectChoice]:
    return [SelectChoice(s, EVENT_STATUS_LABELS[s]) for s in EVENT_STATUSES]


def local(value: datetime | None, tz: str) -> datetime | None:
    """An aware instant as the naive wall-clock value a datetime-local input shows."""
    return to_zone(value, tz).replace(tzinfo=None) if value else None


def aware(value: datetime | None, tz: str) -> datetime | None:
    return localize(value, tz) if value else None


class EventForm(Form):
    title = StringField(_l("Judul"), validators=[DataRequired(), Length(max=300)])
    slug = StringField(_l("Slug (alamat)"), validators=[Optional(), Length(max=80)])
    description = TextAreaField(_l("Deskripsi"), validators=[Optional()])
    organiser_unit = StringField(_l("Unit penyelenggara"), validators=[Optional(), Length(max=200)])
    contact_email = EmailField(_l("E-mail kontak"), validators=[Optional(), Length(max=254)])
    timezone = SelectField(_l("Zona waktu"), choices=zone_choices, default="Asia/Jakarta")
    status = SelectField(_l("Status"), choices=status_choices, default="draft")
    groups = CheckboxesField(_l("Undang satu wilayah sekaligus"), choices=[SelectChoice(k, v) for k, v in GROUPS.items()])
    provinces = CheckboxesField(_l("Provinsi yang diundang"), choices=[])
    registration_opens_at = DateTimeLocalField(_l("Pendaftaran dibuka"), format=LOCAL_FORMAT,
                                               validators=[Optional()])
    registration_closes_at = DateTimeLocalField(_l("Pendaftaran ditutup"), format=LOCAL_FORMAT,
                                                validators=[Optional()])
    capacity = IntegerField(_l("Kapasitas"), validators=[Optional(), NumberRange(min=1)])
    quota_per_agency = IntegerField(_l("Kuota per instansi"), validators=[Optional(), NumberRange(min=1)])
    quota_per_province = IntegerField(_l("Kuota per provinsi"), validators=[Optional(), NumberRange(min=1)])
    requires_approval = BooleanField(_l("Pendaftaran perlu persetujuan"))
    allow_central_agencies = BooleanField(_l("Instansi pusat boleh mendaftar"), default=True)
    allow_pppk = BooleanField(_l("PPPK boleh mendaftar"), default=True)
    retention_days = IntegerField(_l("Simpan data pribadi (hari)"), default=365,
                                  validators=[InputRequired(), NumberRange(min=1)])
    attendance_threshold = IntegerField(_l("Ambang kehadiran (%)"), default=70,
                                        validators=[Optional(), NumberRange(min=0, max=100)])
    past_event = BooleanField(PAST_EVENT_LABEL)
    offer_past = False  # shown once a date was refused as past (events/validation.past_problems)

    def set_provinces(self, provinces) -> None:
        self.provinces.choices = [SelectChoice(p.code, p.name) for p in provinces]

    def fill_from(self, event) -> None:
        for name in ("title", "slug", "description", "organiser_unit", "contact_email", "timezone",
                     "status", "capacity", "quota_per_agency", "quota_per_province", "requires_approval",
                     "allow_central_agencies", "allow_pppk", "retention_days", "attendance_threshold"):
            getattr(self, name).data = getattr(event, name)
        for name in ("registration_opens_at", "registration_closes_at"):
            getattr(self, name).data = local(getattr(event, name), event.timezone)
        self.provinces.data = [p.province_code for p in event.invited]

    def province_codes(self) -> list[str]:
        """Provinces ticked one by one plus every province of a ticked group."""
        groups = set(self.groups.data or ())
        known = [choice.value for choice in self.provinces.choices]
        return sorted(set(self.provinces.data or ()) | {c for c in known if province_group(c) in groups})

    def values(self) -> dict:
        tz = self.timezone.data
        values = {name: getattr(self, name).data for name in (
            "title", "organiser_unit", "timezone", "status", "capacity", "quota_per_agency",
            "quota_per_province", "requires_approval", "allow_central_agencies", "allow_pppk",
            "retention_days")}
        values["title"] = values["title"].strip()
        values["description"] = self.description.data or ""
        values["contact_email"] = (self.contact_email.data or "").strip().lower()
        values["attendance_threshold"] = (70 if self.attendance_threshold.data is None
                                          else self.attendance_threshold.data)
        values["registration_opens_at"] = aware(self.registration_opens_at.data, tz)
        values["registration_closes_at"] = aware(self.registration_closes_at.data, tz)
        values["province_codes"] = self.province_codes()
        if self.slug.data:
            values["slug"] = self.slug.data.strip().lower()
        return values


def province_quotas(form_data, codes) -> tuple[dict[str, int | None], list[str]]:
    """Per-province quota overrides from inputs named quota_<code>; bad ones are reported."""
    quotas: dict[str, int | None] = {}
    bad: list[str] = []
    for code in codes:
        raw = (form_data.get(f"quota_{code}") or "").strip()
        quota = database_id(raw)  # digits 0-9 within the database's integer
        if not raw:
            quotas[code] = None
        elif quota:
            quotas[code] = quota
        else:
            bad.append(code)
    return quotas, bad


class SessionForm(Form):
    title = StringField(_l("Judul sesi"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Deskripsi"), validators=[Optional()])
    speakers = TextAreaField(_l("Narasumber (satu per baris)"), validators=[Optional()])
    starts_at = DateTimeLocalField(_l("Mulai"), format=LOCAL_FORMAT, validators=[DataRequired()])
    ends_at = DateTimeLocalField(_l("Selesai"), format=LOCAL_FORMAT, validators=[DataRequired()])
    past_event = BooleanField(PAST_EVENT_LABEL)
    offer_past = False

    def fill_from(self, session, tz: str) -> None:
        for name in ("title", "description", "speakers"):
            getattr(self, name).data = getattr(session, name)
        self.starts_at.data = local(session.starts_at, tz)
        self.ends_at.data = local(session.ends_at, tz)

    def values(self, tz: str) -> dict:
        return {
            "title": (self.title.data or "").strip(),
            "description": self.description.data or "",
            "speakers": "\n".join(line.strip() for line in (self.speakers.data or "").splitlines()
                                  if line.strip()),
            "starts_at": aware(self.starts_at.data, tz),
            "ends_at": aware(self.ends_at.data, tz),
        }


def create_choices() -> list[SelectChoice]:
    """Paste a link, or have the meeting created at a configured provider (lokakarya/vc)."""
    from flask import current_app

    from lokakarya.vc.choices import offered

    return [SelectChoice("", _l("Tempel tautan rapat")), *(
        SelectChoice(name, _l("Buat rapat di %(provider)s", provider=label))
        for name, label in offered(current_app.config))]


class MeetingForm(Form):
    create_with = SelectField(_l("Rapat"), choices=create_choices, default="", validate_choice=True)
    host_email = EmailField(_l("E-mail host Zoom (kosong: host bawaan)"), validators=[Optional(), Length(max=254)])
    join_url = StringField(_l("Tautan rapat (https)"), validators=[Optional(), Length(max=1000)])
    meeting_code = StringField(_l("ID rapat"), validators=[Optional(), Length(max=100)])
    passcode = StringField(_l("Kode sandi"), validators=[Optional(), Length(max=100)])

    def fill_from(self, meeting) -> None:
        if meeting is not None and meeting.managed and meeting.state != "cancelled":
            self.create_with.data = meeting.provider
            self.host_email.data = meeting.host_email
        elif meeting is not None:
            self.join_url.data = meeting.join_url
            self.meeting_code.data = meeting.meeting_code
            self.passcode.data = meeting.passcode

    def values(self) -> dict | None:
        """None when the link is empty: the meeting is removed. {"create": True, …} when the
        organiser chose a provider to create it at."""
        if self.create_with.data:
            return {"provider": self.create_with.data, "create": True,
                    "host_email": (self.host_email.data or "").strip().lower()}
        if not (self.join_url.data or "").strip():
            return None
        return {"join_url": self.join_url.data.strip(), "meeting_code": self.meeting_code.data or "",
                "passcode": self.passcode.data or ""}

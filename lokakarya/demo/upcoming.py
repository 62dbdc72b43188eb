"""The demo's upcoming workshop: registration open today, sessions two weeks ahead (dates
relative to the day `make run` seeds it), every province invited, the national agency
directory, so a newcomer can register at once. Idempotent: a second run on the same day changes
nothing; once its registration window has passed, a run moves the whole event forward again."""
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from lokakarya.agencies.models import Agency
from lokakarya.auth.models import User
from lokakarya.demo.national import directory_rows
from lokakarya.events.models import Event, EventSession, InvitedProvince, Meeting
from lokakarya.extensions import db
from lokakarya.regions.data_files import province_rows
from lokakarya.timeutil import localize, now_utc

SLUG = "standar-pelayanan-publik-nasional"
TZ = "Asia/Jakarta"
TITLE = "Lokakarya Nasional Penerapan Standar Pelayanan Publik"
AGENDA = (
    (0, "08:30", "09:00", "Pembukaan", "Asisten Deputi Standardisasi Pelayanan Publik, Kementerian PANRB"),
    (0, "09:00", "10:30", "Standar Pelayanan dan Maklumat Pelayanan",
     "Kepala Bidang Standardisasi Pelayanan Publik"),
    (0, "10:30", "12:00", "Mal Pelayanan Publik dan Layanan Daring", "Direktur Pelayanan Publik Daerah"),
    (1, "09:00", "11:00", "Sesi Provinsi: Permasalahan dan Komitmen", "Perwakilan Pemerintah Provinsi"),
)


def _at(day: date, hhmm: str) -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return localize(datetime.combine(day, time(hour, minute)), TZ)


def _today() -> date:
    return now_utc().astimezone(ZoneInfo(TZ)).date()


def add_directory() -> int:
    """The national directory (Setda, DPMPTSP, Dukcapil of every province and regency), minus
    the governments' agencies the demo already holds under another name."""
    held = set(db.session.execute(db.select(Agency.kind, Agency.province_code, Agency.regency_code)).all())
    rows = [r for r in directory_rows() if (r["kind"], r["province_code"], r["regency_code"]) not in held]
    if rows:
        db.session.execute(db.insert(Agency), rows)
    return len(rows)


def _move_forward(event: Event, today: date) -> None:
    """Shift the whole event so that its registration opened yesterday again."""
    opened = event.registration_opens_at.astimezone(ZoneInfo(TZ)).date()
    delta = timedelta(days=(today - opened).days - 1)
    event.registration_opens_at += delta
    event.registration_closes_at += delta
    for session in event.sessions:
        session.starts_at += delta
        session.ends_at += delta


def seed_upcoming(organiser: User) -> Event:
    today = _today()
    event = db.session.execute(db.select(Event).where(Event.slug == SLUG)).scalar_one_or_none()
    if event is not None:
        if event.registration_closes_at < now_utc():
            _move_forward(event, today)
        return event
    first = today + timedelta(days=14)
    event = Event(
        slug=SLUG, title=TITLE, timezone=TZ, status="published", created_by_id=organiser.id,
        description=("Lokakarya virtual bagi Sekretariat Daerah, DPMPTSP dan Dinas Dukcapil seluruh provinsi, "
                     "kabupaten dan kota: standar pelayanan, maklumat pelayanan dan mal pelayanan publik."),
        organiser_unit="Kedeputian Bidang Pelayanan Publik, Kementerian PANRB",
        contact_email="organiser@lokakarya.example.go.id",
        registration_opens_at=_at(today - timedelta(days=1), "08:00"),
        registration_closes_at=_at(first - timedelta(days=1), "23:59"),
        capacity=2000, quota_per_agency=5, retention_days=3650, allow_central_agencies=True,
    )
    event.invited = [InvitedProvince(province_code=p["code"]) for p in province_rows()]
    for position, (offset, start, end, title, speakers) in enumerate(AGENDA):
        day = first + timedelta(days=offset)
        event.sessions.append(EventSession(title=title, speakers=speakers, position=position,
                                           starts_at=_at(day, start), ends_at=_at(day, end)))
    event.meetings.append(Meeting(provider="zoom", join_url="https://us02web.zoom.us/j/85120260001",
                                  meeting_code="851 2026 0001", passcode="NAS1"))
    db.session.add(event)
    return event

"""The 2020 Wilayah I workshop as demo data. Idempotent: running it again changes nothing."""
import csv
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from lokakarya.agencies.models import Agency
from lokakarya.auth.models import User
from lokakarya.auth.passwords import set_password
from lokakarya.events.models import Event, EventSession, InvitedProvince, Meeting
from lokakarya.extensions import db
from lokakarya.registration.models import Registration
from lokakarya.registration.nip import clean_nip
from lokakarya.registration.phones import normalise_phone
from lokakarya.reminders.services import ensure_settings
from lokakarya.timeutil import localize

DATA = Path(__file__).parent / "data"
SLUG = "standar-pelayanan-publik-wilayah-i-2020"
TITLE = ("Lokakarya Penerapan Standar Pelayanan Publik di Lingkup Pemerintah Daerah "
         "Wilayah I Tahun 2020")
TZ = "Asia/Jakarta"
WILAYAH_I = ("11", "12", "13", "14", "15", "16", "17", "18", "19", "21",
             "31", "32", "33", "34", "35", "36")
CONSENT_VERSION = "2020-11"
DAY = (2020, 11, 12)
AGENDA = (
    ("08:30", "09:00", "Pembukaan",
     "Sambutan dan pembukaan lokakarya.",
     "Asisten Deputi Standardisasi Pelayanan Publik, Kementerian PANRB"),
    ("09:00", "10:30", "Kebijakan Standar Pelayanan Publik",
     "Kebijakan penyusunan dan penerapan standar pelayanan (UU 25/2009, Permenpan RB 15/2014).",
     "Kepala Bidang Standardisasi Pelayanan Publik Wilayah I"),
    ("10:30", "12:00", "Diskusi: Permasalahan Penerapan Standar Pelayanan di Daerah",
     "Standar pelayanan yang belum pasti, informasi pelayanan yang belum jelas, sarana dan "
     "prasarana yang belum memadai, dan pemanfaatan teknologi informasi yang masih lemah.",
     "Tim Standardisasi Pelayanan Publik Wilayah I"),
    ("13:00", "14:30", "Sesi Provinsi: Komitmen dan Rencana Tindak Lanjut",
     "Setiap provinsi menyampaikan permasalahan dan komitmen tindak lanjut.",
     "Perwakilan Pemerintah Provinsi Wilayah I\nGotri Suyanto (Provinsi Bengkulu)"),
    ("14:30", "15:00", "Penutupan", "Kesimpulan dan penutupan.",
     "Asisten Deputi Standardisasi Pelayanan Publik, Kementerian PANRB"),
)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: str
    password: str
    province_code: str | None = None
    agency: str | None = None  # the agency of an agency focal point, by name


ORGANISER = DemoAccount("organiser@lokakarya.example.go.id", "Penyelenggara Demo (KemenPANRB)",
                        "organiser", "demo-organiser-2020")
FOCAL_POINT = DemoAccount("focal.bengkulu@lokakarya.example.go.id", "Focal Point Provinsi Bengkulu",
                          "province_focal_point", "demo-bengkulu-2020", "17")
ADMIN = DemoAccount("admin@lokakarya.example.go.id", "Admin Demo", "admin", "demo-admin-2020")
# The focal point of the Bengkulu civil-registry office (an agency of the demo's participants).
AGENCY_FOCAL_POINT = DemoAccount("focal.dukcapil.bengkulu@lokakarya.example.go.id",
                                 "Focal Point Dinas Dukcapil Provinsi Bengkulu", "agency_focal_point",
                                 "demo-dukcapil-2020", "17",
                                 agency="Dinas Kependudukan dan Pencatatan Sipil Provinsi Bengkulu")
# Every demo account, in the order `flask seed-demo` prints them.
ACCOUNTS = (ADMIN, ORGANISER, AGENCY_FOCAL_POINT, FOCAL_POINT)


def _at(hhmm: str) -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return localize(datetime(*DAY, hour, minute), TZ)  # noqa: DTZ001  (made aware by localize)


def _account(spec: DemoAccount, agencies: dict[str, Agency] | None = None) -> User:
    user = db.session.execute(db.select(User).where(User.email == spec.email)).scalar_one_or_none()
    if user is None:
        agency = (agencies or {}).get(spec.agency) if spec.agency else None
        user = User(email=spec.email, name=spec.name, role=spec.role,
                    province_code=None if agency else spec.province_code,
                    agency_id=agency.id if agency else None)
        set_password(user, spec.password)
        db.session.add(user)
    return user


def _agencies(rows: list[dict]) -> dict[str, Agency]:
    existing = {(a.name, a.province_code): a for a in db.session.execute(db.select(Agency)).scalars()}
    by_name: dict[str, Agency] = {}
    for row in rows:
        key = (row["agency"], row["province_code"])
        if key not in existing:
            existing[key] = Agency(name=row["agency"], kind=row["agency_kind"],
                                   province_code=row["province_code"])
            db.session.add(existing[key])
        by_name[row["agency"]] = existing[key]
    ministry_key = ("Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi", None)
    if ministry_key not in existing:
        db.session.add(Agency(name=ministry_key[0], kind="ministry", province_code=None))
    return by_name


def _event(organiser: User) -> Event:
    event = db.session.execute(db.select(Event).where(Event.slug == SLUG)).scalar_one_or_none()
    if event is not None:
        return event
    event = Event(
        slug=SLUG, title=TITLE, timezone=TZ, status="published", created_by_id=organiser.id,
        description=("Lokakarya virtual bagi Dinas Dukcapil, DPMPTSP dan Biro Organisasi "
                     "Sekretariat Daerah provinsi di Sumatera dan Jawa tentang penerapan "
                     "standar pelayanan publik."),
        organiser_unit="Kedeputian Bidang Pelayanan Publik, Kementerian PANRB",
        contact_email=ORGANISER.email,
        registration_opens_at=localize(datetime(2020, 10, 26, 8, 0), TZ),  # noqa: DTZ001
        registration_closes_at=localize(datetime(2020, 11, 11, 23, 59), TZ),  # noqa: DTZ001
        capacity=120, quota_per_agency=5, quota_per_province=12, retention_days=3650,
    )
    event.invited = [InvitedProvince(province_code=code) for code in WILAYAH_I]
    for position, (start, end, title, description, speakers) in enumerate(AGENDA):
        event.sessions.append(EventSession(
            title=title, description=description, speakers=speakers,
            starts_at=_at(start), ends_at=_at(end), position=position,
        ))
    event.meetings.append(Meeting(provider="zoom", join_url="https://us02web.zoom.us/j/85120201112",
                                  meeting_code="851 2020 1112", passcode="WIL1"))
    db.session.add(event)
    return event


def seed() -> dict:
    """Add what is missing of the demo; returns counts of what the demo holds."""
    organiser = _account(ORGANISER)
    focal = _account(FOCAL_POINT)
    with (DATA / "demo-participants.csv").open(encoding="utf-8") as fh:
        people = list(csv.DictReader(fh))
    agencies = _agencies(people)
    db.session.flush()
    event = _event(organiser)
    db.session.flush()
    ensure_settings({event.id})
    known = set(db.session.execute(
        db.select(Registration.email).where(Registration.event_id == event.id)
    ).scalars())
    consented = localize(datetime(2020, 11, 2, 9, 0), TZ)  # noqa: DTZ001
    for person in people:
        email = person["email"].lower()  # as stored, so a rerun recognises everyone
        if email in known:
            continue
        db.session.add(Registration(
            event_id=event.id, agency_id=agencies[person["agency"]].id, name=person["name"],
            nip=clean_nip(person["nip"]), position=person["position"],
            email=email, phone=normalise_phone(person["phone"]),
            status="confirmed", consent_version=CONSENT_VERSION, consented_at=consented,
            created_at=consented, status_changed_at=consented,
        ))
    db.session.flush()
    from lokakarya.followup.demo import seed_followup

    seed_followup(event, organiser, focal)
    _account(ADMIN)
    _account(AGENCY_FOCAL_POINT, agencies)
    from lokakarya.demo.upcoming import add_directory, seed_upcoming

    added = add_directory()
    upcoming = seed_upcoming(organiser)
    db.session.flush()
    return {"event": event.slug, "sessions": len(event.sessions), "people": len(people),
            "organiser": organiser.email, "focal_point": focal.email, "upcoming": upcoming.slug,
            "agencies_added": added}

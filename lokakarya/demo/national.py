"""A national-scale demo: every province invited, and a realistic agency directory (each
province's and each regency's/city's Setda, DPMPTSP and Dukcapil: 38 + 514 = 552 governments,
1,656 agencies). Used by bench/page_weight.py and the page-weight test."""
from datetime import timedelta

from sqlalchemy import insert

from lokakarya.agencies.models import Agency
from lokakarya.events.models import Event, EventSession, InvitedProvince
from lokakarya.extensions import db
from lokakarya.regions.data_files import province_rows, regency_rows
from lokakarya.timeutil import now_utc

KINDS = (
    ("setda", "Sekretariat Daerah {place}"),
    ("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu {place}"),
    ("dukcapil", "Dinas Kependudukan dan Pencatatan Sipil {place}"),
)


def directory_rows(limit: int | None = None) -> list[dict]:
    """Agency rows (plain dicts, province by province, the province's own first), at most `limit`."""
    regencies: dict[str, list[dict]] = {}
    for regency in regency_rows():
        regencies.setdefault(regency["province_code"], []).append(regency)
    rows: list[dict] = []
    for province in province_rows():
        places = [(f"Provinsi {province['name']}", None)]
        places += [(r["name"], r["code"]) for r in regencies.get(province["code"], [])]
        for place, regency_code in places:
            for kind, pattern in KINDS:
                rows.append({"name": pattern.format(place=place), "kind": kind,
                             "province_code": province["code"], "regency_code": regency_code,
                             "approved": True, "created_at": now_utc()})
    return rows[:limit] if limit else rows


def add_directory(limit: int | None = None) -> int:
    """Insert the directory (one statement); returns the number of agencies added."""
    rows = directory_rows(limit)
    db.session.execute(insert(Agency), rows)
    return len(rows)


def add_national_event(slug: str, organiser_id: int, sessions: int = 6) -> Event:
    """A published event inviting all 38 provinces, registration open, starting in two weeks."""
    now = now_utc()
    event = Event(slug=slug, title="Lokakarya Nasional Penerapan Standar Pelayanan Publik",
                  timezone="Asia/Jakarta", status="published", created_by_id=organiser_id,
                  description="Lokakarya virtual bagi Setda, DPMPTSP dan Dinas Dukcapil seluruh provinsi, "
                              "kabupaten dan kota.",
                  organiser_unit="Kedeputian Bidang Pelayanan Publik, Kementerian PANRB",
                  contact_email="panitia@example.go.id", capacity=5000, quota_per_agency=5,
                  registration_opens_at=now - timedelta(days=1),
                  registration_closes_at=now + timedelta(days=13), allow_central_agencies=True)
    event.invited = [InvitedProvince(province_code=p["code"]) for p in province_rows()]
    start = (now + timedelta(days=14)).replace(hour=1, minute=30, second=0, microsecond=0)
    for i in range(sessions):
        begins = start + timedelta(minutes=90 * i)
        event.sessions.append(EventSession(
            title=f"Sesi {i + 1}: Standar pelayanan, informasi pelayanan, sarana dan prasarana",
            description="Permasalahan penerapan standar pelayanan publik di daerah dan rencana tindak lanjut.",
            speakers="Asisten Deputi Standardisasi Pelayanan Publik\nKepala Dinas Dukcapil Provinsi",
            starts_at=begins, ends_at=begins + timedelta(minutes=80), position=i))
    db.session.add(event)
    return event

"""The 2020 follow-up round of the demo workshop. Idempotent: nothing is added twice."""
from datetime import date, datetime

import sqlalchemy as sa

from lokakarya.agencies.models import Agency
from lokakarya.audit.services import record, snapshot
from lokakarya.auth.models import User
from lokakarya.events.models import Event
from lokakarya.extensions import db
from lokakarya.followup.models import ActionItem, ActionUpdate, FollowupRound, Issue, Submission
from lokakarya.followup.submissions import ITEM_FIELDS
from lokakarya.timeutil import localize

TZ = "Asia/Jakarta"
MINISTRY = "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"

# The problems the ministry named in the discussion session.
MINISTRY_ISSUES = (
    ("sistem_mekanisme_prosedur", "Standar pelayanan belum pasti: banyak unit belum menetapkan standar "
                                  "pelayanan sesuai Permenpan RB 15/2014."),
    ("produk_pelayanan", "Informasi pelayanan belum jelas dan belum dipublikasikan di tempat layanan maupun daring."),
    ("sarana_prasarana", "Sarana dan prasarana pelayanan belum memadai."),
    ("lainnya", "Pemanfaatan teknologi informasi dalam pelayanan masih lemah."),
)
BENGKULU_ISSUES = (
    ("dasar_hukum", "setda", "Kelengkapan regulasi: peraturan gubernur tentang standar pelayanan belum lengkap."),
    ("kompetensi_pelaksana", "setda", "Pengelolaan dan pengembangan pegawai pelaksana pelayanan belum terencana."),
    ("sarana_prasarana", "dpmptsp", "Sarana dan prasarana ruang pelayanan belum memadai."),
    ("lainnya", "dpmptsp", "Provinsi Bengkulu belum memiliki Mal Pelayanan Publik."),
)
# (province, agency kind, category, title, due, status, verification, progress, submission state)
OTHER_ITEMS = (
    ("32", "dpmptsp", "sistem_mekanisme_prosedur", "Menetapkan standar pelayanan perizinan berusaha",
     date(2021, 6, 30), "done", "pending", 100, "submitted"),
    ("18", "dukcapil", "produk_pelayanan", "Mempublikasikan informasi pelayanan adminduk di laman dinas",
     date(2021, 3, 31), "open", None, 0, "submitted"),
    ("36", "dpmptsp", "sarana_prasarana", "Membangun ruang layanan ramah disabilitas",
     date(2021, 12, 31), "blocked", None, 30, "submitted"),
    ("31", "dukcapil", "lainnya", "Integrasi layanan adminduk dengan aplikasi JAKI",
     date(2030, 12, 31), "in_progress", None, 40, "submitted"),
)


def _at(*parts) -> datetime:
    return localize(datetime(*parts), TZ)  # noqa: DTZ001  (made aware by localize)


def _agency(province_code: str | None, kind: str) -> Agency | None:
    query = sa.select(Agency).where(Agency.kind == kind)
    query = query.where(Agency.province_code == province_code) if province_code else query.where(
        Agency.name == MINISTRY)
    return db.session.execute(query.order_by(Agency.id)).scalars().first()


def _item(event: Event, actor: User, province: str | None, kind: str, agency: Agency | None, category: str,
          title: str, due: date, status: str = "open", verification: str | None = None, progress: int = 0,
          issues: list[Issue] = (), expected: str = "", description: str = "") -> ActionItem:
    item = ActionItem(event_id=event.id, kind=kind, province_code=province, agency_id=agency.id if agency else None,
                      category=category, title=title, description=description, expected_output=expected,
                      due_date=due, status=status, verification=verification, progress=progress, tracked=True,
                      created_by_id=actor.id, created_at=_at(2020, 11, 20, 10, 0), issues=list(issues))
    db.session.add(item)
    db.session.flush()
    entry = record(f"followup.{kind}_create", item, after=snapshot(item, ITEM_FIELDS), actor=actor)
    entry.created_at = item.created_at
    return item


def _update(item: ActionItem, author: User, when: datetime, note: str, progress: int, status: str | None,
            evidence_url: str = "") -> None:
    before = {"status": item.status, "progress": item.progress}
    db.session.add(ActionUpdate(item=item, author_id=author.id, created_at=when, note=note, progress=progress,
                                status=status, evidence_url=evidence_url))
    item.progress = progress
    if status:
        item.status = status
    db.session.flush()
    entry = record("followup.progress", item, before=before,
                   after={"status": item.status, "progress": progress, "note": note}, actor=author)
    entry.created_at = when


def seed_followup(event: Event, organiser: User, focal_point: User) -> None:
    if db.session.execute(sa.select(FollowupRound).where(FollowupRound.event_id == event.id)).first():
        return
    db.session.add(FollowupRound(event_id=event.id, deadline=_at(2020, 11, 30, 23, 59), opened_by_id=organiser.id,
                                 opened_at=_at(2020, 11, 13, 9, 0)))
    states = {code: "draft" for code in (p.province_code for p in event.invited)}
    ministry = _agency(None, "ministry")
    for category, text in MINISTRY_ISSUES:
        db.session.add(Issue(event_id=event.id, province_code=None, agency_id=ministry.id if ministry else None,
                             category=category, description=text, created_by_id=organiser.id))
    bengkulu = []
    for category, kind, text in BENGKULU_ISSUES:
        issue = Issue(event_id=event.id, province_code="17", agency_id=_agency("17", kind).id, category=category,
                      description=text, created_by_id=focal_point.id, created_at=_at(2020, 11, 25, 14, 0))
        db.session.add(issue)
        bengkulu.append(issue)
    db.session.flush()
    online = _item(
        event, focal_point, "17", "commitment", _agency("17", "dpmptsp"), "lainnya",
        "Pelayanan prima berbasis online melalui sistem terintegrasi", date(2021, 12, 31),
        issues=bengkulu[2:], expected="Aplikasi perizinan daring terintegrasi dan rancangan Mal Pelayanan Publik",
        description="Menyelenggarakan pelayanan prima berbasis daring melalui sistem yang terintegrasi antar "
                    "perangkat daerah, sebagai langkah menuju Mal Pelayanan Publik.")
    _update(online, focal_point, _at(2021, 3, 15, 10, 0), "Kajian kebutuhan sistem selesai; tim integrasi dibentuk.",
            25, "in_progress")
    _update(online, focal_point, _at(2021, 8, 2, 10, 0), "Modul perizinan daring diuji coba di DPMPTSP.", 60, None,
            "https://dpmptsp.bengkuluprov.example.go.id/uji-coba")
    _update(online, focal_point, _at(2022, 1, 20, 10, 0),
            "Integrasi dengan Dukcapil tertunda menunggu perjanjian kerja sama.", 70, None)
    standard = _item(event, focal_point, "17", "commitment", _agency("17", "setda"), "dasar_hukum",
                     "Menetapkan peraturan gubernur tentang standar pelayanan", date(2021, 6, 30),
                     issues=bengkulu[:1], expected="Peraturan Gubernur Bengkulu tentang standar pelayanan")
    _update(standard, focal_point, _at(2021, 6, 21, 9, 0), "Peraturan gubernur ditetapkan.", 100, "done",
            "https://jdih.bengkuluprov.example.go.id/pergub-standar-pelayanan")
    standard.verification = "verified"
    states["17"] = "submitted"
    _item(event, organiser, "17", "recommendation", _agency("17", "setda"), "kompetensi_pelaksana",
          "Menyusun rencana pengembangan kompetensi pelaksana pelayanan", date(2021, 9, 30), status="in_progress",
          progress=50)
    for code, kind, category, title, due, status, verification, progress, state in OTHER_ITEMS:
        _item(event, focal_point if code == "17" else organiser, code, "commitment", _agency(code, kind), category,
              title, due, status, verification, progress)
        states[code] = state
    states["12"] = "returned"
    _item(event, organiser, "15", "recommendation", _agency("15", "setda"), "sistem_mekanisme_prosedur",
          "Menetapkan standar pelayanan bagi seluruh perangkat daerah", date(2021, 12, 31))
    for code, state in states.items():
        db.session.add(Submission(
            event_id=event.id, province_code=code, state=state,
            submitted_at=_at(2020, 11, 27, 15, 0) if state != "draft" else None,
            return_comment="Mohon lengkapi target waktu dan instansi penanggung jawab." if state == "returned" else ""))
    db.session.flush()

"""The organiser's pages: upload → preview → review → apply, refusals, recap, marks, exports,
and the participant's self check-in."""
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from lokakarya.attendance.models import Attendance, AttendanceImport, NameDecision
from lokakarya.extensions import db as _db
from lokakarya.registration.models import Registration
from lokakarya.timeutil import now_utc
from tests.attendance.helpers import demo_event, registration_by_email, sample, zoom_text
from tests.conftest import login, strip_tags

SLUG = "standar-pelayanan-publik-wilayah-i-2020"
ORGANISER = ("organiser@lokakarya.example.go.id", "demo-organiser-2020")


@pytest.fixture
def organiser(client, demo):
    assert login(client, *ORGANISER).status_code == 302
    return client


def upload(client, data: bytes, name="zoom.csv", **fields):
    return client.post(f"/events/{SLUG}/attendance/import", data={
        "file": (io.BytesIO(data), name), "timezone": "Asia/Jakarta", "date_order": "", **fields,
    }, content_type="multipart/form-data")


def stored_counts(app):
    with app.app_context():
        return (_db.session.query(Attendance).count(), _db.session.query(AttendanceImport).count())


def test_upload_preview_review_and_apply(organiser, app):
    response = upload(organiser, sample("zoom-participants.csv"))
    assert response.status_code == 302
    preview_url = response.headers["Location"]
    page = strip_tags(organiser.get(preview_url).get_data(as_text=True))
    assert "Baris: 91" in page and "Jeffrey Erlan Muller" in page and "iPhone" in page
    assert "Zoom (rapat)" in page and "zoom_meeting" not in page  # the format in words
    assert stored_counts(app)[0] == 0  # nothing saved before the organiser says so
    with app.app_context():
        target = registration_by_email("sri.anggraini@dukcapil.bantenprov.example.go.id")
    decide = preview_url + "/decide"
    assert organiser.post(decide, data={"identity": "name:sri anggraini",
                                        "registration_id": str(target.id)}).status_code == 302
    assert organiser.post(decide, data={"identity": "name:iphone", "registration_id": "ignore"}).status_code == 302
    page = strip_tags(organiser.get(preview_url).get_data(as_text=True))
    assert "Diabaikan: 1" in page
    response = organiser.post(preview_url + "/apply")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/events/{SLUG}/attendance")
    with app.app_context():
        assert _db.session.query(NameDecision).count() == 2
        pending = _db.session.query(AttendanceImport).one()
        assert pending.status == "applied" and pending.content is None  # the file is not kept
        sri = registration_by_email("sri.anggraini@dukcapil.bantenprov.example.go.id")
        assert _db.session.query(Attendance).filter_by(registration_id=sri.id).count() == 5
    recap = strip_tags(organiser.get(f"/events/{SLUG}/attendance").get_data(as_text=True))
    assert "Peserta terkonfirmasi: 81" in recap
    assert "Bengkulu" in recap and "<svg" in organiser.get(f"/events/{SLUG}/attendance").get_data(as_text=True)
    # A second upload of the same file: the preview says nothing would change.
    again = upload(organiser, sample("zoom-participants.csv")).headers["Location"]
    page = strip_tags(organiser.get(again).get_data(as_text=True))
    assert "0 baru, 0 berubah, 0 dihapus" in page
    # A third upload replaces the second, never applied: unapplied files are not hoarded.
    upload(organiser, sample("zoom-participants.csv"))
    with app.app_context():
        assert _db.session.query(AttendanceImport).filter_by(status="pending").count() == 1


@pytest.mark.parametrize(("data", "message"), [
    (b"", "Berkas kosong"),
    (bytes(range(256)) * 100, "bukan teks CSV"),
    (b"Nama,Instansi\nSri,Dukcapil\n", "Format laporan tidak dikenali"),
    (sample("teams-attendance.csv")[:5001], "terpotong"),
    (b"Name,Email,Join Time,Leave Time\nA,a@x.go.id,11/12/2020 08:30,besok\n", "Baris 2: Waktu tidak dapat dibaca"),
])
def test_unreadable_files_are_refused_and_nothing_is_stored(organiser, app, data, message):
    response = upload(organiser, data)
    assert response.status_code == 422
    assert message in strip_tags(response.get_data(as_text=True))
    assert stored_counts(app) == (0, 0)


def test_a_20_mb_file_is_refused_clearly(organiser, app):
    text = zoom_text()
    data = (text * (20 * 1024 * 1024 // len(text) + 1)).encode()[:20 * 1024 * 1024]
    response = upload(organiser, data)
    assert response.status_code == 422
    assert "Berkas terlalu besar" in strip_tags(response.get_data(as_text=True))
    assert stored_counts(app) == (0, 0)


def test_ambiguous_date_order_asks_the_organiser(organiser, app):
    with app.app_context():
        event = demo_event()
        for session in event.sessions:  # move the event so 11/12 no longer settles the order
            session.starts_at += timedelta(days=400)
            session.ends_at += timedelta(days=400)
        _db.session.commit()
    response = upload(organiser, sample("zoom-participants.csv"))
    assert response.status_code == 422
    assert "Urutan tanggal tidak dapat ditentukan" in strip_tags(response.get_data(as_text=True))
    assert upload(organiser, sample("zoom-participants.csv"), date_order="mdy").status_code == 302


def test_english_messages(organiser):
    response = organiser.post(f"/events/{SLUG}/attendance/import?lang=en", data={
        "file": (io.BytesIO(b""), "x.csv"), "timezone": "Asia/Jakarta"}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "The file is empty" in strip_tags(response.get_data(as_text=True))


def test_manual_mark_and_daftar_hadir_exports(organiser, app):
    upload_url = upload(organiser, sample("zoom-participants.csv")).headers["Location"]
    organiser.post(upload_url + "/apply")
    with app.app_context():
        event = demo_event()
        second = event.sessions[1]
        person = registration_by_email("taufik.lestari@dpmptsp.jogjaprov.example.go.id")
        session_id, person_id = second.id, person.id
    response = organiser.post(f"/events/{SLUG}/attendance/sessions/{session_id}/mark/{person_id}",
                              data={"status": "excused", "note": "Tugas dinas"})
    assert response.status_code == 302
    pages = "".join(organiser.get(f"/events/{SLUG}/attendance/sessions/{session_id}?page={n}").get_data(as_text=True)
                    for n in (1, 2))
    assert 'value="Tugas dinas"' in pages

    xlsx = organiser.get(f"/events/{SLUG}/attendance/daftar-hadir.xlsx?session={session_id}")
    assert xlsx.status_code == 200 and "sesi-2" in xlsx.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    rows = {r[1]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["Taufik Lestari"][6] == "Izin"
    assert rows["Sri Siregar"][3] in ("Lampung", "Banten")
    whole = load_workbook(io.BytesIO(organiser.get(f"/events/{SLUG}/attendance/daftar-hadir.xlsx").data)).active
    assert whole.max_row == 2 + 81
    pdf = organiser.get(f"/events/{SLUG}/attendance/daftar-hadir.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_organiser_pages_are_for_organisers_only(client, demo, login_as):
    assert client.get(f"/events/{SLUG}/attendance").status_code in (302, 401)
    login_as("province_focal_point", province_code="17")
    assert client.get(f"/events/{SLUG}/attendance").status_code == 403
    assert client.get(f"/events/{SLUG}/attendance/daftar-hadir.xlsx").status_code == 403


def _start_now(app, code=""):
    """Move the demo's second session to now, and set its check-in code."""
    from lokakarya.attendance.services import rule_for

    with app.app_context():
        event = demo_event()
        session = event.sessions[1]
        session.starts_at = now_utc() - timedelta(minutes=5)
        session.ends_at = now_utc() + timedelta(minutes=60)
        rule_for(session).checkin_code = code
        person = registration_by_email("sri.siregar@dukcapil.lampungprov.example.go.id")
        _db.session.commit()
        return session.id, person.token, person.id


def test_self_checkin_with_session_code(client, app, demo):
    session_id, token, person_id = _start_now(app, code="MERAH7")
    page = client.get(f"/r/{token}").get_data(as_text=True)
    assert "Saya hadir" in page and "Kode sesi" in page
    wrong = client.post(f"/r/{token}/checkin/{session_id}", data={"code": "biru"}, follow_redirects=True)
    assert "Kode sesi salah" in wrong.get_data(as_text=True)
    ok = client.post(f"/r/{token}/checkin/{session_id}", data={"code": "merah7"}, follow_redirects=True)
    assert "tercatat" in ok.get_data(as_text=True)
    with app.app_context():
        assert _db.session.query(Attendance).filter_by(registration_id=person_id, source="checkin").count() == 1


def test_checkin_outside_the_session_is_refused(client, app, demo):
    with app.app_context():
        person = registration_by_email("sri.siregar@dukcapil.lampungprov.example.go.id")
        token, session_id = person.token, demo_event().sessions[0].id
    page = client.get(f"/r/{token}").get_data(as_text=True)
    assert "Saya hadir" not in page  # the 2020 sessions are long over
    response = client.post(f"/r/{token}/checkin/{session_id}", data={}, follow_redirects=True)
    assert "hanya dibuka selama sesi" in response.get_data(as_text=True)
    with app.app_context():
        assert _db.session.query(Attendance).count() == 0


def test_recap_and_certificates_pages_run_a_fixed_number_of_statements(organiser, app, query_counter):
    from lokakarya.attendance.services import record_join

    urls = [f"/events/{SLUG}/attendance", f"/events/{SLUG}/certificates",
            f"/events/{SLUG}/attendance/sessions/0",
            f"/events/{SLUG}/attendance?status=hadir&province_code=18&page=2",
            f"/events/{SLUG}/certificates?status=hadir&page=2"]

    def counts():
        with app.app_context():
            urls[2] = f"/events/{SLUG}/attendance/sessions/{demo_event().sessions[1].id}"
        found = []
        for url in urls:
            with query_counter() as n:
                assert organiser.get(url).status_code == 200
            found.append(n[0])
        return found

    small = counts()
    with app.app_context():  # 40 more people, and everyone joined every session
        event = demo_event()
        for n in range(40):
            _db.session.add(Registration(event_id=event.id, name=f"Peserta {n}", email=f"p{n}@x.go.id",
                                         status="confirmed"))
        _db.session.flush()
        for reg in _db.session.execute(_db.select(Registration)).scalars():
            for session in event.sessions:
                record_join(reg, session, at=session.starts_at)
        _db.session.commit()
    assert counts() == small


def test_session_list_summary_and_pages_of_fifty(organiser, app):
    from lokakarya.attendance.recap import build_recap, each_person, session_rules

    upload_url = upload(organiser, sample("zoom-participants.csv")).headers["Location"]
    organiser.post(upload_url + "/apply")
    with app.app_context():
        event = demo_event()
        session_id = event.sessions[1].id
        recap = build_recap(event)
        by_name = [p.registration for p in each_person(event, session_rules(event))]  # by name
        present, everyone = recap.present_by_session[session_id], recap.confirmed
        last = by_name[-1]
        last_id, last_name = last.id, last.name
    url = f"/events/{SLUG}/attendance/sessions/{session_id}"
    first = organiser.get(url).get_data(as_text=True)
    second = organiser.get(url + "?page=2").get_data(as_text=True)
    assert first.count('<tr id="r') == 50 and second.count('<tr id="r') == everyone - 50 == 31
    assert f'id="r{by_name[50].id}"' in second and f'id="r{by_name[50].id}"' not in first
    # The summary counts everyone at the session, whichever page is shown.
    summary = strip_tags(second.split('data-testid="session-summary">')[1].split("</p>")[0])
    assert f"Peserta terkonfirmasi: {everyone}" in summary and f"Hadir: {present} (" in summary
    english = strip_tags(organiser.get(url + "?page=2&lang=en").get_data(as_text=True))
    assert f"Rows 51–{everyone} of {everyone} · page 2 of 2" in english and f"Present: {present} (" in english
    # A mark made on page 2 goes back to page 2.
    response = organiser.post(f"{url}/mark/{last_id}", data={"status": "present", "note": "", "page": "2"})
    assert response.location.endswith(f"{url}?page=2#r{last_id}")
    assert last_name in organiser.get(url + "?page=2").get_data(as_text=True)


def _totals(client, query="") -> dict[str, int]:
    import re

    html = client.get(f"/events/{SLUG}/attendance{query}").get_data(as_text=True)
    text = strip_tags(html.split('data-testid="totals">')[1].split("</p>")[0])
    found = re.search(r"Hadir: (\d+) · Hadir sebagian: (\d+) · Tidak hadir: (\d+)", text)
    return dict(zip(("hadir", "sebagian", "tidak_hadir"), map(int, found.groups()), strict=True))


def _listed(client, query: str) -> tuple[int, list[str]]:
    """The list's total and the rows of the page asked for (their cells' text)."""
    html = client.get(f"/events/{SLUG}/attendance{query}").get_data(as_text=True)
    total = int(strip_tags(html.split('data-testid="people-total">')[1].split("</p>")[0]).split()[0])
    table = html.split('data-testid="people">')[1].split("</table>")[0]
    return total, [strip_tags(row) for row in table.split('<tr id="r')[1:]]


def test_recap_counts_and_lists_people_by_status_and_province(organiser, app):
    upload_url = upload(organiser, sample("zoom-participants.csv")).headers["Location"]
    organiser.post(upload_url + "/apply")
    totals = _totals(organiser)
    assert sum(totals.values()) == 81 and totals["hadir"] > 40 and totals["sebagian"] > 0
    assert _listed(organiser, "")[0] == 81
    assert len(_listed(organiser, "?page=2")[1]) == 31
    labels = {"hadir": "Hadir", "sebagian": "Hadir sebagian", "tidak_hadir": "Tidak hadir"}
    for status, label in labels.items():
        total, rows = _listed(organiser, f"?status={status}")
        assert total == totals[status] and len(rows) == min(total, 50)
        assert all(row.strip().endswith(label) and (status == "sebagian" or "sebagian" not in row) for row in rows)
    with app.app_context():
        lampung = registration_by_email("sri.siregar@dukcapil.lampungprov.example.go.id").agency.province
        code, name = lampung.code, lampung.name
    total, rows = _listed(organiser, f"?province_code={code}")
    html = organiser.get(f"/events/{SLUG}/attendance").get_data(as_text=True)
    assert f"<tr><td>{name}</td><td>{total}</td>" in html.split('data-testid="provinces"')[1]
    assert rows and all(name in row for row in rows)


def test_mandatory_sessions_recount_everyone(organiser, app):
    from lokakarya.attendance.recap import each_person, session_rules

    upload_url = upload(organiser, sample("zoom-participants.csv")).headers["Location"]
    organiser.post(upload_url + "/apply")
    before = _totals(organiser)
    with app.app_context():
        event = demo_event()
        second = event.sessions[1].id
        form = {f"code-{s.id}": "" for s in event.sessions}
    assert organiser.post(f"/events/{SLUG}/attendance/rules",
                          data={**form, f"mandatory-{second}": "on"}).status_code == 302
    with app.app_context():
        event = demo_event()
        people = list(each_person(event, session_rules(event)))
        expected = {state: sum(1 for p in people if p.status == state) for state in before}
    assert expected != before  # the rule made a difference
    assert _totals(organiser) == expected
    organiser.post(f"/events/{SLUG}/attendance/rules", data=form)
    assert _totals(organiser) == before

"""The attendance API: import a report, read everyone's attendance; organisers only."""
import io

from lokakarya.extensions import db as _db
from lokakarya.registration.models import Registration
from tests.attendance.helpers import demo_event, registration_by_email, sample

SLUG = "standar-pelayanan-publik-wilayah-i-2020"
URL = f"/api/v1/events/{SLUG}/attendance"


def post_report(client, token, data, **fields):
    return client.post(URL + "/imports", headers={"Authorization": f"Bearer {token}"},
                       data={"file": (io.BytesIO(data), "report.csv"), **fields},
                       content_type="multipart/form-data")


def test_import_then_summary(client, demo, api_token, app):
    _, token = api_token("organiser")
    response = post_report(client, token, sample("teams-attendance.csv"))
    assert response.status_code == 201, response.json
    body = response.json
    assert body["format"] == "teams" and body["rows"] == 91
    assert body["matched"] + body["unmatched"] == 91
    assert [s["participants"] > 0 for s in body["sessions"]] == [True] * 5
    again = post_report(client, token, sample("teams-attendance.csv")).json
    assert again["changes"] == {"new": 0, "changed": 0, "removed": 0, "unchanged": body["changes"]["new"]}

    summary = client.get(URL, headers={"Authorization": f"Bearer {token}"})
    assert summary.status_code == 200
    with app.app_context():
        event = demo_event()
        sri = registration_by_email("sri.siregar@dukcapil.lampungprov.example.go.id")
        ids = [str(s.id) for s in event.sessions]
    (row,) = [r for r in summary.json["data"] if r["registration_id"] == sri.id]
    assert [row["minutes"][i] for i in ids] == [29, 90, 69, 90, 27]
    assert row["status"] == "hadir" and row["eligible"] is True
    assert len(summary.json["data"]) == 81


def test_refusals(client, demo, api_token, app):
    _, token = api_token("organiser")
    broken = post_report(client, token, sample("teams-attendance.csv")[:3001])
    assert broken.status_code == 422 and "Line" in broken.json["error"]["fields"]["file"]
    assert post_report(client, token, b"x", date_order="ydm").json["error"]["fields"]["date_order"]
    missing = client.post(URL + "/imports", headers={"Authorization": f"Bearer {token}"})
    assert missing.status_code == 422 and "file" in missing.json["error"]["fields"]
    _, focal = api_token("province_focal_point", province_code="17")
    assert post_report(client, focal, sample("zoom-participants.csv")).status_code == 403
    assert client.get(URL).status_code == 401
    assert client.get("/api/v1/events/nope/attendance", headers={"Authorization": f"Bearer {token}"}
                      ).status_code == 404
    with app.app_context():
        from lokakarya.attendance.models import Attendance
        assert _db.session.query(Attendance).count() == 0


def test_summary_runs_a_fixed_number_of_statements(client, demo, api_token, app, query_counter):
    _, token = api_token("organiser")
    headers = {"Authorization": f"Bearer {token}"}
    with query_counter() as small:
        assert client.get(URL, headers=headers).status_code == 200
    post_report(client, token, sample("zoom-participants.csv"))
    with app.app_context():  # more people: 40 extra confirmed registrations
        event = demo_event()
        for n in range(40):
            _db.session.add(Registration(event_id=event.id, name=f"Peserta {n}", email=f"p{n}@x.go.id",
                                         status="confirmed"))
        _db.session.commit()
    with query_counter() as large:
        response = client.get(URL, headers=headers)
    assert len(response.json["data"]) == 100 and response.json["meta"] == {"total": 121, "limit": 100, "offset": 0}
    assert large[0] == small[0]


def test_summary_pages_through_everyone_by_name(client, demo, api_token, app):
    _, token = api_token("organiser")
    headers = {"Authorization": f"Bearer {token}"}
    post_report(client, token, sample("zoom-participants.csv"))
    full = client.get(URL + "?limit=500", headers=headers).json
    assert full["meta"] == {"total": 81, "limit": 500, "offset": 0} and len(full["data"]) == 81
    pages = [client.get(f"{URL}?limit=30&offset={offset}", headers=headers).json for offset in (0, 30, 60)]
    assert [len(p["data"]) for p in pages] == [30, 30, 21]
    # The pages together are the whole list, in the same order, with the same attendance.
    assert [row for p in pages for row in p["data"]] == full["data"]
    too_many = client.get(URL + "?limit=501", headers=headers)
    assert too_many.status_code == 422 and "limit" in too_many.json["error"]["fields"]

"""Conditional GETs of every calendar: a current copy costs one or two statements and no body;
every change a subscriber would see gives the full, new calendar again."""
from datetime import timedelta

import icalendar
import pytest
import sqlalchemy as sa
from werkzeug.http import http_date

from lokakarya.auth.models import User
from lokakarya.events import changes
from lokakarya.events.models import Event, EventSession, Meeting
from lokakarya.extensions import db
from lokakarya.ical.feed_tokens import organiser_feed_token
from lokakarya.registration import services as registration_services
from lokakarya.registration.models import Registration
from lokakarya.timeutil import now_utc
from tests.events.factories import make_event, make_registration

LONG_AGO = now_utc().replace(microsecond=0) - timedelta(hours=3)
FEEDS = ("public", "session", "personal", "pending", "organiser")
DATED = ("public", "session", "personal", "pending")  # the organiser feed sends no Last-Modified


@pytest.fixture
def feeds(app, make_user):
    """An event of one organiser: two parallel sessions (reorderable), a cancelled one with its
    own meeting, an event-wide meeting; a confirmed and a pending registration. Every timestamp
    is hours old, as a calendar polled long after the last change sees it."""
    organiser = make_user("organiser", email="penyelenggara@example.go.id")
    with app.app_context():
        event = make_event(slug="bersyarat", sessions=3, created_by_id=organiser.id)
        first, second, dropped = event.sessions
        second.starts_at, second.ends_at = first.starts_at, first.ends_at
        dropped.status = "cancelled"
        event.meetings.append(Meeting(provider="zoom", session=dropped, passcode="lama-123",
                                      join_url="https://us02web.zoom.us/j/81111111111"))
        confirmed = make_registration(event, "confirmed", n=1)
        pending = make_registration(event, "pending", n=2)
        db.session.flush()
        db.session.execute(db.update(Event).values(updated_at=LONG_AGO))
        db.session.execute(db.update(EventSession).values(updated_at=LONG_AGO))
        db.session.execute(db.update(Registration).values(status_changed_at=LONG_AGO))
        db.session.commit()
        feed_token = organiser_feed_token(db.session.get(User, organiser.id))
        return {
            "event": event.id, "sessions": [first.id, second.id, dropped.id], "organiser": organiser.id,
            "confirmed": confirmed.id, "pending": pending.id,
            "paths": {
                "public": "/events/bersyarat/calendar.ics",
                "session": f"/events/bersyarat/sessions/{first.id}.ics",
                "personal": f"/r/{confirmed.token}/calendar.ics",
                "pending": f"/r/{pending.token}/calendar.ics",
                "organiser": f"/organiser/{feed_token}/calendar.ics",
            },
        }


def summaries(body: bytes) -> list[str]:
    return [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")]


def statements(query_counter, client, path, **headers):
    with query_counter() as n:
        response = client.get(path, headers=headers)
    return response, n[0]


@pytest.mark.parametrize("feed", FEEDS)
def test_a_current_copy_is_answered_304_with_one_or_two_statements(client, feeds, query_counter, feed):
    path = feeds["paths"][feed]
    full, full_statements = statements(query_counter, client, path)
    assert full.status_code == 200 and b"BEGIN:VCALENDAR" in full.data
    etag = full.headers["ETag"]

    again, conditional_statements = statements(query_counter, client, path, **{"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == full.headers["Cache-Control"]
    assert conditional_statements < full_statements
    assert conditional_statements <= (2 if feed == "organiser" else 1)

    # Among several validators, one current one is enough; others are compared weakly (RFC 9110).
    assert client.get(path, headers={"If-None-Match": f'"alt", W/{etag}'}).status_code == 304
    assert client.get(path, headers={"If-None-Match": "*"}).status_code == 304


@pytest.mark.parametrize("feed", DATED)
def test_if_modified_since_the_last_change(client, feeds, feed):
    path = feeds["paths"][feed]
    full = client.get(path)
    assert full.headers["Last-Modified"] == http_date(LONG_AGO)
    assert client.get(path, headers={"If-Modified-Since": full.headers["Last-Modified"]}).status_code == 304
    earlier = http_date(LONG_AGO - timedelta(seconds=1))
    again = client.get(path, headers={"If-Modified-Since": earlier})
    assert again.status_code == 200 and again.data == full.data


def test_the_organiser_feed_has_no_last_modified(client, feeds):
    """A change of role changes its events without a timestamp: the ETag alone decides."""
    assert "Last-Modified" not in client.get(feeds["paths"]["organiser"]).headers


@pytest.mark.parametrize("feed", FEEDS)
@pytest.mark.parametrize("validator", ['"not-this-one"', 'W/"0"', "", "nonsense"])
def test_a_wrong_validator_gets_the_whole_calendar(client, feeds, feed, validator):
    path = feeds["paths"][feed]
    full = client.get(path)
    response = client.get(path, headers={"If-None-Match": validator,
                                         "If-Modified-Since": "not a date"})
    assert response.status_code == 200 and response.data == full.data


@pytest.mark.parametrize("feed", FEEDS)
def test_the_same_version_is_the_same_calendar(client, feeds, feed):
    """DTSTAMP is the time of the last change, not of the request: a strong ETag is honest."""
    path = feeds["paths"][feed]
    first = client.get(path)
    stamps = {e["DTSTAMP"].dt for e in icalendar.Calendar.from_ical(first.data).walk("VEVENT")}
    assert stamps == {LONG_AGO}
    second = client.get(path)
    assert first.data == second.data and first.headers["ETag"] == second.headers["ETag"]


# --- every change a subscriber would see --------------------------------------------------

def _event():
    return db.session.get(Event, db.session.execute(db.select(Event.id).where(Event.slug == "bersyarat")).scalar())


def _session(index: int) -> EventSession:
    return sorted(_event().sessions, key=lambda s: s.id)[index]


def retitle(ids):
    changes.change_session(_event(), _session(0), {"title": "Sesi Pembuka Baru"}, None, None,
                           meeting_given=False)


def describe(ids):
    # Not "noticeable" (no SEQUENCE, no update mail), yet every calendar shows it.
    changes.change_session(_event(), _session(0), {"description": "Ruang diskusi dipindah"}, None, None,
                           meeting_given=False)


def reschedule(ids):
    session = _session(0)
    changes.change_session(_event(), session, {"starts_at": session.starts_at + timedelta(days=1),
                                               "ends_at": session.ends_at + timedelta(days=1)}, None, None,
                           meeting_given=False)


def reorder(ids):
    from lokakarya.events.services import move_session

    assert move_session(_session(1), -1)


def cancel(ids):
    assert changes.cancel_session(_event(), _session(0), None)


def add_session(ids):
    event = _event()
    start = event.sessions[0].starts_at + timedelta(days=2)
    changes.add_session(event, {"title": "Sesi Tambahan", "starts_at": start,
                                "ends_at": start + timedelta(hours=1)}, None, None)


def meeting_link(ids):
    changes.change_meeting(_event(), _session(0), {"join_url": "https://meet.google.com/abc-defg-hij",
                                                   "passcode": "kode-baru-77"}, None)


def meeting_of_cancelled_session(ids):
    changes.change_meeting(_event(), _session(2), {"join_url": "https://us02web.zoom.us/j/82222222222",
                                                   "passcode": "kode-batal-88"}, None)


def meeting_removed(ids):
    changes.change_meeting(_event(), None, None, None)


def retitle_event(ids):
    changes.change_event(_event(), {"title": "Lokakarya Berganti Nama"}, None)


def organiser_unit(ids):
    changes.change_event(_event(), {"organiser_unit": "Direktorat Baru"}, None)


def cancel_event(ids):
    changes.change_event(_event(), {"status": "cancelled"}, None)


def new_event(ids):
    event = changes.create_event({"title": "Acara Kedua", "status": "published"},
                                 db.session.get(User, ids["organiser"]))
    start = now_utc() + timedelta(days=9)
    changes.add_session(event, {"title": "Sesi Acara Kedua", "starts_at": start,
                                "ends_at": start + timedelta(hours=1)}, None, None)


def promote_to_admin(ids):
    # Another organiser's event, unchanged for hours: not in this organiser's feed until they
    # become an admin, and then nothing newer than before is in it.
    other = make_event(slug="acara-lain", sessions=1, title="Acara Lain")
    other.sessions[0].title = "Sesi Acara Lain"
    db.session.flush()
    other.updated_at = other.sessions[0].updated_at = LONG_AGO - timedelta(days=1)
    db.session.get(User, ids["organiser"]).role = "admin"


def confirm(ids):
    registration_services.approve(db.session.get(Registration, ids["pending"]))


def cancel_registration(ids):
    registration_services.cancel(db.session.get(Registration, ids["confirmed"]))


def has(text: str):
    return lambda body: text.encode() in body.replace(b"\r\n ", b"")  # unfolded


def first_two(order: list[str]):
    return lambda body: summaries(body)[:2] == order


def cancelled(summary: str):
    return lambda body: any(str(e["SUMMARY"]) == summary and str(e["STATUS"]) == "CANCELLED"
                            for e in icalendar.Calendar.from_ical(body).walk("VEVENT"))


def all_cancelled(body: bytes) -> bool:
    return body.count(b"STATUS:CANCELLED") == len(summaries(body)) > 0


def empty(body: bytes) -> bool:
    return summaries(body) == []


DTSTART_MOVED = has("DTSTART;TZID=Asia/Jakarta:20300306T090000")
# (change, what shows it, feeds that show it)
CHANGES = [
    (retitle, has("SUMMARY:Sesi Pembuka Baru"), FEEDS),
    (describe, has("Ruang diskusi dipindah"), FEEDS),
    (reschedule, DTSTART_MOVED, FEEDS),
    (reorder, first_two(["Sesi 2", "Sesi 1"]), ("public", "personal", "pending", "organiser")),
    (cancel, cancelled("Sesi 1"), FEEDS),
    (add_session, has("SUMMARY:Sesi Tambahan"), ("public", "personal", "pending", "organiser")),
    (meeting_link, has("kode-baru-77"), ("personal", "organiser")),
    (meeting_of_cancelled_session, has("kode-batal-88"), ("organiser",)),
    (meeting_removed, lambda body: b"/join/" not in body, ("personal",)),
    (retitle_event, has("Lokakarya Berganti Nama"), ("public", "session", "personal", "pending")),
    (organiser_unit, has("Direktorat Baru"), ("public", "session")),
    (cancel_event, all_cancelled, ("public", "session", "personal", "pending")),
    (cancel_event, empty, ("organiser",)),  # the organisers' feed leaves cancelled events out
    (new_event, has("SUMMARY:Sesi Acara Kedua"), ("organiser",)),
    (promote_to_admin, has("SUMMARY:Sesi Acara Lain"), ("organiser",)),
    (confirm, has("/join/"), ("pending",)),
    (cancel_registration, empty, ("personal",)),
]
CASES = [(change, shows, feed) for change, shows, feeds_ in CHANGES for feed in feeds_]


@pytest.mark.parametrize(("change", "shows", "feed"), CASES,
                         ids=[f"{c.__name__}-{f}" for c, _, f in CASES])
def test_every_change_gives_the_new_calendar(app, client, feeds, change, shows, feed):
    path = feeds["paths"][feed]
    before = client.get(path)
    assert not shows(before.data)
    with app.app_context():
        change(feeds)
        db.session.commit()

    after = client.get(path, headers={"If-None-Match": before.headers["ETag"],
                                      **({"If-Modified-Since": before.headers["Last-Modified"]}
                                         if "Last-Modified" in before.headers else {})})
    assert after.status_code == 200
    assert shows(after.data)
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.data == client.get(path).data  # the new version, served again, is the same
    # DTSTAMP moves forward with the change, so calendars that compare it take the update
    # (a new admin sees other events as they were: nothing in them changed).
    stamps = [e["DTSTAMP"].dt for e in icalendar.Calendar.from_ical(after.data).walk("VEVENT")]
    assert all(stamp > LONG_AGO for stamp in stamps) or change is promote_to_admin
    # Only If-Modified-Since (some calendar apps send nothing else): the change is newer.
    if "Last-Modified" in before.headers:
        only_date = client.get(path, headers={"If-Modified-Since": before.headers["Last-Modified"]})
        assert only_date.status_code == 200 and shows(only_date.data)


@pytest.mark.parametrize(("feed", "english"), [
    ("public", "Speakers: Narasumber A"), ("session", "Speakers: Narasumber A"),
    ("personal", "Join: http://lokakarya.test/r/"), ("organiser", "Events I manage"),
])
def test_switching_the_language_gives_the_translated_calendar(client, feeds, feed, english):
    path = feeds["paths"][feed]
    before = client.get(path)
    assert english.encode() not in before.data
    client.get("/lang/en")
    after = client.get(path, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and english.encode() in after.data.replace(b"\r\n ", b"")
    assert "Cookie" in after.headers.get("Vary", "")  # a cache keeps one copy per language


@pytest.mark.parametrize("path", ["/events/nothing/calendar.ics", "/events/bersyarat/sessions/99999.ics",
                                  "/r/not-a-token/calendar.ics", "/organiser/not-a-token/calendar.ics"])
def test_unknown_calendars_stay_404_whatever_the_validator(client, feeds, path):
    response = client.get(path, headers={"If-None-Match": "*"})
    assert response.status_code == 404 and "ETag" not in response.headers


def test_an_anonymised_registration_has_no_feed_any_more(app, client, feeds):
    path = feeds["paths"]["personal"]
    etag = client.get(path).headers["ETag"]
    with app.app_context():
        db.session.get(Registration, feeds["confirmed"]).anonymised_at = now_utc()
        db.session.commit()
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 404


def test_a_draft_calendar_gets_no_validator(app, client, feeds, login_as):
    with app.app_context():
        _event().status = "draft"
        db.session.commit()
    assert client.get(feeds["paths"]["public"]).status_code == 404
    login_as("organiser")
    response = client.get(feeds["paths"]["public"], headers={"If-None-Match": "*"})
    assert response.status_code == 200 and "ETag" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_a_get_never_writes(app, client, feeds):
    """Neither the full nor the conditional answer writes (a poll every few minutes)."""
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def remember(_conn, _cursor, statement, *_args):
        seen.append(statement.split(None, 1)[0].upper())

    sa.event.listen(engine, "before_cursor_execute", remember)
    try:
        for path in feeds["paths"].values():
            client.get(path, headers={"If-None-Match": client.get(path).headers["ETag"]})
    finally:
        sa.event.remove(engine, "before_cursor_execute", remember)
    assert seen and set(seen) == {"SELECT"}, seen

"""lokakarya/vc/bbb.py against the strict BigBlueButton server of tests/vc/bbb_server.py."""
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from lokakarya.vc import bbb
from lokakarya.vc.provider import MeetingSpec, MeetingView, ProviderError, Registrant, ReportNotReady
from tests.vc.bbb_server import BbbServer

# Tomorrow, so that the real clock is before the end of every meeting here until the test says it ended.
START = (datetime.now(UTC) + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)


@pytest.fixture
def server():
    with BbbServer() as running:
        yield running


def config_for(server, **overrides):
    config = {"BBB_URL": server.url, "BBB_SECRET": server.secret, "SECRET_KEY": "k" * 32,
              "BASE_URL": "http://lokakarya.test", "VC_TIMEOUT": 2}
    config.update(overrides)
    return config


def view(external_id, extra=None, starts=START, minutes=90):
    return MeetingView(key="lokakarya-m1", external_id=external_id, join_url="", title="Sesi Pleno: SPP",
                       starts_at=starts, ends_at=starts + timedelta(minutes=minutes), extra=extra or {})


def spec():
    return MeetingSpec(key="lokakarya-m1", title="Sesi Pleno: SPP", starts_at=START, duration_minutes=90,
                       timezone="Asia/Jakarta")


def test_create_fixes_the_id_and_checks_the_secret_without_creating(server):
    made = bbb.create(config_for(server), spec())
    assert made.external_id.startswith("lokakarya-m1-") and len(made.external_id) > len("lokakarya-m1-") + 12
    assert server.meetings == {}
    assert [c for c, _ in server.calls] == ["isMeetingRunning"]
    assert server.secret not in made.join_url


@pytest.mark.parametrize("algorithm", ["sha1", "sha256"])
def test_watch_creates_ahead_of_the_join_window_and_again_idempotently(server, algorithm):
    config = config_for(server, BBB_CHECKSUM=algorithm)
    meeting = view("m-abc")
    assert bbb.watch(config, meeting, START - timedelta(minutes=46))["seen"] == {}
    assert server.calls_named("create") == []
    assert not bbb.room_ready(meeting)
    # A quarter of an hour before the join link opens (30 minutes before the start).
    data = bbb.watch(config, meeting, START - timedelta(minutes=44))
    assert bbb.room_ready(view("m-abc", data))
    data = bbb.watch(config, view("m-abc", data), START - timedelta(minutes=28))
    creates = server.calls_named("create")
    assert len(creates) == 2 and creates[0]["name"] == "Sesi Pleno: SPP" and creates[0]["meetingID"] == "m-abc"
    # Kept though nobody joins until the session's end (44 + 90 minutes away), not BBB's 5 minutes.
    assert creates[0]["meetingExpireIfNoUserJoinedInMinutes"] == "135"
    assert creates[1]["meetingExpireIfNoUserJoinedInMinutes"] == "119"
    callback = creates[0]["meta_endCallbackUrl"]
    assert callback.startswith("http://lokakarya.test/vc/bbb/m-abc/ended?token=")
    assert server.secret not in callback
    assert "m-abc" in server.meetings and server.refused == []


def test_personal_join_signed_with_name_and_userid(server):
    config = config_for(server)
    bbb.watch(config, view("m-1"), START)
    url = bbb.personal_join_url(config, view("m-1"), Registrant(key="42", name="Siti  Rahayu", email="s@x.go.id",
                                                                 agency="Dukcapil"))
    answer = requests.get(url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    joined = server.calls_named("join")[-1]
    assert joined == {"fullName": "Siti Rahayu", "meetingID": "m-1", "role": "VIEWER", "userID": "42",
                      "redirect": "true"}
    person = server.enter(answer.headers["Location"])
    assert (person.user_id, person.role) == ("42", "VIEWER")
    tampered = url.replace("userID=42", "userID=43")
    assert requests.get(tampered, allow_redirects=False, timeout=5).status_code == 200  # XML FAILED
    assert server.refused == ["join"]


def test_attendance_spans_with_a_reconnect(server):
    config = config_for(server)
    meeting = view("m-2", minutes=40)
    data = bbb.watch(config, meeting, START)
    join = bbb.personal_join_url(config, meeting, Registrant(key="7", name="Budi", email="", agency=""))
    server.enter(requests.get(join, allow_redirects=False, timeout=5).headers["Location"])
    data = bbb.watch(config, view("m-2", data, minutes=40), START + timedelta(minutes=1))
    data = bbb.watch(config, view("m-2", data, minutes=40), START + timedelta(minutes=20))
    server.leave("m-2", "7")
    data = bbb.watch(config, view("m-2", data, minutes=40), START + timedelta(minutes=21))
    with pytest.raises(ReportNotReady):
        bbb.pull_attendance(config, view("m-2", data, minutes=40))
    server.enter(requests.get(join, allow_redirects=False, timeout=5).headers["Location"])
    data = bbb.watch(config, view("m-2", data, minutes=40), START + timedelta(minutes=30))
    server.finish("m-2")
    data = bbb.watch(config, view("m-2", data, minutes=40), START + timedelta(minutes=45))
    rows = bbb.pull_attendance(config, view("m-2", data, minutes=40))
    assert [(r.registrant_key, r.name, r.joined_at - START, r.left_at - START) for r in rows] == [
        ("7", "Budi", timedelta(minutes=1), timedelta(minutes=21)),
        ("7", "Budi", timedelta(minutes=30), timedelta(minutes=45)),
    ]


def test_wrong_secret_is_a_checksum_error(server):
    with pytest.raises(ProviderError) as failed:
        bbb.create(config_for(server, BBB_SECRET="not-the-secret"), spec())
    assert failed.value.code == "bad_secret" and failed.value.provider_message == "Checksums do not match"
    assert "not-the-secret" not in failed.value.message + repr(failed.value.params)
    assert server.refused == ["isMeetingRunning"]


def test_server_errors_and_silence_are_provider_errors(server):
    server.fail_next(503)
    with pytest.raises(ProviderError) as failed:
        bbb.cancel(config_for(server), "m-3")
    assert (failed.value.code, failed.value.params["status"], failed.value.params["step"]) == ("http_error", 503, "end")
    with pytest.raises(ProviderError) as failed:
        bbb.cancel(config_for(server, BBB_URL="http://127.0.0.1:9/bigbluebutton/"), "m-3")
    assert (failed.value.code, failed.value.params["reason"]) == ("unreachable", "refused")


def test_cancel_ends_a_running_meeting_and_tolerates_none(server):
    config = config_for(server)
    bbb.cancel(config, "never-created")
    bbb.watch(config, view("m-4"), START)
    join = bbb.personal_join_url(config, view("m-4"), Registrant(key="9", name="Ani", email="", agency=""))
    server.enter(requests.get(join, allow_redirects=False, timeout=5).headers["Location"])
    bbb.cancel(config, "m-4")
    ended = server.wait_ended("m-4")
    assert ended.forcibly_ended


def test_moderator_role_only_when_asked(server):
    config = config_for(server)
    url = bbb.personal_join_url(config, view("m-5"), Registrant(key="org-1", name="Panitia", email="", agency="",
                                                                moderator=True))
    assert parse_qs(urlsplit(url).query)["role"] == ["MODERATOR"]

"""lokakarya/vc/zoom.py on its own against the strict local Zoom: tokens, errors, encoding."""
from datetime import UTC, datetime

import pytest

from lokakarya.vc import zoom as provider
from lokakarya.vc.provider import MeetingSpec, ProviderError

SPEC = MeetingSpec(key="lokakarya-m7", title="Sesi Pleno", starts_at=datetime(2030, 3, 5, 2, 0, tzinfo=UTC),
                   duration_minutes=90, timezone="Asia/Jakarta")


@pytest.fixture(autouse=True)
def _fresh_tokens():
    provider._tokens.clear()
    yield
    provider._tokens.clear()


@pytest.mark.parametrize("uuid, encoded", [
    ("4444AAAiAAAAAiAiAiiAii==", "4444AAAiAAAAAiAiAiiAii%3D%3D"),
    ("/ajXp112QmuoKj4854875==", "%252FajXp112QmuoKj4854875%253D%253D"),
    ("ab//cd+ef==", "ab%252F%252Fcd%252Bef%253D%253D"),
    ("ab/cd==", "ab%2Fcd%3D%3D"),
])
def test_uuid_encoding(uuid, encoded):
    assert provider.encode_uuid(uuid) == encoded


def test_one_token_for_many_calls_and_a_new_one_after_expiry(zoom):
    config = zoom.config()
    provider.create(config, SPEC)
    provider.create(config, SPEC)
    assert zoom.grants == 1
    zoom.expire_tokens()
    provider.update(config, str(next(iter(zoom.meetings))), SPEC)
    assert zoom.grants == 2


def test_wrong_credentials_are_permanent_and_say_so_without_the_secret(zoom):
    config = zoom.config(ZOOM_CLIENT_SECRET="wrong-secret-value")
    with pytest.raises(ProviderError) as caught:
        provider.create(config, SPEC)
    failed = caught.value
    assert failed.permanent and (failed.code, failed.params["status"], failed.params["step"]) == \
        ("http_error", 400, "token")
    assert failed.provider_message == "Invalid client_id or client_secret"  # Zoom's own words
    assert "wrong-secret-value" not in failed.message + repr(failed.params)


def test_server_errors_and_rate_limits_are_for_later(zoom):
    config = zoom.config()
    zoom.fail(1, 503)
    with pytest.raises(ProviderError) as caught:
        provider.create(config, SPEC)
    assert not caught.value.permanent and caught.value.code == "http_error"
    assert caught.value.params == {"provider": "zoom", "step": "create", "server": "127.0.0.1", "status": 503}
    zoom.rate_limit(1, retry_after=30)
    with pytest.raises(ProviderError) as caught:
        provider.create(config, SPEC)
    assert caught.value.retry_after == 30 and not caught.value.permanent
    assert (caught.value.code, caught.value.params["seconds"]) == ("rate_limited", 30)
    assert zoom.meetings == {}


def test_the_meeting_body_follows_zooms_types():
    body = provider.meeting_body(SPEC)
    assert body["type"] == 2 and body["duration"] == 90 and isinstance(body["duration"], int)
    assert body["start_time"] == "2030-03-05T02:00:00Z" and body["timezone"] == "Asia/Jakarta"
    assert body["settings"]["approval_type"] == 0 and body["agenda"].endswith("lokakarya-m7")


def test_cancel_of_a_meeting_already_gone_is_done(zoom):
    config = zoom.config()
    made = provider.create(config, SPEC)
    provider.cancel(config, made.external_id)
    provider.cancel(config, made.external_id)  # 404 3001: nothing left to do
    assert zoom.meetings == {}

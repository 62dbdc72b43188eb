"""lokakarya/vc/jitsi.py: rooms and the per-person tokens prosody's token plugin checks."""
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest

from lokakarya.vc import jitsi
from lokakarya.vc.provider import MeetingSpec, MeetingView, Registrant

CONFIG = {"JITSI_URL": "https://meet.kemendagri.example.go.id", "JITSI_APP_ID": "lokakarya",
          "JITSI_APP_SECRET": "jitsi-app-secret-for-the-lokakarya-tests-0123"}
PERSON = Registrant(key="42", name="Siti Rahayu", email="siti@dukcapil.example.go.id", agency="Dukcapil")


def made(config=CONFIG, title="Sesi Pleno: Standar Pelayanan Publik"):
    start = datetime.now(UTC) + timedelta(minutes=10)
    spec = MeetingSpec(key="lokakarya-m3", title=title, starts_at=start, duration_minutes=60, timezone="Asia/Jakarta")
    room = jitsi.create(config, spec)
    return room, MeetingView(key=spec.key, external_id=room.external_id, join_url=room.join_url,
                             starts_at=start, ends_at=start + timedelta(minutes=60))


def test_room_url_is_per_session_and_unguessable():
    room, _ = made()
    other, _ = made()
    assert room.join_url == f"https://meet.kemendagri.example.go.id/{room.external_id}"
    assert room.external_id.startswith("sesi-pleno-standar-pelayanan-publik-")
    assert room.external_id != other.external_id and len(room.external_id.rsplit("-", 1)[1]) >= 12
    assert "secret" not in room.join_url
    assert made(title="Ñusantara · ")[0].external_id.startswith("nusantara-")


def test_personal_token_claims_and_expiry():
    room, meeting = made()
    url = jitsi.personal_join_url(CONFIG, meeting, PERSON)
    assert url.startswith(room.join_url + "?jwt=")
    token = parse_qs(urlsplit(url).query)["jwt"][0]
    claims = jwt.decode(token, CONFIG["JITSI_APP_SECRET"], algorithms=["HS256"], audience="jitsi",
                        issuer="lokakarya")
    assert claims["sub"] == "meet.kemendagri.example.go.id" and claims["room"] == room.external_id
    assert claims["context"]["user"] == {"id": "42", "name": "Siti Rahayu", "email": "siti@dukcapil.example.go.id"}
    assert claims["moderator"] is False
    end = meeting.ends_at.timestamp()
    assert end < claims["exp"] <= end + 3600
    assert claims["nbf"] <= datetime.now(UTC).timestamp()
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, "another-secret-of-the-same-length-0123456789", algorithms=["HS256"], audience="jitsi")
    assert jwt.get_unverified_header(token)["alg"] == "HS256"


def test_token_expires_shortly_after_the_session():
    room, meeting = made()
    token = parse_qs(urlsplit(jitsi.personal_join_url(CONFIG, meeting, PERSON)).query)["jwt"][0]
    claims = jwt.decode(token, CONFIG["JITSI_APP_SECRET"], algorithms=["HS256"], audience="jitsi",
                        options={"require": ["exp", "nbf", "iat", "room", "iss", "sub", "aud"]})
    expires = datetime.fromtimestamp(claims["exp"], UTC)
    assert meeting.ends_at < expires <= meeting.ends_at + timedelta(hours=1)
    assert datetime.fromtimestamp(claims["nbf"], UTC) <= meeting.starts_at - timedelta(minutes=30)


def test_tenant_is_the_subject():
    config = {**CONFIG, "JITSI_URL": "https://8x8.example/Pemda"}
    _, meeting = made(config)
    token = parse_qs(urlsplit(jitsi.personal_join_url(config, meeting, PERSON)).query)["jwt"][0]
    assert jwt.decode(token, options={"verify_signature": False})["sub"] == "pemda"


def test_no_token_without_a_secret():
    config = {"JITSI_URL": "https://meet.example.go.id"}
    room, meeting = made(config)
    url = jitsi.personal_join_url(config, meeting, PERSON)
    assert "jwt" not in url
    assert url == room.join_url + "#userInfo.displayName=%22Siti%20Rahayu%22"
    assert jitsi.ATTENDANCE is False and jitsi.pull_attendance(config, meeting) == []

"""The app's calendars stored in a real CalDAV server (Radicale on 127.0.0.1), then found by a
server-side time-range query at the right UTC instant, for WIB, WITA and WIT."""
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest
import requests

from lokakarya.extensions import db
from lokakarya.ical.invites import session_invitations
from tests.events.factories import make_event, make_registration

USER = ("uji", "uji")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def caldav(tmp_path_factory):
    folder = tmp_path_factory.mktemp("radicale")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--server-hosts", f"127.0.0.1:{port}", "--auth-type", "none",
         "--rights-type", "owner_only", "--storage-filesystem-folder", str(folder / "collections"),
         "--logging-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(base, timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("Radicale did not start: " + process.stderr.read().decode())
    yield base
    process.terminate()
    process.wait(timeout=10)


QUERY = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{start}" end="{end}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>"""


def store(base: str, name: str, ics: bytes) -> str:
    """Upload a whole calendar as a new collection (Radicale splits it into one item per UID)."""
    url = f"{base}/{USER[0]}/{name}/"
    response = requests.put(url, data=ics, auth=USER, timeout=10,
                            headers={"Content-Type": "text/calendar; charset=utf-8"})
    assert response.status_code in (201, 204), response.text
    return url


def found_between(url: str, start: str, end: str) -> str:
    response = requests.request("REPORT", url, auth=USER, timeout=10,
                                data=QUERY.format(start=start, end=end).encode(),
                                headers={"Depth": "1", "Content-Type": "application/xml"})
    assert response.status_code == 207, response.text
    return response.text


# A 09:00 local session: 02:00 UTC in WIB, 01:00 UTC in WITA, 00:00 UTC in WIT.
ZONES = [("Asia/Jakarta", 2), ("Asia/Makassar", 1), ("Asia/Jayapura", 0)]


@pytest.mark.parametrize(("tz", "utc_hour"), ZONES)
def test_caldav_server_finds_a_nine_oclock_session_at_the_utc_instant(caldav, client, app, tz, utc_hour):
    with app.test_request_context():
        event = make_event(slug=f"zona-{utc_hour}", sessions=1, tz=tz, minutes=30,
                           start=datetime(2030, 3, 5, utc_hour, 0, tzinfo=UTC))
        registration = make_registration(event)
        [invite] = session_invitations(registration)
        token = registration.token
        db.session.commit()
    calendars = {
        "public": client.get(f"/events/zona-{utc_hour}/calendar.ics").data,
        "personal": client.get(f"/r/{token}/calendar.ics").data,
        "invite": invite.part.ics,
    }
    assert b"DTSTART;TZID=" + tz.encode() + b":20300305T090000" in calendars["public"]
    for name, ics in calendars.items():
        url = store(caldav, f"{name}-{utc_hour}", ics)
        hit = found_between(url, f"20300305T{utc_hour:02d}0000Z", f"20300305T{utc_hour:02d}1000Z")
        assert "Sesi 1" in hit, (name, hit)
        before = found_between(url, "20300304T000000Z", f"20300305T{utc_hour:02d}0000Z")
        assert "Sesi 1" not in before, name
        after = found_between(url, f"20300305T{utc_hour:02d}3000Z", "20300306T000000Z")
        assert "Sesi 1" not in after, name

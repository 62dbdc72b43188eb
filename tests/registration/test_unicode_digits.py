"""One NIP typed in ASCII, full-width or another script's digits is one NIP (or refused), through
the public form, the delegation upload and the API alike."""
import io

import pytest

from lokakarya.registration.models import Registration
from tests.conftest import strip_tags
from tests.registration.factory import make_agencies, make_event, person
from tests.registration.test_nip_phone import REFUSED, SAME, in_script

NIP = "19860926 201505 1 001"


def register_by_form(client, agency, data):
    response = client.post("/events/uji/register", data={**data, "agency_id": str(agency), "consent": "y"})
    return response.status_code, strip_tags(response.get_data(as_text=True))


def register_by_upload(client, agency, data):
    body = "nama,nip,jabatan,email,ponsel\n" + ",".join(
        data[f] for f in ("name", "nip", "position", "email", "phone")) + "\n"
    response = client.post("/events/uji/delegation", content_type="multipart/form-data", data={
        "file": (io.BytesIO(body.encode()), "delegasi.csv"), "consent": "y"})
    return response.status_code, strip_tags(response.get_data(as_text=True))


def register_by_api(client, agency, data):
    response = client.post("/api/v1/events/uji/registrations", json={**data, "agency_id": agency, "consent": True})
    return response.status_code, str(response.get_json())


CHANNELS = {"form": (register_by_form, 302), "upload": (register_by_upload, 302), "api": (register_by_api, 201)}


@pytest.fixture
def channel(request, client, db, login_as):
    make_event()
    [agency] = make_agencies("17")
    if request.param == "upload":
        login_as("agency_focal_point", agency_id=agency)
    register, created = CHANNELS[request.param]
    return lambda data: register(client, agency, data), created


def stored(db):
    db.session.expire_all()
    return db.session.execute(db.select(Registration.nip, Registration.phone).order_by(Registration.id)).all()


@pytest.mark.parametrize("channel", CHANNELS, indirect=True)
@pytest.mark.parametrize(("script", "zero"), SAME)
def test_same_nip_in_compatibility_digits_is_a_duplicate(channel, db, script, zero):
    register, created = channel
    assert register({**person(1), "nip": NIP})[0] == created
    status, text = register({**person(2), "nip": in_script(NIP, zero)})
    assert status in (409, 422) and ("Sudah ada pendaftaran" in text or "duplicate" in text)
    assert stored(db) == [("198609262015051001", "+6281200000001")]


@pytest.mark.parametrize("channel", CHANNELS, indirect=True)
@pytest.mark.parametrize(("script", "zero"), REFUSED)
def test_nip_and_phone_in_other_digits_are_refused(channel, db, script, zero):
    register, created = channel
    assert register({**person(1), "nip": NIP})[0] == created
    status, text = register({**person(2), "nip": in_script(NIP, zero)})
    assert status == 422 and "angka 0–9" in text
    status, text = register({**person(3), "phone": in_script("0812 7300 1104", zero)})
    assert status == 422 and "Nomor ponsel tidak valid" in text
    assert stored(db) == [("198609262015051001", "+6281200000001")]


@pytest.mark.parametrize("channel", CHANNELS, indirect=True)
def test_phone_in_full_width_digits_is_stored_in_ascii(channel, db):
    register, created = channel
    assert register({**person(1), "phone": "\uff10\uff18\uff11\uff12 7300 1104"})[0] == created
    assert stored(db) == [(person(1)["nip"], "+6281273001104")]


@pytest.mark.parametrize("channel", CHANNELS, indirect=True)
@pytest.mark.parametrize(("field", "value", "words"), [
    ("phone", "0" * 10_000, "paling banyak 30 karakter"),  # was a KeyError: 500
    ("nip", "1" * 5_000, "paling banyak 30 karakter"),
    ("name", "N" * 201, "paling banyak 200 karakter"),
    ("position", "J" * 300, "paling banyak 200 karakter"),
    ("email", "e" * 300 + "@x.go.id", "paling banyak 254 karakter"),
])
def test_over_long_fields_are_field_errors(channel, db, field, value, words):
    register, _created = channel
    status, text = register({**person(1), field: value})
    assert status == 422 and words in text
    assert stored(db) == []

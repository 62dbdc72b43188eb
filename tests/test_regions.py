from zoneinfo import ZoneInfo

from lokakarya.regions.models import Province, Regency
from lokakarya.regions.zones import province_group
from lokakarya.timeutil import INDONESIAN_ZONES


def test_all_provinces_and_regencies_are_loaded(db):
    assert db.session.query(Province).count() == 38
    assert db.session.query(Regency).count() == 514


def test_every_province_has_a_valid_indonesian_zone(db):
    for province in db.session.query(Province):
        assert province.timezone in INDONESIAN_ZONES
        ZoneInfo(province.timezone)
    zones = {p.code: p.timezone for p in db.session.query(Province)}
    assert zones["31"] == "Asia/Jakarta"  # Jakarta, WIB
    assert zones["61"] == zones["62"] == "Asia/Pontianak"  # Kalimantan Barat/Tengah, WIB
    assert zones["64"] == "Asia/Makassar"  # Kalimantan Timur, WITA
    assert zones["51"] == "Asia/Makassar"  # Bali, WITA
    assert zones["96"] == "Asia/Jayapura"  # Papua Barat Daya, WIT


def test_regency_kinds_and_groups(db):
    kota = db.session.get(Regency, "17.71")
    assert (kota.name, kota.kind) == ("Kota Bengkulu", "kota")
    assert db.session.get(Regency, "17.01").kind == "kabupaten"
    assert {province_group(p.code) for p in db.session.query(Province)} == {
        "sumatera", "jawa", "kalimantan", "bali_nusa_tenggara", "sulawesi", "maluku", "papua"}


def test_provinces_api(client):
    body = client.get("/api/v1/provinces").get_json()["data"]
    assert len(body) == 38
    bengkulu = next(p for p in body if p["code"] == "17")
    assert bengkulu == {"code": "17", "name": "Bengkulu", "timezone": "Asia/Jakarta", "regencies": 10}
    regencies = client.get("/api/v1/provinces/17/regencies").get_json()["data"]
    assert len(regencies) == 10 and regencies[-1]["code"] == "17.71"
    missing = client.get("/api/v1/provinces/99/regencies")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "not_found"

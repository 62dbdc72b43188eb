"""Anonymous registration is rate limited per client address (behind a proxy: the forwarded one);
focal points with a token are not."""
from lokakarya.registration.models import Registration
from tests.registration.factory import make_agencies, make_event, person

URL = "/api/v1/events/uji/registrations"


def test_anonymous_posts_beyond_the_limit_get_429_and_save_nothing(make_app, db, api_token):
    make_event()
    [agency] = make_agencies("17")
    limited = make_app(RATELIMIT_ENABLED=True, REGISTRATION_RATE_LIMIT="3 per minute")
    client = limited.test_client()
    codes = [client.post(URL, json={**person(n, agency), "consent": True}).status_code for n in range(1, 5)]
    assert codes == [201, 201, 201, 429]
    error = client.post(URL, json={**person(9, agency), "consent": True}).get_json()["error"]
    assert error["code"] == "rate_limited"
    db.session.expire_all()
    assert db.session.query(Registration).count() == 3
    _, token = api_token("agency_focal_point", agency_id=agency)
    with_token = client.post(URL, json={**person(5, agency), "consent": True},
                             headers={"Authorization": f"Bearer {token}"})
    assert with_token.status_code == 201


def test_behind_a_proxy_each_client_address_has_its_own_budget(make_app, db):
    make_event()
    [agency] = make_agencies("17")
    limited = make_app(RATELIMIT_ENABLED=True, REGISTRATION_RATE_LIMIT="2 per minute", PROXY_COUNT=1)
    client = limited.test_client()

    def post(n, address):
        return client.post(URL, json={**person(n, agency), "consent": True},
                           headers={"X-Forwarded-For": address}).status_code

    assert [post(1, "203.0.113.7"), post(2, "203.0.113.7"), post(3, "203.0.113.7")] == [201, 201, 429]
    assert post(4, "198.51.100.20") == 201  # another office, its own budget

"""The demo round loads, and the organiser and Bengkulu focal point can open every page."""
from lokakarya.demo.seed import FOCAL_POINT, ORGANISER, SLUG
from tests.conftest import login, strip_tags


def test_demo_round_is_idempotent_and_pages_render(app, demo, client):
    from lokakarya.demo.seed import seed
    from lokakarya.extensions import db
    from lokakarya.followup.models import ActionItem, Issue

    with app.app_context():
        counts = (db.session.query(ActionItem).count(), db.session.query(Issue).count())
        seed()
        db.session.commit()
        assert (db.session.query(ActionItem).count(), db.session.query(Issue).count()) == counts
        online = db.session.query(ActionItem).filter(ActionItem.title.like("Pelayanan prima%")).one()
        assert online.province_code == "17" and len(online.updates) == 3 and len(online.issues) == 2
    login(client, ORGANISER.email, ORGANISER.password)
    for url in (f"/events/{SLUG}/follow-up", "/follow-up/", "/follow-up/items", "/follow-up/provinces/17",
                f"/events/{SLUG}/follow-up/provinces/17", f"/events/{SLUG}/follow-up/report",
                f"/follow-up/items/{online.id}", "/follow-up/export.csv", "/follow-up/export.xlsx",
                f"/events/{SLUG}/follow-up/report.pdf"):
        response = client.get(url)
        assert response.status_code == 200, (url, response.get_data(as_text=True)[:2000])
    page = strip_tags(client.get(f"/events/{SLUG}/follow-up").get_data(as_text=True))
    assert "Bengkulu" in page and "Dikirim" in page
    client.post("/logout")
    login(client, FOCAL_POINT.email, FOCAL_POINT.password)
    assert client.get(f"/events/{SLUG}/follow-up/provinces/17").status_code == 200
    assert client.get(f"/events/{SLUG}/follow-up/provinces/32").status_code == 403
    assert client.get(f"/events/{SLUG}/follow-up").status_code == 403


def test_navigation_shows_follow_up_to_focal_points_and_organisers(app, client, make_user):
    user = make_user("province_focal_point", province_code="17")
    assert 'data-nav="followup"' not in client.get("/").get_data(as_text=True)
    login(client, user.email)
    assert 'data-nav="followup"' in client.get("/").get_data(as_text=True)

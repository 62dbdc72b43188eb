"""Error pages in both languages, /healthz, navigation by role."""
import pytest

from tests.conftest import login

TITLES = {
    400: ("Permintaan tidak valid", "Bad request"),
    403: ("Akses ditolak", "Access denied"),
    404: ("Halaman tidak ditemukan", "Page not found"),
    429: ("Terlalu banyak permintaan", "Too many requests"),
    500: ("Terjadi kesalahan", "Something went wrong"),
}


def _broken(make_app):
    broken = make_app()

    @broken.get("/boom")
    def boom():
        raise RuntimeError("a bug")

    return broken


def _provoke(status, client, make_app, make_user):
    """A client and a request that answers `status`, as a user would meet it."""
    if status == 400:
        protected = make_app(WTF_CSRF_ENABLED=True).test_client()
        return protected, lambda lang: protected.post(f"/login?lang={lang}", data={"email": "a@b.go.id"})
    if status == 403:
        make_user("province_focal_point", email="budi@example.go.id", province_code="17")
        login(client, "budi@example.go.id")
        return client, lambda lang: client.get(f"/users?lang={lang}")
    if status == 404:
        return client, lambda lang: client.get(f"/no-such-page?lang={lang}")
    if status == 429:
        limited = make_app(RATELIMIT_ENABLED=True).test_client()

        def flood(lang):
            for _ in range(11):
                response = limited.post(f"/login?lang={lang}", data={"email": "a@b.go.id", "password": "x"})
            return response

        return limited, flood
    broken = _broken(make_app).test_client()
    return broken, lambda lang: broken.get(f"/boom?lang={lang}")


@pytest.mark.parametrize("status", sorted(TITLES))
def test_error_pages_in_both_languages(status, client, make_app, make_user):
    _, request = _provoke(status, client, make_app, make_user)
    for lang, title in zip(("id", "en"), TITLES[status], strict=True):
        response = request(lang)
        html = response.get_data(as_text=True)
        assert response.status_code == status, (lang, html[:300])
        assert f'<html lang="{lang}">' in html
        assert f"{status} · {title}" in html
        assert ("Back to the list of events" if lang == "en" else "Kembali ke daftar acara") in html
        assert "Traceback" not in html and "a bug" not in html


def test_unexpected_api_error_is_json_without_details(make_app):
    broken = make_app()

    @broken.get("/api/v1/boom")
    def boom():
        raise RuntimeError("secret detail")

    response = broken.test_client().get("/api/v1/boom")
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "server_error"
    assert "secret detail" not in response.get_data(as_text=True)


def test_healthz_reports_a_broken_database_with_503(make_app, tmp_path):
    broken = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/lokakarya.db")
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "error" and body["database"].startswith("error")


def _nav(client, path="/"):
    html = client.get(path).get_data(as_text=True)
    return html[html.index("<nav>"):html.index("</nav>")]


def test_navigation_for_anonymous_visitors(client):
    nav = _nav(client)
    assert "Acara" in nav and "Masuk" in nav
    assert 'data-nav="users"' not in nav and 'data-nav="agencies"' not in nav


def test_navigation_for_organisers(client, login_as):
    login_as("organiser", name="Ibu Rina")
    nav = _nav(client)
    for link in ('href="/agencies/"', 'href="/users"', 'href="/admin/outbox/"'):
        assert link in nav
    assert "Ibu Rina" in nav and "Keluar" in nav and "Masuk" not in nav
    client.get("/lang/en")
    nav = _nav(client)
    assert "Agencies" in nav and "Users" in nav and "Outbox" in nav and "Sign out" in nav


def test_one_agency_reads_agency_and_the_directory_agencies(client, app, login_as):
    from lokakarya.agencies.services import create_agency
    from lokakarya.extensions import db

    with app.app_context():
        agency = create_agency("Dinas Dukcapil Kota Bengkulu", "dukcapil", "17", None)
        db.session.commit()
        agency_id = agency.id
    login_as("agency_focal_point", agency_id=agency_id)
    client.get("/lang/en")
    account = client.get("/account").get_data(as_text=True)
    assert "Agency: Dinas Dukcapil Kota Bengkulu" in account and "Agencies:" not in account
    client.get("/lang/id")
    assert "Instansi: Dinas Dukcapil Kota Bengkulu" in client.get("/account").get_data(as_text=True)


def test_navigation_for_focal_points_hides_staff_pages(client, login_as):
    login_as("province_focal_point", province_code="17", name="Pak Budi")
    nav = _nav(client)
    assert "Pak Budi" in nav and "Keluar" in nav
    assert 'data-nav="users"' not in nav and 'data-nav="outbox"' not in nav


def test_language_switch_stays_on_the_page_and_refuses_other_sites(client):
    response = client.get("/lang/en?next=/login")
    assert response.headers["Location"] == "/login"
    assert "Sign in" in client.get("/login").get_data(as_text=True)
    assert client.get("/lang/id?next=//evil.example").headers["Location"] == "/"
    assert "Masuk" in client.get("/login").get_data(as_text=True)

"""The event page and the registration form at national scale (38 provinces invited, the
directory of every province's and regency's Setda, DPMPTSP and Dukcapil: 1,656 agencies): the
first load stays within 30 KB as sent, agencies come on demand, and the form works without
script (a province step first)."""
import pytest

from lokakarya.agencies.models import Agency
from lokakarya.demo.national import add_directory, add_national_event
from lokakarya.demo.weight import first_load
from lokakarya.extensions import db as _db

BUDGET = 30 * 1024
SLUG = "nasional"


@pytest.fixture
def national(app, make_user):
    organiser = make_user("organiser", email="panitia@example.go.id")
    with app.app_context():
        add_national_event(SLUG, organiser.id)
        count = add_directory()
        _db.session.commit()
    return count


def test_first_load_stays_within_30_kb_with_the_national_directory(client, national):
    assert national > 1600
    for path in (f"/events/{SLUG}", f"/events/{SLUG}/register",
                 f"/events/{SLUG}/register?province=35"):  # Jawa Timur, the most regencies
        weight = first_load(client, path)
        assert weight.total <= BUDGET, (path, weight)
        assert any(".css" in f for f in weight.files) and any(".js" in f for f in weight.files)


def test_the_form_lists_one_province_and_the_central_bodies_only(client, national, db):
    db.session.add(Agency(name="Kementerian Dalam Negeri", kind="ministry", province_code=None))
    db.session.commit()
    first = client.get(f"/events/{SLUG}/register").get_data(as_text=True)
    assert 'data-testid="province-step"' in first and "Dinas Kependudukan" not in first
    form = client.get(f"/events/{SLUG}/register?province=17").get_data(as_text=True)
    assert "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Rejang Lebong" in form
    assert "Kementerian Dalam Negeri" in form
    assert "Kota Jayapura" not in form and form.count("<option") < 60


def test_picker_answers_a_limited_list_in_one_statement_whatever_the_directory(client, app, query_counter,
                                                                             make_user):
    organiser = make_user("organiser", email="panitia@example.go.id")
    with app.app_context():
        add_national_event(SLUG, organiser.id)
        add_directory(50)
        _db.session.commit()
    url = "/agencies/picker?province=11&central=1&q=a"
    with query_counter() as small:
        few = client.get(url).get_json()
    with app.app_context():
        _db.session.execute(_db.delete(Agency))
        add_directory()
        _db.session.commit()
    with query_counter() as large:
        many = client.get(url).get_json()
    assert small[0] == large[0]
    assert 0 < len(few) <= 50 and len(many) == 50
    with app.app_context():
        provinces = set(_db.session.execute(_db.select(Agency.province_code).where(
            Agency.id.in_([a["id"] for a in many]))).scalars())
    assert provinces == {"11"}


@pytest.mark.browser
@pytest.mark.parametrize("script", [True, False], ids=["with-js", "without-js"])
def test_agency_picker_with_and_without_javascript(browser, live_server, national, script):
    context = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=script)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(f"{live_server}/events/{SLUG}/register")
        page.select_option("#province", "35")
        page.locator("[data-testid=province-step] button").click()
        page.wait_for_url("**province=35")
        options = page.locator("#agency_id option").all_inner_texts()
        assert "Dinas Kependudukan dan Pencatatan Sipil Kota Surabaya" in options
        assert not any("Bengkulu" in o for o in options)
        search = page.locator("[data-picker-search]")
        if script:
            search.fill("surabaya")
            page.wait_for_function("() => document.querySelectorAll('#agency_id option').length === 4")
            assert sorted(page.locator("#agency_id option[value]:not([value=''])").all_inner_texts()) == [
                "Dinas Kependudukan dan Pencatatan Sipil Kota Surabaya",
                "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Surabaya",
                "Sekretariat Daerah Kota Surabaya"]
        else:
            assert search.is_hidden()  # nothing that needs script is offered
        page.select_option("#agency_id", label="Dinas Kependudukan dan Pencatatan Sipil Kota Surabaya")
        page.fill("#name", "Rina Marlina")
        page.fill("#nip", "198609262015052001")
        page.fill("#position", "Analis")
        page.fill("#email", f"rina.{int(script)}@example.go.id")
        page.fill("#phone", "081273001104")
        page.check("#consent")
        page.locator("[data-testid=register-form] button[type=submit]").click()
        page.wait_for_url(f"{live_server}/r/**")
        assert "Kota Surabaya" in page.get_by_test_id("personal-status").inner_text()
    finally:
        context.close()

"""Registration lists at national size: the organiser's page and the API a page at a time with the
filters kept, counts per status as a summary, the same statements at any size, and exports that
stream every row."""
import io
import re

from openpyxl import load_workbook

from lokakarya.extensions import db as _db
from lokakarya.registration.models import Registration, new_token
from lokakarya.timeutil import now_utc
from tests.conftest import login, strip_tags
from tests.registration.factory import make_agencies, make_event

PAGE = "/events/uji/registrations"
API = "/api/v1/events/uji/registrations"


def nip(n: int) -> str:
    return f"19860926201505{n:04d}"


def fill(event_id: int, agencies: list[int], first: int, count: int) -> None:
    """Registrations `first` … `first + count - 1` in arrival order; every fifth waitlisted."""
    from datetime import timedelta

    now = now_utc()
    _db.session.add_all([Registration(
        event_id=event_id, agency_id=agencies[n % len(agencies)], name=f"Orang {n:03d}", nip=nip(n),
        email=f"orang{n}@example.go.id", position="Analis", phone="+6281200000000",
        status="waitlisted" if n % 5 == 0 else "confirmed", token=new_token(),
        created_at=now + timedelta(seconds=n), status_changed_at=now) for n in range(first, first + count)])
    _db.session.commit()


def names(html: str) -> list[str]:
    """The people listed, in order (each once)."""
    return list(dict.fromkeys(re.findall(r"Orang \d+", " ".join(
        html.split('data-testid="registration-row"')[1:]))))


def test_the_page_shows_fifty_at_a_time_and_the_next_link_keeps_the_filter(client, db, make_user):
    event_id = make_event()
    agencies = make_agencies("17", 2) + make_agencies("31", 1)
    fill(event_id, agencies, 1, 130)
    login(client, make_user("organiser").email)
    first = client.get(PAGE).get_data(as_text=True)
    assert names(first)[::49] == ["Orang 001", "Orang 050"] and len(set(names(first))) == 50
    second = client.get(PAGE + "?page=2").get_data(as_text=True)
    assert sorted(set(names(second)))[0] == "Orang 051" and len(set(names(second))) == 50
    third = client.get(PAGE + "?page=3").get_data(as_text=True)
    assert len(set(names(third))) == 30 and 'rel="next"' not in third
    # The summary counts every registration, not the page: 26 of 130 waitlisted.
    counts = strip_tags(first.split('data-testid="status-counts">')[1].split("</p>")[0])
    assert "104" in counts and "26" in counts
    assert "130 pendaftaran sesuai saringan" in first
    # Two provinces; the three agencies all have people waiting, so each is listed.
    assert first.count('data-testid="quota-row"') == 5 and 'data-testid="other-agencies"' not in first
    assert "Baris 1–50 dari 130 · halaman 1 dari 3" in strip_tags(first)
    # Filtered to the waitlisted of one province, the next page link keeps the filter.
    filtered = client.get(PAGE + "?status=waitlisted&province_code=17").get_data(as_text=True)
    waiting_17 = [n for n in range(1, 131) if n % 5 == 0 and n % 3 != 2]
    assert f"{len(waiting_17)} pendaftaran sesuai saringan" in filtered
    assert len(waiting_17) <= 50 and 'data-testid="pager"' not in filtered
    fill(event_id, agencies[:1], 131, 300)  # more waitlisted people of province 17
    filtered = client.get(PAGE + "?status=waitlisted&province_code=17").get_data(as_text=True)
    link = re.search(r'href="([^"]+)" rel="next"', filtered).group(1).replace("&amp;", "&")
    assert "status=waitlisted" in link and "province_code=17" in link and "page=2" in link
    following = client.get(link).get_data(as_text=True)
    shown = sorted({int(n[6:]) for n in names(following)})
    assert shown and all(n % 5 == 0 and (n > 130 or n % 3 != 2) for n in shown)
    assert not set(shown) & {int(n[6:]) for n in names(filtered)}
    # Past the end: the last page, not an empty one.
    assert names(client.get(PAGE + "?page=99").get_data(as_text=True))[-1] == "Orang 430"


def test_the_agency_table_lists_only_agencies_that_need_a_look(client, db, make_user):
    event_id = make_event(per_agency=3)
    agencies = make_agencies("17", 4)
    fill(event_id, agencies, 1, 9)  # 1-9 over four agencies; 5 waitlisted
    db.session.execute(db.update(Registration).where(Registration.name == "Orang 005").values(status="confirmed"))
    db.session.commit()  # agency 1 (1, 5, 9) is full; the three others hold two each
    login(client, make_user("organiser").email)
    page = client.get(PAGE).get_data(as_text=True)
    rows = page.split("Kuota per instansi")[1].count('data-testid="quota-row"')
    assert rows == 1 and "3 instansi lain dengan pendaftar tidak ditampilkan" in page


def test_the_agency_table_note_in_english(client, db, make_user):
    # (A test of its own: the test's app context keeps the first request's language.)
    event_id = make_event(per_agency=3)
    fill(event_id, make_agencies("17", 4), 1, 4)
    login(client, make_user("organiser").email)
    english = strip_tags(client.get(PAGE + "?lang=en").get_data(as_text=True))
    assert "4 other agencies with registrations are not shown" in english


def test_the_pager_speaks_english(client, db, make_user):
    event_id = make_event()
    fill(event_id, make_agencies("17"), 1, 60)
    login(client, make_user("organiser").email)
    page = strip_tags(client.get(PAGE + "?lang=en&page=2").get_data(as_text=True))
    assert "Rows 51–60 of 60 · page 2 of 2" in page and "Previous" in page
    assert "60 registrations match the filters" in page


def test_deciding_goes_back_to_the_same_page_and_filter(client, db, make_user):
    event_id = make_event()
    fill(event_id, make_agencies("17"), 1, 120)
    login(client, make_user("organiser").email)
    [chosen] = db.session.execute(db.select(Registration.id).where(Registration.name == "Orang 060")).one()
    response = client.post(PAGE + "/decide", data={"ids": [str(chosen)], "action": "approve",
                                                   "status": "waitlisted", "page": "2", "q": "Orang"})
    assert response.status_code == 302
    assert response.location.endswith("/events/uji/registrations?status=waitlisted&q=Orang&page=2")
    db.session.expire_all()
    assert db.session.get(Registration, chosen).status == "confirmed"


def test_the_page_and_the_api_run_the_same_statements_at_two_sizes(client, db, make_user, api_token,
                                                                     query_counter):
    event_id = make_event()
    agencies = make_agencies("17", 3)
    login(client, make_user("organiser").email)
    _, token = api_token("organiser")
    auth = {"Authorization": f"Bearer {token}"}
    paths = [(PAGE, {}), (PAGE + "?page=2&status=confirmed", {}), (PAGE + "?q=orang", {}), (API, auth),
             (API + "?offset=100&limit=50", auth)]

    def measure():
        counts = []
        for path, headers in paths:
            with query_counter() as n:
                assert client.get(path, headers=headers).status_code == 200
            counts.append(n[0])
        return counts

    fill(event_id, agencies, 1, 5)
    small = measure()
    fill(event_id, agencies, 6, 400)
    assert measure() == small


def test_the_api_answers_a_page_with_the_total(client, db, api_token):
    event_id = make_event()
    fill(event_id, make_agencies("17"), 1, 230)
    _, token = api_token("organiser")
    auth = {"Authorization": f"Bearer {token}"}
    first = client.get(API, headers=auth).get_json()
    assert first["meta"] == {"total": 230, "limit": 100, "offset": 0} and len(first["data"]) == 100
    last = client.get(API + "?offset=200", headers=auth).get_json()
    assert [r["name"] for r in last["data"]][:1] == ["Orang 201"] and len(last["data"]) == 30
    waiting = client.get(API + "?status=waitlisted&limit=10&offset=40", headers=auth).get_json()
    assert waiting["meta"] == {"total": 46, "limit": 10, "offset": 40}
    assert [r["name"] for r in waiting["data"]] == [f"Orang {n:03d}" for n in range(205, 231, 5)]
    every = [r["id"] for offset in (0, 100, 200)
             for r in client.get(f"{API}?offset={offset}", headers=auth).get_json()["data"]]
    assert len(every) == len(set(every)) == 230
    refused = client.get(API + "?limit=0", headers=auth)
    assert refused.status_code == 422 and "limit" in refused.get_json()["error"]["fields"]


def test_exports_stream_every_row(client, db, make_user):
    event_id = make_event()
    fill(event_id, make_agencies("17"), 1, 1203)
    login(client, make_user("organiser").email)
    # Streamed: the body comes in pieces as rows are read, not as one piece built beforehand.
    csv_response = client.get(PAGE.replace("registrations", "registrations.csv"), buffered=False)
    chunks = list(csv_response.response)
    csv_response.close()
    assert len(chunks) > 2
    lines = b"".join(chunks).decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1204 and lines[-1].startswith("1203,Orang 1203")
    xlsx_response = client.get(PAGE.replace("registrations", "registrations.xlsx"), buffered=False)
    chunks = list(xlsx_response.response)
    xlsx_response.close()
    assert len(chunks) > 1
    assert load_workbook(io.BytesIO(b"".join(chunks))).active.max_row == 1 + 1203
    xlsx = client.get(PAGE.replace("registrations", "registrations.xlsx") + "?status=waitlisted").data
    rows = list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("No", "Nama", "NIP") and len(rows) == 1 + 240
    assert rows[1][1:3] == ("Orang 005", nip(5)) and rows[-1][1] == "Orang 1200"
    printed_response = client.get(PAGE + "/print", buffered=False)
    chunks = list(printed_response.response)
    printed_response.close()
    assert len(chunks) > 2
    printed = b"".join(chunks).decode()
    assert printed.count('data-testid="print-row"') == 1203 and "1203 orang" in printed

"""Dashboard figures equal direct counts; statement counts stay fixed as data grows; exports
hold every item with its updates."""
import csv
import io
from datetime import date

import sqlalchemy as sa

from lokakarya.agencies.models import Agency
from lokakarya.extensions import db as _db
from lokakarya.followup.models import ActionItem, ActionUpdate, Issue
from lokakarya.followup.rules import is_overdue
from lokakarya.regions.models import Province
from lokakarya.timeutil import now_utc
from tests.conftest import login

STATUSES = ("open", "in_progress", "done", "blocked", "dropped")


def _fill(app, world, n: int, prefix: str = "") -> None:
    """n items spread over provinces, statuses, categories, due dates and agencies, with updates."""
    cats = ("dasar_hukum", "sarana_prasarana", "lainnya")
    with app.app_context():
        for i in range(n):
            code = ("17", "73", "94")[i % 3]
            status = STATUSES[i % 5]
            item = ActionItem(
                event_id=world.event_id, kind=("commitment", "recommendation")[i % 2], province_code=code,
                agency_id=(world.agencies if i % 4 else world.other_agency)[code], category=cats[i % 3],
                title=f"{prefix}Butir {i}", due_date=date(2021 + i % 10, 1 + i % 12, 1), status=status,
                verification=("pending" if i % 10 == 2 else "verified") if status == "done" else None, tracked=True)
            item.updates = [ActionUpdate(note=f"Catatan {i}.{k}", progress=10 * k) for k in range(i % 3)]
            _db.session.add(item)
        _db.session.add(Issue(event_id=world.event_id, province_code="17", category="dasar_hukum", description="x"))
        _db.session.commit()


def _direct(app):
    """Per province: (total, verified done, awaiting, overdue) counted item by item in Python."""
    now = now_utc()
    with app.app_context():
        zones = dict(_db.session.execute(sa.select(Province.code, Province.timezone)).all())
        out = {}
        for item in _db.session.query(ActionItem).filter_by(tracked=True):
            total, done, awaiting, overdue = out.get(item.province_code, (0, 0, 0, 0))
            out[item.province_code] = (
                total + 1, done + (item.status == "done" and item.verification == "verified"),
                awaiting + (item.status == "done" and item.verification == "pending"),
                overdue + is_overdue(item.due_date, item.status, zones[item.province_code], now))
        return out


def _cell(html: str, province: str, column: str) -> int:
    row = html.split(f'data-province="{province}"')[1].split("</tr>")[0]
    return int(row.split(f'data-col="{column}">')[1].split("<")[0].rstrip("%"))


def test_dashboard_figures_equal_direct_counts(app, client, world, users):
    _fill(app, world, 60)
    login(client, users["organiser"].email)
    html = client.get("/follow-up/").get_data(as_text=True)
    for code, (total, done, awaiting, overdue) in _direct(app).items():
        assert _cell(html, code, "total") == total
        assert _cell(html, code, "done") == done
        assert _cell(html, code, "awaiting") == awaiting
        assert _cell(html, code, "overdue") == overdue
        assert _cell(html, code, "percent_done") == round(100 * done / total)
    # Filters narrow the same figures.
    html = client.get("/follow-up/?status=blocked&province_group=sulawesi").get_data(as_text=True)
    assert 'data-province="17"' not in html and _cell(html, "73", "total") == _cell(html, "73", "blocked") == 4
    html = client.get("/follow-up/?year=2020").get_data(as_text=True)
    assert _cell(html, "17", "total") == _direct(app)["17"][0]
    assert 'data-province="17"' not in client.get("/follow-up/?year=2019").get_data(as_text=True)
    with app.app_context():
        kinds = dict(_db.session.execute(
            sa.select(Agency.kind, sa.func.count()).join(ActionItem, ActionItem.agency_id == Agency.id)
            .group_by(Agency.kind)).all())
    for kind, count in kinds.items():
        kind_row = client.get("/follow-up/").get_data(as_text=True).split(f'data-kind="{kind}"')[1].split("</tr>")[0]
        assert f"<td>{count}</td>" in kind_row


def test_statement_counts_do_not_grow_with_data(app, client, world, users, query_counter, api_token):
    _user, token = api_token("organiser")
    login(client, users["organiser"].email)
    headers = {"Authorization": f"Bearer {token}"}
    urls = ["/follow-up/", f"/events/{world.slug}/follow-up", "/follow-up/items",
            "/api/v1/action-items", f"/api/v1/events/{world.slug}/action-items", "/follow-up/export.csv",
            f"/events/{world.slug}/follow-up/report"]

    def counts():
        found = []
        for url in urls:
            with query_counter() as n:
                assert client.get(url, headers=headers if "/api/" in url else {}).status_code == 200
            found.append(n[0])
        return found

    _fill(app, world, 10)
    small = counts()
    _fill(app, world, 120, prefix="Lagi ")
    assert counts() == small


def test_csv_and_xlsx_hold_items_with_their_updates(app, client, world, users):
    _fill(app, world, 6)
    login(client, users["organiser"].email)
    rows = list(csv.DictReader(io.StringIO(client.get("/follow-up/export.csv").data.decode("utf-8-sig"))))
    with app.app_context():
        items = _db.session.query(ActionItem).count()
        updates = _db.session.query(ActionUpdate).count()
        with_updates = _db.session.query(ActionUpdate.action_item_id).distinct().count()
    assert len(rows) == updates + (items - with_updates)
    item4 = [r for r in rows if r["Judul"] == "Butir 4"]
    assert [r["Catatan pembaruan"] for r in item4] == ["Catatan 4.0"]
    assert item4[0]["Kode status"] == "dropped" and item4[0]["Kode provinsi"] == "73"
    assert item4[0]["Kode jenis"] == "commitment"
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get("/follow-up/export.xlsx").data))
    assert book["Butir tindak lanjut"].max_row == items + 1 and book["Pembaruan"].max_row == updates + 1
    header = [c.value for c in book["Butir tindak lanjut"][1]]
    assert header[:4] == ["ID", "Judul acara", "Jenis", "Provinsi"] and "Terlambat" in header


def test_csv_neutralises_formulas(app, client, world, users, add_item):
    add_item("17", title="=HYPERLINK(\"http://evil\")")
    login(client, users["organiser"].email)
    text = client.get("/follow-up/export.csv").data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_report_html_and_pdf(app, client, world, users, add_item):
    add_item("17", title="Pelayanan prima berbasis online")
    login(client, users["organiser"].email)
    html = client.get(f"/events/{world.slug}/follow-up/report").get_data(as_text=True)
    assert "Laporan Tindak Lanjut" in html and "Pelayanan prima berbasis online" in html
    assert html.index('data-province="17"') < html.index('data-province="73"')
    pdf = client.get(f"/events/{world.slug}/follow-up/report.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_report_marks_overdue_central_items(app, client, world, users, add_item):
    with app.app_context():
        ministry = Agency(name="Kementerian Uji", kind="ministry", province_code=None)
        _db.session.add(ministry)
        _db.session.commit()
        central_id = ministry.id
    add_item(None, agency_id=central_id, title="Pedoman pusat A", due=date(2021, 6, 30))
    add_item(None, agency_id=central_id, title="Pedoman pusat B", due=date(2021, 6, 30), status="done")
    login(client, users["organiser"].email)
    html = client.get(f"/events/{world.slug}/follow-up/report").get_data(as_text=True)
    central = html[html.index("Umum dan pusat"):html.index('data-province="17"')]
    rows = {title: row for row in central.split("<tr") for title in ("Pedoman pusat A", "Pedoman pusat B")
            if title in row}
    assert "Terlambat" in rows["Pedoman pusat A"]  # open, past its date
    assert "Terlambat" not in rows["Pedoman pusat B"]  # done


def test_report_marks_overdue_items_of_provinces_like_the_pdf(app, client, world, users, add_item):
    add_item("94", title="Komitmen Papua terlambat", due=date(2021, 6, 30))
    add_item("94", title="Komitmen Papua selesai", due=date(2021, 6, 30), status="done")
    login(client, users["organiser"].email)
    html = client.get(f"/events/{world.slug}/follow-up/report").get_data(as_text=True)
    papua = html[html.index('data-province="94"'):]
    articles = {title: part for part in papua.split("<article") for title in
                ("Komitmen Papua terlambat", "Komitmen Papua selesai") if title in part}
    assert "Terlambat" in articles["Komitmen Papua terlambat"]
    assert "Terlambat" not in articles["Komitmen Papua selesai"]


def test_exports_read_in_words_with_codes_beside_and_update_times_in_the_event_zone(app, client, world, users,
                                                                                   add_item):
    from datetime import UTC, datetime

    from openpyxl import load_workbook

    from lokakarya.events.models import Event

    item_id = add_item("73", category="dasar_hukum", status="in_progress", title="Mal pelayanan publik")
    with app.app_context():
        _db.session.get(Event, world.event_id).timezone = "Asia/Makassar"
        # 01:30 UTC is 09:30 in Makassar (WITA).
        _db.session.add(ActionUpdate(action_item_id=item_id, note="Sudah rapat", progress=40, status="in_progress",
                                     created_at=datetime(2021, 3, 1, 1, 30, tzinfo=UTC)))
        _db.session.commit()
    login(client, users["organiser"].email)
    expected = {
        "id": {"Jenis": "Komitmen", "Kategori": "Dasar hukum", "Status": "Sedang berjalan", "Terlambat": "Ya",
               "Waktu pembaruan": "2021-03-01 09:30 WITA", "Status pembaruan": "Sedang berjalan",
               "Kode jenis": "commitment", "Kode kategori": "dasar_hukum", "Kode status": "in_progress",
               "Kode status pembaruan": "in_progress", "Kode provinsi": "73"},
        "en": {"Kind": "Commitment", "Category": "Legal basis", "Status": "In progress", "Overdue": "Yes",
               "Update time": "2021-03-01 09:30 WITA", "Update status": "In progress",
               "Kind code": "commitment", "Category code": "dasar_hukum", "Status code": "in_progress",
               "Update status code": "in_progress", "Province code": "73"},
    }
    for lang, sheets in (("id", ("Butir tindak lanjut", "Pembaruan")), ("en", ("Action items", "Updates"))):
        text = client.get(f"/follow-up/export.csv?lang={lang}").data.decode("utf-8-sig")
        [row] = list(csv.DictReader(io.StringIO(text)))
        assert {key: row[key] for key in expected[lang]} == expected[lang]
        assert "T01:30" not in text and "+00:00" not in text
        book = load_workbook(io.BytesIO(client.get(f"/follow-up/export.xlsx?lang={lang}").data))
        items, updates = (list(book[name].iter_rows(values_only=True)) for name in sheets)
        # The same words and codes, the update's on its own sheet.
        cells = {**dict(zip(items[0], items[1], strict=True)), **dict(zip(updates[0], updates[1], strict=True))}
        assert {key: cells[key] for key in expected[lang]} == expected[lang]

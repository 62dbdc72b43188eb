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
    item4 = [r for r in rows if r["title"] == "Butir 4"]
    assert [r["update_note"] for r in item4] == ["Catatan 4.0"]
    assert item4[0]["status"] == "dropped" and item4[0]["province_code"] == "73" and item4[0]["kind"] == "commitment"
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get("/follow-up/export.xlsx").data))
    assert book["action_items"].max_row == items + 1 and book["updates"].max_row == updates + 1
    header = [c.value for c in book["action_items"][1]]
    assert header[:4] == ["id", "event", "kind", "province_code"] and "overdue" in header


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

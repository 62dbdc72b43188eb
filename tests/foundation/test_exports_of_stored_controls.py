"""What is already stored never breaks an export: control characters written straight into the
database (as text saved before input was checked would be) are dropped when every export is
written, and each file opens. openpyxl raised on them: one registrant named with \\x01 made the
event's whole XLSX list and its daftar hadir answer 500, one progress note the follow-up XLSX."""
import csv
import io
import json

import pytest
import sqlalchemy as sa
from icalendar import Calendar
from openpyxl import load_workbook
from pypdf import PdfReader

from lokakarya.agencies.models import Agency
from lokakarya.auth.models import User
from lokakarya.core.text import has_forbidden_characters
from lokakarya.demo.seed import ORGANISER, SLUG
from lokakarya.evaluation.models import Answer, EvaluationForm, Question, Response
from lokakarya.events.models import Event, EventSession
from lokakarya.extensions import db as _db
from lokakarya.followup.models import ActionItem, ActionUpdate, Issue
from lokakarya.ical.feed_tokens import organiser_feed_token
from lokakarya.registration.models import Registration
from tests.conftest import login

# No NUL: PostgreSQL cannot store it at all, so nothing stored can carry it.
DIRTY = "\x01\x08\x0b\x1b\x7f"


def dirty(text: str) -> str:
    return text[:3] + DIRTY + text[3:]


@pytest.fixture
def stored(app, demo):
    """The demo workshop with control characters in what people typed, written behind the
    input checks' back; returns the clean texts expected in the files."""
    with app.app_context():
        event = _db.session.execute(sa.select(Event).where(Event.slug == SLUG)).scalar_one()
        person = _db.session.execute(sa.select(Registration).where(Registration.event_id == event.id)
                                     .order_by(Registration.id)).scalars().first()
        item = _db.session.execute(sa.select(ActionItem).where(ActionItem.event_id == event.id)
                                   .order_by(ActionItem.id)).scalars().first()
        session = event.sessions[0]
        form = EvaluationForm(event_id=event.id, is_open=True)
        question = Question(kind="text", text="Saran untuk panitia", position=0)
        form.questions = [question]
        _db.session.add(form)
        _db.session.flush()
        response = Response(form_id=form.id, registration_id=person.id)
        _db.session.add(response)
        _db.session.flush()
        _db.session.add(Answer(response_id=response.id, question_id=question.id, value="Lebih banyak diskusi"))
        _db.session.add(ActionUpdate(item=item, author_id=event.created_by_id, note="Catatan kemajuan terbaru"))
        _db.session.commit()
        clean = {"name": person.name, "event": event.title, "session": session.title, "item": item.title,
                 "agency": person.agency.name}
        token, registration_id, session_id = person.token, person.id, session.id
        organiser = _db.session.execute(sa.select(User).where(User.email == ORGANISER.email)).scalar_one()
        feed = organiser_feed_token(organiser)
        # Behind the checks' back, as rows written before them would be.
        for model, column, where in (
            (Registration, "name", Registration.id == person.id),
            (Registration, "position", Registration.id == person.id),
            (Agency, "name", Agency.id == person.agency_id),
            (Event, "title", Event.id == event.id),
            (EventSession, "title", EventSession.id == session.id),
            (ActionItem, "title", ActionItem.id == item.id),
            (ActionItem, "description", ActionItem.id == item.id),
            (Issue, "description", Issue.event_id == event.id),
            (ActionUpdate, "note", ActionUpdate.action_item_id == item.id),
            (Question, "text", Question.id == question.id),
            (Answer, "value", Answer.question_id == question.id),
        ):
            value = sa.func.substr(getattr(model, column), 1, 3) + DIRTY + sa.func.substr(getattr(model, column), 4)
            _db.session.execute(sa.update(model).where(where).values({column: value}))
        _db.session.commit()
        assert has_forbidden_characters(_db.session.get(Registration, registration_id).name)
    return {"clean": clean, "token": token, "registration_id": registration_id, "session_id": session_id,
            "feed": feed}


def exports(stored) -> dict[str, str]:
    s, t = SLUG, stored["token"]
    return {
        "registrations.csv": f"/events/{s}/registrations.csv",
        "registrations.xlsx": f"/events/{s}/registrations.xlsx",
        "registrations print": f"/events/{s}/registrations/print",
        "daftar hadir xlsx": f"/events/{s}/attendance/daftar-hadir.xlsx",
        "daftar hadir xlsx (session)": f"/events/{s}/attendance/daftar-hadir.xlsx?session={stored['session_id']}",
        "daftar hadir pdf": f"/events/{s}/attendance/daftar-hadir.pdf",
        "daftar hadir pdf (session)": f"/events/{s}/attendance/daftar-hadir.pdf?session={stored['session_id']}",
        "follow-up csv": "/follow-up/export.csv",
        "follow-up xlsx": "/follow-up/export.xlsx",
        "follow-up report": f"/events/{s}/follow-up/report",
        "follow-up report pdf": f"/events/{s}/follow-up/report.pdf",
        "evaluation xlsx": f"/events/{s}/evaluation.xlsx",
        "certificate pdf (participant)": f"/r/{t}/certificate.pdf",
        "personal data json": f"/r/{t}/data.json",
        "event calendar": f"/events/{s}/calendar.ics",
        "session calendar": f"/events/{s}/sessions/{stored['session_id']}.ics",
        "personal calendar": f"/r/{t}/calendar.ics",
        "organiser calendar": f"/organiser/{stored['feed']}/calendar.ics",
    }


def text_of(name: str, data: bytes) -> str:
    """The file opened as its program would open it, as text."""
    if "xlsx" in name:
        book = load_workbook(io.BytesIO(data))
        return "\n".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row
                         if v is not None)
    if "pdf" in name and "json" not in name:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    if "csv" in name:
        return "\n".join(",".join(row) for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    if "calendar" in name:
        return "\n".join(str(c.get("SUMMARY", "")) + str(c.get("DESCRIPTION", ""))
                         for c in Calendar.from_ical(data).walk())
    if "json" in name:
        return json.dumps(json.loads(data), ensure_ascii=False)
    return data.decode()


def test_every_export_of_stored_control_characters_opens(app, client, stored):
    assert login(client, ORGANISER.email, ORGANISER.password).status_code == 302
    assert client.post(f"/events/{SLUG}/certificates/issue/{stored['registration_id']}").status_code == 302
    failed, unclean = [], []
    for name, url in exports(stored).items():
        response = client.get(url)
        if response.status_code != 200:
            failed.append((name, response.status_code))
            continue
        text = text_of(name, response.data)
        # Pages (HTML) and the person's own data (JSON, which escapes them) may show what is stored.
        if not name.endswith(("print", "report", "json")) and has_forbidden_characters(text):
            unclean.append(name)
    assert failed == []
    assert unclean == []


@pytest.mark.parametrize("name", ["registrations.csv", "registrations.xlsx", "daftar hadir xlsx",
                                  "daftar hadir pdf", "certificate pdf (participant)"])
def test_the_registrant_is_there_without_the_control_characters(app, client, stored, name):
    login(client, ORGANISER.email, ORGANISER.password)
    client.post(f"/events/{SLUG}/certificates/issue/{stored['registration_id']}")
    text = text_of(name, client.get(exports(stored)[name]).data)
    expected = stored["clean"]["name"]
    assert expected in text or expected.upper() in text


@pytest.mark.parametrize("name", ["follow-up csv", "follow-up xlsx", "follow-up report pdf"])
def test_the_action_item_is_there_without_the_control_characters(app, client, stored, name):
    login(client, ORGANISER.email, ORGANISER.password)
    text = text_of(name, client.get(exports(stored)[name]).data)
    assert stored["clean"]["item"] in text.replace("\n", " ")

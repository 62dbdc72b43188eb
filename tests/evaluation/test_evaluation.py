"""The evaluation: one answer per registrant, anonymity, the certificate condition, results."""
import io
import random

import pytest
import sqlalchemy as sa
from flask_babel import refresh
from openpyxl import load_workbook
from werkzeug.datastructures import MultiDict

from lokakarya.evaluation.gate import registrations_missing_evaluation
from lokakarya.evaluation.models import Answer, Completion, EvaluationForm, Question, Response
from lokakarya.evaluation.services import ensure_form
from lokakarya.mail.models import OutboxMessage
from tests.reminders.builders import make_event, make_registration

SLUG = "lokakarya-uji"


@pytest.fixture
def event(db):
    return make_event()


@pytest.fixture
def open_form(db, event):
    form = ensure_form(event)
    form.is_open = True
    db.session.commit()
    return form


def full_answers(form, **overrides) -> dict:
    data = {}
    for q in form.questions:
        if q.kind == "rating":
            data[f"q{q.id}"] = "4"
        elif q.kind == "text":
            data[f"q{q.id}"] = "Durasi diskusi ditambah."
    data.update(overrides)
    return data


def count(db, model) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar()


def test_the_default_workshop_questionnaire(db, event):
    form = ensure_form(event)
    texts = [q.text for q in form.questions]
    assert [q.kind for q in form.questions] == ["rating"] * 4 + ["text"]
    assert any("materi" in t for t in texts) and any("narasumber" in t for t in texts)
    assert any("penyelenggaraan" in t for t in texts) and any("teknis" in t for t in texts)
    assert "Saran" in texts[-1] and not form.questions[-1].required
    assert ensure_form(event).id == form.id


def test_a_registrant_answers_once(client, db, event, open_form):
    person = make_registration(event)
    page = client.get(f"/r/{person.token}").get_data(as_text=True)
    assert "Bagaimana penilaian Anda terhadap narasumber?" in page
    response = client.post(f"/r/{person.token}/evaluation", data=full_answers(open_form), follow_redirects=True)
    assert "Terima kasih, jawaban evaluasi Anda tersimpan." in response.get_data(as_text=True)
    again = client.post(f"/r/{person.token}/evaluation", data=full_answers(open_form), follow_redirects=True)
    assert "Anda sudah mengisi evaluasi ini." in again.get_data(as_text=True)
    assert count(db, Response) == 1 and count(db, Completion) == 1
    assert "Bagaimana penilaian Anda terhadap narasumber?" not in client.get(f"/r/{person.token}").get_data(as_text=True)


def test_missing_required_answers_change_nothing(client, db, event, open_form):
    person = make_registration(event)
    first = open_form.questions[0]
    data = full_answers(open_form)
    del data[f"q{first.id}"]
    data[f"q{open_form.questions[1].id}"] = "9"
    response = client.post(f"/r/{person.token}/evaluation", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Pertanyaan ini wajib dijawab." in html and "Pilih nilai 1 sampai 5." in html
    assert "Durasi diskusi ditambah." in html  # what was typed is kept
    assert count(db, Response) == 0 and count(db, Completion) == 0


def test_anonymous_answers_keep_no_link_to_the_person(client, db, event, open_form):
    people = [make_registration(event) for _ in range(3)]
    for person in people:
        client.post(f"/r/{person.token}/evaluation", data=full_answers(open_form, anonymous="1"))
    responses = db.session.execute(sa.select(Response)).scalars().all()
    assert len(responses) == 3
    assert all(r.registration_id is None and r.submitted_at is None for r in responses)
    # The only trace against the registration is the mark; it carries no time and no serial id.
    assert set(c.name for c in Completion.__table__.columns) == {"form_id", "registration_id"}
    assert {c.registration_id for c in db.session.execute(sa.select(Completion)).scalars()} == {p.id for p in people}
    # Response ids are random, so their order says nothing about who answered first.
    assert all(len(r.id) == 32 for r in responses)
    columns = {c.name for t in (Response.__table__, Answer.__table__) for c in t.columns}
    assert not columns & {"registration_token", "email", "name", "completion_id"}


def test_named_answers_are_linked(client, db, event, open_form):
    person = make_registration(event)
    client.post(f"/r/{person.token}/evaluation", data=full_answers(open_form))
    assert db.session.execute(sa.select(Response.registration_id)).scalar_one() == person.id


def test_only_confirmed_registrants_while_open(client, db, event):
    form = ensure_form(event)
    db.session.commit()
    person = make_registration(event)
    pending = make_registration(event, status="pending")
    assert client.post(f"/r/{person.token}/evaluation", data=full_answers(form)).status_code == 404  # closed
    form.is_open = True
    db.session.commit()
    assert client.post(f"/r/{pending.token}/evaluation", data=full_answers(form)).status_code == 404
    assert 'data-testid="evaluation"' not in client.get(f"/r/{pending.token}").get_data(as_text=True)
    assert 'data-testid="evaluation"' in client.get(f"/r/{person.token}").get_data(as_text=True)


def test_certificate_condition(client, db, event, open_form):
    done, waiting = make_registration(event), make_registration(event)
    client.post(f"/r/{done.token}/evaluation", data=full_answers(open_form, anonymous="1"))
    ids = {done.id, waiting.id}
    assert registrations_missing_evaluation(event, ids) == set()  # not a condition yet
    open_form.required_for_certificate = True
    db.session.commit()
    assert registrations_missing_evaluation(event, ids) == {waiting.id}
    client.post(f"/r/{waiting.token}/evaluation", data=full_answers(open_form))
    assert registrations_missing_evaluation(event, ids) == set()
    assert registrations_missing_evaluation(event, set()) == set()


def test_the_organiser_switches_the_condition_on(client, db, event, login_as):
    login_as("organiser")
    client.get(f"/events/{SLUG}/evaluation")
    client.post(f"/events/{SLUG}/evaluation/settings", data={"is_open": "y", "required_for_certificate": "y"})
    db.session.expire_all()
    form = db.session.execute(sa.select(EvaluationForm)).scalar_one()
    assert form.is_open and form.required_for_certificate
    person = make_registration(event)
    assert "syarat untuk mengunduh sertifikat" in client.get(f"/r/{person.token}").get_data(as_text=True)


def test_results_equal_direct_counts(client, db, event, open_form, login_as, api_token):
    choice = Question(form_id=open_form.id, position=10, kind="multiple", text="Topik yang berguna",
                      options="Regulasi\nSarana\nTeknologi informasi", required=False)
    db.session.add(choice)
    db.session.commit()
    rng = random.Random(2020)
    for _ in range(12):
        person = make_registration(event)
        data = full_answers(open_form)
        for q in open_form.questions:
            if q.kind == "rating":
                data[f"q{q.id}"] = str(rng.randint(1, 5))
        picked = rng.sample(["Regulasi", "Sarana", "Teknologi informasi"], rng.randint(0, 3))
        body = list(data.items()) + [(f"q{choice.id}", p) for p in picked]
        if rng.random() < 0.5:
            body.append(("anonymous", "1"))
        assert client.post(f"/r/{person.token}/evaluation", data=MultiDict(body)).status_code == 302
    _user, token = api_token("organiser")
    results = client.get(f"/api/v1/events/{SLUG}/evaluation", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert results["responses"] == 12
    for question in results["questions"]:
        rows = db.session.execute(sa.select(Answer.rating, Answer.value).where(Answer.question_id == question["id"])).all()
        if question["kind"] == "rating":
            ratings = [r for r, _v in rows]
            assert {c["label"]: c["count"] for c in question["counts"]} == {
                str(n): ratings.count(n) for n in range(1, 6)}
            assert question["average"] == round(sum(ratings) / len(ratings), 2)
        elif question["kind"] == "multiple":
            values = [v for _r, v in rows]
            assert {c["label"]: c["count"] for c in question["counts"]} == {
                o: values.count(o) for o in ("Regulasi", "Sarana", "Teknologi informasi")}
        else:
            assert question["texts"] == ["Durasi diskusi ditambah."] * 12
    login_as("organiser")
    html = client.get(f"/events/{SLUG}/evaluation").get_data(as_text=True)
    first = results["questions"][0]
    assert f'{first["average"]:.2f}' in html and "<svg" in html
    workbook = load_workbook(io.BytesIO(client.get(f"/events/{SLUG}/evaluation.xlsx").data))
    summary = workbook.worksheets[0]
    assert summary.cell(3, 1).value == first["text"] and summary.cell(3, 3).value == first["average"]
    assert workbook.worksheets[1].max_row == 13  # header and twelve responses


@pytest.mark.parametrize(("lang", "sheets", "header", "kinds"), [
    ("id", ["Ringkasan", "Jawaban"], ("Pertanyaan", "Penjawab", "Rata-rata", "Jumlah per pilihan", "Jenis pertanyaan"),
     ["Penilaian 1–5"] * 4 + ["Teks bebas"]),
    ("en", ["Summary", "Answers"], ("Questions", "Respondents", "Average", "Count per option", "Question type"),
     ["Rating 1–5"] * 4 + ["Free text"])])
def test_the_export_is_headed_and_names_question_kinds_in_the_users_language(client, db, event, open_form, login_as,
                                                                            lang, sheets, header, kinds):
    client.post(f"/r/{make_registration(event).token}/evaluation", data=full_answers(open_form))
    login_as("organiser")
    refresh()  # the test's app context would keep the language of the requests above
    book = load_workbook(io.BytesIO(client.get(f"/events/{SLUG}/evaluation.xlsx?lang={lang}").data))
    assert book.sheetnames == sheets
    rows = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert rows[0] == header and [row[4] for row in rows[1:]] == kinds


def test_free_text_formulas_stay_text_in_the_export(client, db, event, open_form, login_as):
    person = make_registration(event)
    text_q = open_form.questions[-1]
    client.post(f"/r/{person.token}/evaluation", data=full_answers(open_form, **{f"q{text_q.id}": "=HYPERLINK(\"x\")"}))
    login_as("organiser")
    workbook = load_workbook(io.BytesIO(client.get(f"/events/{SLUG}/evaluation.xlsx").data))
    assert workbook.worksheets[1].cell(2, len(open_form.questions)).value == "'=HYPERLINK(\"x\")"


def test_who_has_not_answered_and_the_reminder(client, db, event, open_form, login_as):
    done = make_registration(event, name="Sudah Mengisi")
    make_registration(event, name="Belum Satu")
    make_registration(event, name="Belum Dua")
    client.post(f"/r/{done.token}/evaluation", data=full_answers(open_form, anonymous="1"))
    login_as("organiser")
    html = client.get(f"/events/{SLUG}/evaluation").get_data(as_text=True)
    listed = html.split('data-testid="not-answered"')[1].split("</ul>")[0]
    assert "Belum Satu" in listed and "Belum Dua" in listed and "Sudah Mengisi" not in listed
    response = client.post(f"/events/{SLUG}/evaluation/remind", follow_redirects=True)
    assert "Pengingat evaluasi dikirim ke 2 peserta." in response.get_data(as_text=True)
    mail = db.session.execute(sa.select(OutboxMessage.recipient).where(OutboxMessage.kind == "evaluation_reminder")).scalars().all()
    assert done.email not in mail and len(mail) == 2


def test_building_the_questionnaire(client, db, event, login_as):
    login_as("organiser")
    client.get(f"/events/{SLUG}/evaluation")
    bad = client.post(f"/events/{SLUG}/evaluation/questions", data={"kind": "single", "text": "Pilih satu", "options": "Hanya satu"})
    assert bad.status_code == 422 and "paling sedikit dua pilihan" in bad.get_data(as_text=True)
    client.post(f"/events/{SLUG}/evaluation/questions", data={"kind": "single", "text": "Sesi terbaik", "options": "Sesi 1\nSesi 2", "required": "y"})
    form = db.session.execute(sa.select(EvaluationForm)).scalar_one()
    db.session.refresh(form)
    assert form.questions[-1].text == "Sesi terbaik" and form.questions[-1].choices == ["Sesi 1", "Sesi 2"]
    client.post(f"/events/{SLUG}/evaluation/questions/{form.questions[0].id}/delete")
    db.session.refresh(form)
    assert len(form.questions) == 5


def test_manage_page_runs_a_constant_number_of_statements(client, db, event, open_form, login_as, query_counter):
    login_as("organiser")
    person = make_registration(event)
    client.post(f"/r/{person.token}/evaluation", data=full_answers(open_form))
    db.session.expire_all()
    with query_counter() as small:
        assert client.get(f"/events/{SLUG}/evaluation").status_code == 200
    for _ in range(8):
        other = make_registration(event)
        client.post(f"/r/{other.token}/evaluation", data=full_answers(open_form, anonymous="1"))
        make_registration(event)
    db.session.expire_all()
    with query_counter() as large:
        assert client.get(f"/events/{SLUG}/evaluation").status_code == 200
    assert small[0] == large[0]


def test_forgetting_a_registrant_unlinks_their_answers(client, db, event, open_form):
    from lokakarya.evaluation.privacy import export, forget

    person = make_registration(event)
    client.post(f"/r/{person.token}/evaluation", data=full_answers(open_form))
    assert export(person)["answered"] is True and len(export(person)["answers"]) == 5
    forget(person)
    db.session.commit()
    assert db.session.execute(sa.select(Response.registration_id)).scalar_one() is None
    assert count(db, Completion) == 0 and count(db, Answer) == 5  # still counted


def test_api_results_need_an_organiser(client, db, event, api_token):
    assert client.get(f"/api/v1/events/{SLUG}/evaluation").status_code == 401
    _user, token = api_token("organiser")
    body = client.get(f"/api/v1/events/{SLUG}/evaluation", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert body == {"open": False, "required_for_certificate": False, "responses": 0, "questions": []}
    assert client.get("/api/v1/events/tidak-ada/evaluation", headers={"Authorization": f"Bearer {token}"}).status_code == 404


def test_reading_the_page_saves_nothing_and_the_first_change_saves_the_default_questions(client, db, login_as):
    from lokakarya.evaluation.defaults import DEFAULT_QUESTIONS
    from lokakarya.evaluation.models import EvaluationForm, Question
    from lokakarya.events.models import Event

    db.session.add(Event(slug="baru", title="Lokakarya Baru", timezone="Asia/Jakarta"))
    db.session.commit()
    login_as("organiser")

    def saved():
        return (db.session.execute(db.select(db.func.count()).select_from(EvaluationForm)).scalar(),
                db.session.execute(db.select(db.func.count()).select_from(Question)).scalar())

    page = client.get("/events/baru/evaluation").get_data(as_text=True)
    assert page.count('data-testid="question-item"') == len(DEFAULT_QUESTIONS)
    assert 'data-testid="default-questions"' in page and "/questions/" not in page  # nothing to delete yet
    assert saved() == (0, 0)
    client.post("/events/baru/evaluation/settings", data={"is_open": "y"})
    assert saved() == (1, len(DEFAULT_QUESTIONS))
    page = client.get("/events/baru/evaluation").get_data(as_text=True)
    assert 'data-testid="default-questions"' not in page and page.count("/delete") == len(DEFAULT_QUESTIONS)

"""The questionnaire of an event, answering it once, results and reminders (never commits)."""
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from lokakarya.evaluation.answers import QuestionSpec, Value
from lokakarya.evaluation.defaults import DEFAULT_QUESTIONS
from lokakarya.evaluation.models import Answer, Completion, EvaluationForm, Question, Response
from lokakarya.evaluation.results import QuestionResult, summarise
from lokakarya.events.models import Event
from lokakarya.extensions import db
from lokakarya.mail.compose import Draft
from lokakarya.mail.outbox import queue
from lokakarya.registration import links
from lokakarya.registration.models import Registration
from lokakarya.timeutil import now_utc


class AlreadyAnswered(Exception):
    pass


def form_for(event_id: int) -> EvaluationForm | None:
    return db.session.execute(
        db.select(EvaluationForm).where(EvaluationForm.event_id == event_id)
        .options(selectinload(EvaluationForm.questions))
    ).scalar_one_or_none()


def default_form(event: Event) -> EvaluationForm:
    """The questionnaire an event starts with, not saved: what the organiser's page shows until
    the first change saves it (ensure_form), so that reading the page writes nothing."""
    return EvaluationForm(event_id=event.id, is_open=False, required_for_certificate=False, questions=[
        Question(position=position, kind=kind, text=text, options=options, required=required)
        for position, (kind, text, options, required) in enumerate(DEFAULT_QUESTIONS)])


def ensure_form(event: Event) -> EvaluationForm:
    """The event's questionnaire, created with the default workshop questions on first use."""
    form = form_for(event.id)
    if form is not None:
        return form
    try:
        with db.session.begin_nested():
            form = EvaluationForm(event_id=event.id)
            for position, (kind, text, options, required) in enumerate(DEFAULT_QUESTIONS):
                form.questions.append(Question(position=position, kind=kind, text=text,
                                               options=options, required=required))
            db.session.add(form)
            db.session.flush()
        return form
    except IntegrityError:  # created by a parallel request
        return form_for(event.id)


def specs(form: EvaluationForm) -> list[QuestionSpec]:
    return [QuestionSpec(q.id, q.kind, q.text, tuple(q.choices), q.required) for q in form.questions]


def add_question(form: EvaluationForm, kind: str, text: str, options: str, required: bool) -> Question:
    position = max((q.position for q in form.questions), default=-1) + 1
    question = Question(form_id=form.id, position=position, kind=kind, text=text.strip(),
                        options=options.strip() if kind in ("single", "multiple") else "",
                        required=required)
    form.questions.append(question)
    db.session.flush()
    return question


def response_count(form_id: int) -> int:
    return db.session.execute(
        db.select(func.count()).select_from(Response).where(Response.form_id == form_id)).scalar_one()


def has_answered(form_id: int, registration_id: int) -> bool:
    return db.session.get(Completion, (form_id, registration_id)) is not None


def submit(form: EvaluationForm, registration: Registration, values: list[Value], anonymous: bool) -> Response:
    """Store one response; the completion mark's key refuses a second one (AlreadyAnswered).

    Anonymous: the response keeps neither the registration nor a time, so nothing in the
    database leads from the answers to the person; the person only gets the completion mark.
    """
    try:
        with db.session.begin_nested():
            db.session.add(Completion(form_id=form.id, registration_id=registration.id))
            db.session.flush()
    except IntegrityError:
        raise AlreadyAnswered() from None
    response = Response(form_id=form.id,
                        registration_id=None if anonymous else registration.id,
                        submitted_at=None if anonymous else now_utc())
    response.answers = [Answer(question_id=v.question_id, rating=v.rating, value=v.value) for v in values]
    db.session.add(response)
    db.session.flush()
    return response


def answer_rows(form_id: int) -> list[tuple[str, int, int | None, str | None]]:
    return list(db.session.execute(
        db.select(Answer.response_id, Answer.question_id, Answer.rating, Answer.value)
        .join(Response).where(Response.form_id == form_id).order_by(Answer.id)
    ).tuples())


def results(form: EvaluationForm) -> list[QuestionResult]:
    return summarise(specs(form), answer_rows(form.id))


def not_answered(event_id: int, form_id: int) -> list[Registration]:
    """Confirmed registrants without a completion mark (one query)."""
    answered = db.select(Completion.registration_id).where(Completion.form_id == form_id)
    return list(db.session.execute(
        db.select(Registration)
        .where(Registration.event_id == event_id, Registration.status == "confirmed",
               Registration.anonymised_at.is_(None), Registration.id.not_in(answered))
        .order_by(Registration.name)
    ).scalars())


def remind(event: Event, registrations: list[Registration]) -> int:
    count = 0
    for registration in registrations:
        if not registration.email:
            continue
        with force_locale(registration.locale or "id"):
            text = render_template("evaluation/mail/reminder.txt", event=event, registration=registration,
                                   personal_link=links.personal_url(registration))
            subject = _("Mohon isi evaluasi: %(title)s", title=event.title)
        # Inserted together at the caller's commit.
        queue(Draft(to=registration.email, subject=subject, text=text), kind="evaluation_reminder", flush=False)
        count += 1
    return count


def results_json(form: EvaluationForm | None) -> dict:
    if form is None:
        return {"open": False, "required_for_certificate": False, "responses": 0, "questions": []}
    return {
        "open": form.is_open, "required_for_certificate": form.required_for_certificate,
        "responses": response_count(form.id),
        "questions": [
            {"id": r.question_id, "kind": r.kind, "text": r.text, "respondents": r.respondents,
             "average": r.average, "counts": [{"label": label, "count": c} for label, c in r.counts],
             "texts": r.texts}
            for r in results(form)
        ],
    }

"""Whether a missing evaluation answer holds back a certificate (the evaluation feature
implements the rule; certificates ask it)."""
from lokakarya.evaluation.models import Completion, EvaluationForm
from lokakarya.events.models import Event
from lokakarya.extensions import db


def registrations_missing_evaluation(event: Event, registration_ids: set[int]) -> set[int]:
    """Those of `registration_ids` whose certificate waits for an evaluation answer: all that
    have not answered, when the organiser made the answer a condition (two queries)."""
    if not registration_ids:
        return set()
    form = db.session.execute(
        db.select(EvaluationForm).where(EvaluationForm.event_id == event.id)).scalar_one_or_none()
    if form is None or not form.required_for_certificate:
        return set()
    answered = set(db.session.execute(
        db.select(Completion.registration_id).where(
            Completion.form_id == form.id, Completion.registration_id.in_(registration_ids))
    ).scalars())
    return set(registration_ids) - answered

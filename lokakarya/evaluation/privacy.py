"""Personal data held by the evaluation: named answers and the "has answered" mark."""
from lokakarya.evaluation.models import Answer, Completion, Response
from lokakarya.extensions import db
from lokakarya.registration.models import Registration


def forget(registration: Registration) -> None:
    """Named answers stay in the counts but lose their link to the person."""
    db.session.execute(db.update(Response).where(Response.registration_id == registration.id)
                       .values(registration_id=None, submitted_at=None))
    db.session.execute(db.delete(Completion).where(Completion.registration_id == registration.id))


def export(registration: Registration) -> dict:
    rows = db.session.execute(
        db.select(Response.submitted_at, Answer.question_id, Answer.rating, Answer.value)
        .join(Answer).where(Response.registration_id == registration.id).order_by(Answer.id)
    ).all()
    answered = db.session.execute(
        db.select(Completion).where(Completion.registration_id == registration.id)).first() is not None
    return {"answered": answered, "answers": [
        {"question_id": q, "rating": r, "value": v, "submitted_at": s.isoformat() if s else None}
        for s, q, r, v in rows]}

"""The evaluation questionnaire of an event, its answers and who has answered.

Anonymous answers keep no link to the person: the response row has a random id and no
registration or time, and the registration only gets a Completion ("has answered") mark.
"""
import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lokakarya.extensions import db
from lokakarya.timeutil import UTCDateTime, now_utc

QUESTION_KINDS = ("rating", "single", "multiple", "text")


def new_response_id() -> str:
    # Random, not sequential: the order of responses must not pair them with completions.
    return secrets.token_hex(16)


class EvaluationForm(db.Model):
    __tablename__ = "evaluation_forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    is_open: Mapped[bool] = mapped_column(default=False)
    required_for_certificate: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    questions: Mapped[list["Question"]] = relationship(
        back_populates="form", order_by="(Question.position, Question.id)", cascade="all, delete-orphan"
    )


class Question(db.Model):
    __tablename__ = "evaluation_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_forms.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(10))  # one of QUESTION_KINDS
    text: Mapped[str] = mapped_column(String(500))
    options: Mapped[str] = mapped_column(Text, default="")  # choices, one per line
    required: Mapped[bool] = mapped_column(default=True)

    form: Mapped[EvaluationForm] = relationship(back_populates="questions")

    @property
    def choices(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]


class Response(db.Model):
    __tablename__ = "evaluation_responses"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_response_id)
    form_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_forms.id", ondelete="CASCADE"), index=True
    )
    # Both empty for anonymous responses.
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id", ondelete="SET NULL"), index=True
    )
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    answers: Mapped[list["Answer"]] = relationship(cascade="all, delete-orphan")


class Answer(db.Model):
    """One value: a rating, a chosen option (one row per option for multiple choice) or a text."""

    __tablename__ = "evaluation_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[str] = mapped_column(
        ForeignKey("evaluation_responses.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_questions.id", ondelete="CASCADE"), index=True
    )
    rating: Mapped[int | None] = mapped_column()
    value: Mapped[str | None] = mapped_column(Text)


class Completion(db.Model):
    """The "has answered" mark; its key allows one answer per registrant. No serial id and no
    time, so the order of marks cannot be matched with the order of anonymous answers."""

    __tablename__ = "evaluation_completions"

    form_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_forms.id", ondelete="CASCADE"), primary_key=True
    )
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True, index=True
    )

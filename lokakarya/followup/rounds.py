"""Opening an event's follow-up round and chasing provinces that have not submitted."""
from datetime import datetime

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from lokakarya.audit.services import record
from lokakarya.auth.models import User
from lokakarya.auth.services import create_user, find_user, send_invitation
from lokakarya.core.links import absolute_url
from lokakarya.events.models import Event
from lokakarya.extensions import db
from lokakarya.followup.models import HANDED_IN, FollowupRound, Submission
from lokakarya.mail.compose import Draft
from lokakarya.mail.outbox import queue
from lokakarya.timeutil import now_utc


def round_for(event: Event) -> FollowupRound | None:
    return db.session.execute(
        sa.select(FollowupRound).where(FollowupRound.event_id == event.id)
    ).scalar_one_or_none()


def invited_codes(event: Event) -> list[str]:
    return [p.province_code for p in event.invited]


def province_focal_points(codes: list[str]) -> dict[str, list[User]]:
    users = db.session.execute(
        sa.select(User).where(User.role == "province_focal_point", User.province_code.in_(codes),
                              User.active.is_(True)).order_by(User.id)
    ).scalars()
    found: dict[str, list[User]] = {}
    for user in users:
        found.setdefault(user.province_code, []).append(user)
    return found


def submission_link(event: Event, province_code: str) -> str:
    return absolute_url("followup.submission", slug=event.slug, code=province_code)


def _mail_focal_point(user: User, event: Event, rnd: FollowupRound, template: str, kind: str,
                      subject: str) -> None:
    with force_locale("id"):
        queue(Draft(
            to=user.email, subject=subject,
            text=render_template(template, user=user, event=event, round=rnd,
                                 link=submission_link(event, user.province_code)),
        ), kind=kind)


def check_contacts(contacts: dict[str, str], codes: list[str]) -> dict[str, str]:
    problems = {}
    for code, email in contacts.items():
        if code not in codes:
            problems[f"focal_points.{code}"] = "bad_province"
            continue
        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError:
            problems[f"focal_points.{code}"] = "bad_email"
    return problems


def open_round(event: Event, deadline: datetime, contacts: dict[str, str], actor: User | None
               ) -> FollowupRound | dict[str, str]:
    """Open the round: a draft submission per invited province and an e-mail to its focal
    points; `contacts` (province code → e-mail) invites a focal point where none exists."""
    if round_for(event) is not None:
        return {"deadline": "round_exists"}
    codes = invited_codes(event)
    contacts = {code: email.strip() for code, email in contacts.items() if email and email.strip()}
    problems = check_contacts(contacts, codes)
    if problems:
        return problems
    rnd = FollowupRound(event_id=event.id, deadline=deadline, opened_by_id=actor.id if actor else None)
    db.session.add(rnd)
    existing = {s.province_code for s in submissions_of(event)}
    db.session.add_all([Submission(event_id=event.id, province_code=code)
                        for code in codes if code not in existing])
    focal = province_focal_points(codes)
    for code, email in contacts.items():
        if focal.get(code):
            continue
        user = find_user(email)
        if user is None:
            user = create_user(email, _("Focal point provinsi %(code)s", code=code),
                               "province_focal_point", province_code=code)
            send_invitation(user, inviter=actor)
        if user.role == "province_focal_point" and user.province_code == code:
            focal[code] = [user]
    db.session.flush()
    subject = _("Tindak lanjut lokakarya: %(title)s", title=event.title)
    for users in focal.values():
        for user in users:
            _mail_focal_point(user, event, rnd, "followup/mail/round_opened.txt", "followup_round",
                              subject)
    record("followup.round_open", rnd, after={"deadline": deadline, "provinces": codes},
           actor=actor, event_id=event.id)
    return rnd


def submissions_of(event: Event) -> list[Submission]:
    return list(db.session.execute(
        sa.select(Submission).where(Submission.event_id == event.id).order_by(Submission.province_code)
    ).scalars())


def remind_missing(event: Event, rnd: FollowupRound, actor: User | None) -> list[str]:
    """E-mail the focal points of provinces that have not submitted; returns their codes.
    The caller has the open round (it refuses the request without one)."""
    waiting = [s for s in submissions_of(event) if s.state not in HANDED_IN]
    focal = province_focal_points([s.province_code for s in waiting])
    subject = _("Pengingat tindak lanjut: %(title)s", title=event.title)
    reminded = []
    for submission in waiting:
        for user in focal.get(submission.province_code, []):
            _mail_focal_point(user, event, rnd, "followup/mail/round_reminder.txt",
                              "followup_round_reminder", subject)
        if focal.get(submission.province_code):
            submission.reminded_at = now_utc()
            reminded.append(submission.province_code)
    record("followup.round_remind", rnd, after={"provinces": reminded}, actor=actor, event_id=event.id)
    db.session.flush()
    return reminded

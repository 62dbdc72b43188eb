"""`/admin/outbox`: organisers see what is queued or failed and put failed mail back in the queue."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy.orm import defer

from lokakarya.auth.decorators import staff_required
from lokakarya.core.converters import database_id
from lokakarya.extensions import db
from lokakarya.mail.delivery import MAX_ATTEMPTS, retry_failed
from lokakarya.mail.models import OUTBOX_STATUSES, OutboxMessage

bp = Blueprint("mail", __name__, url_prefix="/admin/outbox")
PAGE_SIZE = 100


@bp.get("/")
@staff_required
def outbox():
    status = request.args.get("status")
    if status not in OUTBOX_STATUSES:
        status = None
    counts = dict(db.session.execute(
        db.select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    # Without a filter: what needs attention first (failed, then queued), then the latest sent.
    query = db.select(OutboxMessage).order_by(
        (OutboxMessage.status == "failed").desc(), (OutboxMessage.status == "queued").desc(),
        OutboxMessage.id.desc()).limit(PAGE_SIZE)
    if status:
        query = query.where(OutboxMessage.status == status)
    # Whole messages (with attachments) are not needed for a list.
    messages = db.session.execute(query.options(defer(OutboxMessage.composed), defer(OutboxMessage.draft))).scalars().all()
    return render_template("mail/outbox.html", messages=messages, counts=counts, status=status,
                           statuses=OUTBOX_STATUSES, max_attempts=MAX_ATTEMPTS)


@bp.post("/retry")
@staff_required
def retry():
    # One message (id=…) or, without ids, every failed one.
    raw_ids = request.form.getlist("id")
    ids = [i for i in map(database_id, raw_ids) if i is not None]
    count = retry_failed(ids) if ids else (0 if raw_ids else retry_failed())
    db.session.commit()
    flash(_("%(count)s pesan dimasukkan kembali ke antrean.", count=count))
    return redirect(url_for("mail.outbox"))

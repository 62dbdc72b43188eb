"""Taking due rows for one pass of a queue (mail outbox, video-meeting tasks and pulls).

One UPDATE whose rows are picked with FOR UPDATE SKIP LOCKED on PostgreSQL, so passes running at
once on several machines take different rows; atomic on SQLite, where one worker runs. The
caller's `values` move the rows out of `due` (a lease), so a crashed pass's rows come back later.
"""
from sqlalchemy import select, update

from lokakarya.extensions import db


def claim_due(model, due: tuple, values: dict, size: int, order_by: tuple = ()) -> list[int]:
    """Ids of at most `size` rows of `model` matching `due`, now changed by `values` (not committed)."""
    picked = (select(model.id).where(*due).order_by(*order_by, model.id).limit(size)
              .with_for_update(skip_locked=True).cte("picked"))
    return sorted(db.session.execute(
        update(model).where(model.id == picked.c.id, *due).values(**values)
        .returning(model.id).execution_options(synchronize_session=False)).scalars().all())

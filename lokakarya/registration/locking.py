"""The lock under which seats are counted and given (never check-then-insert without it).

PostgreSQL: the event row is locked (FOR NO KEY UPDATE: registrations of one event queue up,
while foreign keys to the event stay usable). SQLite: writing takes the database's write lock
(a no-op write, if the transaction has not written yet), so registering transactions run one
after another; they wait for it up to the busy timeout set in extensions.py. Both are
released by the request's commit or rollback.
"""
from flask import current_app
from sqlalchemy import bindparam, text

from lokakarya.events.models import Event
from lokakarya.extensions import db

# Built once: every registration takes this lock, and building the select cost as much CPU as
# running it.
_LOCK_POSTGRESQL = db.select(Event.id).where(Event.id == bindparam("id")).with_for_update(key_share=True)
_LOCK_SQLITE = text("UPDATE events SET id = id WHERE id = :id")


def lock_event(event_id: int) -> None:
    # Test-only switch: the control run of the concurrency test proves it can catch overbooking.
    if current_app.config.get("REGISTRATION_LOCK_DISABLED"):
        return
    # On the session's connection: the ORM's handling of a statement that loads no objects
    # cost more CPU than the statement.
    connection = db.session.connection()
    lock = _LOCK_POSTGRESQL if connection.dialect.name == "postgresql" else _LOCK_SQLITE
    connection.execute(lock, {"id": event_id})

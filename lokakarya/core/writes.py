"""Writing rows now, outside the unit of work: INSERT new objects (one statement on PostgreSQL;
SQLite writes row by row to hand the keys back in order) and UPDATE loaded ones (one statement).

In a registration rush the unit of work took as much CPU as the statements it wrote
(bench/registration_bench.py). Inserted objects come back persistent, in the session, with every
column as written (defaults included), as if just loaded; their relationships load from the
session's identity map like those of any loaded object. Updated objects hold the new values as
committed: the commit does not write them again.
"""
from collections.abc import Sequence
from functools import cache

from sqlalchemy import bindparam, insert, inspect, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from lokakarya.extensions import db


def insert_with_conflicts(table):
    """INSERT of the session's database dialect, which has ON CONFLICT (DO NOTHING / DO UPDATE):
    the same statement on PostgreSQL and SQLite."""
    return {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[db.session.get_bind().dialect.name](table)


def insert_now(objects: Sequence[db.Model]) -> None:
    """Every object new, of one model, with the same columns set (relationships are not read:
    set the foreign keys). Raises IntegrityError like a flush would."""
    if not objects:
        return
    mapper = inspect(objects[0]).mapper
    given = frozenset(key for key in inspect(objects[0]).dict if key in mapper.column_attrs)
    rows = []
    for obj in objects:
        state = inspect(obj)
        if state.mapper is not mapper or not state.transient:
            raise ValueError("insert_now takes new objects of one model")
        if given != {key for key in state.dict if key in mapper.column_attrs}:
            raise ValueError("insert_now takes objects with the same columns set")
        rows.append(_by_column(mapper, {key: state.dict[key] for key in given}))
    statement, returned = _insert(mapper, given)
    written = db.session.connection().execute(statement, rows if len(rows) > 1 else rows[0]).all()
    for obj, row in zip(objects, written, strict=True):
        for key, value in zip(returned, row, strict=True):
            setattr(obj, key, value)
        make_transient_to_detached(obj)
        db.session.add(obj)


def update_now(objects: Sequence[db.Model], values: Sequence[dict]) -> None:
    """Give each object (persistent, of one model) its dict of `values` (attribute → value, the
    same attributes for all) in one UPDATE by primary key."""
    if not objects:
        return
    mapper = inspect(objects[0]).mapper
    keys = set(values[0])
    if not keys or not keys <= set(mapper.column_attrs.keys()):
        raise ValueError("update_now sets columns")
    rows = []
    for obj, changes in zip(objects, values, strict=True):
        state = inspect(obj)
        if state.mapper is not mapper or not state.persistent:
            raise ValueError("update_now takes loaded objects of one model")
        if set(changes) != keys:
            raise ValueError("update_now sets the same columns of every object")
        rows.append({**_by_column(mapper, changes), "_key": state.identity[0]})
    db.session.connection().execute(_update(mapper), rows if len(rows) > 1 else rows[0])
    # Columns the UPDATE stamped itself (onupdate) are read again when next used.
    stamped = [key for key in _stamped(mapper) if key not in keys]
    for obj, changes in zip(objects, values, strict=True):
        for key, value in changes.items():
            set_committed_value(obj, key, value)
        if stamped:
            db.session.expire(obj, stamped)


def _by_column(mapper, values: dict) -> dict:
    # Parameters are named by column (an attribute may name its column differently).
    return {mapper.column_attrs[key].columns[0].key: value for key, value in values.items()}


@cache
def _insert(mapper, given: frozenset[str]):
    """The INSERT of these columns, returning the others (the key and the defaults); built once:
    building it cost a third of running it."""
    returned = [prop.key for prop in mapper.column_attrs if prop.key not in given]
    columns = [mapper.column_attrs[key].columns[0] for key in returned]
    return insert(mapper.local_table).returning(*columns, sort_by_parameter_order=True), returned


@cache
def _update(mapper):
    """UPDATE … WHERE the (single-column) primary key is `_key`, built once; the columns it sets
    are those of the parameters."""
    [key_column] = mapper.primary_key
    return update(mapper.local_table).where(key_column == bindparam("_key"))


@cache
def _stamped(mapper) -> tuple[str, ...]:
    """Attributes whose column an UPDATE sets by itself (onupdate)."""
    return tuple(prop.key for prop in mapper.column_attrs if prop.columns[0].onupdate is not None)


def rollback_quietly() -> None:
    """Undo the session's work after a failure, whatever state its connection is in: a request
    that failed (core/errors) and a worker job that failed (worker/runner) both go on. When the
    connection itself is gone, the session is discarded and the next use opens a new one."""
    try:
        db.session.rollback()
    except Exception:
        db.session.remove()

"""INSERT new objects of one model now, outside the unit of work (one statement on PostgreSQL;
SQLite writes row by row to hand the keys back in order).

In a registration rush the unit of work took as much CPU as the two INSERTs it wrote
(bench/registration_bench.py). The objects come back persistent, in the session, with every
column as written (defaults included), as if just loaded; their relationships load from the
session's identity map like those of any loaded object.
"""
from collections.abc import Sequence
from functools import cache

from sqlalchemy import insert, inspect
from sqlalchemy.orm import make_transient_to_detached

from lokakarya.extensions import db


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
        # Parameters are named by column (an attribute may name its column differently).
        rows.append({mapper.column_attrs[key].columns[0].key: state.dict[key] for key in given})
    statement, returned = _statement(mapper, given)
    written = db.session.execute(statement, rows if len(rows) > 1 else rows[0]).all()
    for obj, row in zip(objects, written, strict=True):
        for key, value in zip(returned, row, strict=True):
            setattr(obj, key, value)
        make_transient_to_detached(obj)
        db.session.add(obj)


@cache
def _statement(mapper, given: frozenset[str]):
    """The INSERT of these columns, returning the others (the key and the defaults); built once:
    building it cost a third of running it."""
    returned = [prop.key for prop in mapper.column_attrs if prop.key not in given]
    columns = [mapper.column_attrs[key].columns[0] for key in returned]
    return insert(mapper.local_table).returning(*columns, sort_by_parameter_order=True), returned

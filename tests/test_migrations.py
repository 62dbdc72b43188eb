"""The migrations build exactly the models' schema, and can be undone and redone."""
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from lokakarya.extensions import db


def _differences(app):
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_as_batch": True}
        )
        return compare_metadata(context, db.metadata)


def test_migrations_match_models(app):
    assert _differences(app) == []


def test_downgrade_then_upgrade(app):
    with app.app_context():
        downgrade(revision="base")
        tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
        upgrade()
        assert db.session.execute(sa.text("SELECT count(*) FROM provinces")).scalar() == 38
    assert _differences(app) == []


def test_history_is_one_line(app):
    """`flask db upgrade` targets the single head; branches would make it refuse."""
    from alembic.script import ScriptDirectory

    from lokakarya import ROOT

    script = ScriptDirectory(str(ROOT / "migrations"))
    assert len(script.get_heads()) == 1
    assert [r.revision for r in script.walk_revisions()][-1] == "0001_initial"


def test_presence_is_filled_from_the_rows_already_recorded(app, demo):
    """0015_presence derives the attendance presence and statuses of the rows recorded before it,
    exactly as recording them does now."""
    from lokakarya.attendance.importing import apply_import, plan_import, read_report
    from lokakarya.attendance.models import Presence, Standing
    from lokakarya.attendance.services import mark_manual
    from tests.attendance.helpers import demo_event, registration_by_email, sample

    def stored():
        return (sorted(db.session.execute(db.select(Presence.registration_id, Presence.session_id,
                                                    Presence.event_id, Presence.minutes)).tuples()),
                sorted(db.session.execute(db.select(Standing.registration_id, Standing.event_id,
                                                    Standing.status, Standing.minutes)).tuples()))

    with app.app_context():
        event = demo_event()
        apply_import(plan_import(event, read_report(event, sample("zoom-participants.csv"), event.timezone, None)))
        mark_manual(registration_by_email("taufik.lestari@dpmptsp.jogjaprov.example.go.id"), event.sessions[1],
                    "excused")
        db.session.commit()
        recorded = stored()
        db.session.remove()  # no transaction left holding the tables
        assert len(recorded[0]) > 300 and {"hadir", "sebagian"} <= {s for *_, s, _m in recorded[1]}
        downgrade(revision="0015_presence-1")  # the revision before it, whichever that is
        upgrade()
        assert stored() == recorded
        db.session.remove()

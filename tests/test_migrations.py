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

"""Extra apps on the same test database, each with its own settings (CSRF, rate limits, mail)."""
import pytest

from lokakarya import create_app
from lokakarya.extensions import db as _db
from lokakarya.extensions import limiter
from tests.conftest import test_config


@pytest.fixture
def make_app(app, database_url, tmp_root):
    """make_app(**config) → a second app on the test database with those settings."""
    was_enabled = limiter.enabled
    limited, built = [], []

    def build(**overrides):
        limited.append(overrides.get("RATELIMIT_ENABLED", False))
        built.append(create_app(test_config(database_url, tmp_root, **overrides)))
        return built[-1]

    yield build
    for extra in built:  # close its connections (PostgreSQL is shared by everyone's tests)
        with extra.app_context():
            _db.engine.dispose()
    # The limiter is one object shared by every app in this process: switch it back for the
    # session's app and forget the hits counted here.
    limiter.enabled = was_enabled
    if any(limited):
        limiter.reset()


def outbox_rows(app):
    from lokakarya.extensions import db
    from lokakarya.mail.models import OutboxMessage

    with app.app_context():
        rows = db.session.execute(db.select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()
        for row in rows:
            row.raw  # noqa: B018  (composed here, where the app's mail settings are at hand)
        db.session.expunge_all()
        return rows


def mail_text(row) -> str:
    import email
    from email import policy

    message = email.message_from_bytes(row.raw, policy=policy.default)
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(row, base="http://lokakarya.test") -> str:
    """The path of the first link to the app in the message's text (e.g. /invite/…)."""
    import re

    match = re.search(re.escape(base) + r"(/\S+)", mail_text(row))
    assert match, mail_text(row)
    return match.group(1)

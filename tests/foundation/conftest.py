"""Helpers for the foundation tests (outbox rows, mail text, links; the hostile-input world)."""
from tests.foundation.hostile_world import world  # noqa: F401  (a fixture)


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

"""Every password sign-in attempt lands in the audit log: who, how, from where, and the outcome."""
from lokakarya.audit.models import AuditEntry
from lokakarya.extensions import db
from tests.conftest import login


def sign_in_entries(app):
    with app.app_context():
        return [(e.action, e.actor_label, (e.after or {}).get("method"), (e.after or {}).get("reason"))
                for e in db.session.query(AuditEntry).filter(AuditEntry.action.like("auth.sign_in%"))
                .order_by(AuditEntry.id)]


def test_success_and_failures_are_recorded(app, client, make_user):
    user = make_user("organiser", email="rina@kemenpan.go.id")

    assert login(client, "Rina@kemenpan.go.id", "wrong-password-1").status_code == 401
    assert login(client, "nobody@kemenpan.go.id", "wrong-password-1").status_code == 401
    assert login(client, user.email).status_code == 302

    assert sign_in_entries(app) == [
        ("auth.sign_in_failure", "rina@kemenpan.go.id", "password", None),
        ("auth.sign_in_failure", "nobody@kemenpan.go.id", "password", None),
        ("auth.sign_in_success", "rina@kemenpan.go.id", "password", None),
    ]


def test_a_throttled_attempt_is_recorded_as_refused(app, make_app, make_user):
    user = make_user("organiser")
    client = make_app(RATELIMIT_ENABLED=True).test_client()
    statuses = [login(client, user.email, "wrong-password-1").status_code for _ in range(6)]

    assert 429 in statuses
    assert ("auth.sign_in_refused", user.email, "password", "throttled") in sign_in_entries(app)

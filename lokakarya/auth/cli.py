import click
from flask.cli import AppGroup

from lokakarya.auth.models import ROLES
from lokakarya.extensions import db

users_cli = AppGroup("users", help="Accounts and API tokens.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--password", default=None, help="Without it, an invitation link is e-mailed.")
@click.option("--agency-id", type=int, default=None)
@click.option("--province", "province_code", default=None, help="Kemendagri code, e.g. 17.")
def create(email, name, role, password, agency_id, province_code) -> None:
    """Create a user (and e-mail an invitation when no password is given)."""
    from lokakarya.auth.passwords import password_problem
    from lokakarya.auth.services import UserError, create_user, send_invitation

    if password and password_problem(password):
        raise click.UsageError("password must be at least 10 characters, not only digits or letters")
    try:
        user = create_user(email, name, role, password, agency_id, province_code)
    except UserError as exc:
        raise click.UsageError(str(exc)) from exc
    if not password:
        send_invitation(user)
    db.session.commit()
    click.echo(f"created user {user.id} {user.email} ({user.role})"
               + ("" if password else "; invitation queued"))


@users_cli.command("token")
@click.option("--email", required=True)
@click.option("--label", default="cli")
def token(email, label) -> None:
    """Issue an API token; it is printed once, as the last line."""
    from lokakarya.auth.services import find_user
    from lokakarya.auth.tokens import issue_api_token

    user = find_user(email)
    if user is None:
        raise click.UsageError(f"no user with e-mail {email}")
    value = issue_api_token(user, label)
    db.session.commit()
    click.echo(f"API token for {user.email} (shown once):")
    click.echo(value)


@users_cli.command("reset-second-factor")
@click.option("--email", required=True)
def reset_second_factor(email) -> None:
    """Remove a user's authenticator app, recovery codes and passkeys (a lost phone); with the
    password they then sign in as before (or set a new factor up, if their role requires one)."""
    from lokakarya.audit.services import record
    from lokakarya.auth import totp
    from lokakarya.auth.models import Passkey
    from lokakarya.auth.services import find_user

    user = find_user(email)
    if user is None:
        raise click.UsageError(f"no user with e-mail {email}")
    removed = db.session.execute(db.delete(Passkey).where(Passkey.user_id == user.id)).rowcount
    had_app = bool(user.totp_secret)
    totp.disable(user)
    record("user.second_factor_reset", user, before={"totp": had_app, "passkeys": removed},
           actor_label="cli")
    db.session.commit()
    click.echo(f"second factors of {user.email} removed: "
               f"{'authenticator app, ' if had_app else ''}{removed} passkey(s)")

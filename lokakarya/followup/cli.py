import click
from flask import current_app
from flask.cli import AppGroup

from lokakarya.core.cli_options import Instant
from lokakarya.extensions import db
from lokakarya.timeutil import now_utc

followup_cli = AppGroup("followup", help="Follow-up of issues and commitments.")


@followup_cli.command("remind")
@click.option("--days-before", default=7, show_default=True, help="Remind owners this many days before the due date.")
@click.option("--now", type=Instant(), default=None, help="Pretend it is this instant (ISO 8601 with offset); for tests.")
def remind(days_before: int, now) -> None:
    """E-mail owners of due and overdue action items and organisers a digest (idempotent per day)."""
    from lokakarya.followup.reminders import run

    now = now or now_utc()
    # The mail templates (and their context processors) expect a request; under cron there is none.
    with current_app.test_request_context("/", base_url=current_app.config["BASE_URL"]):
        summary = run(now, days_before)
        db.session.commit()
    click.echo(f"{summary['items']} reminders for {summary['owner_mails']} owners, "
               f"{summary['digests']} organiser digests queued")

from datetime import datetime

import click
from flask import current_app
from flask.cli import AppGroup

from lokakarya.extensions import db
from lokakarya.timeutil import now_utc

followup_cli = AppGroup("followup", help="Follow-up of issues and commitments.")


@followup_cli.command("remind")
@click.option("--days-before", default=7, show_default=True, help="Remind owners this many days before the due date.")
@click.option("--now", "now_text", default="", help="Pretend it is this instant (ISO 8601 with offset); for tests.")
def remind(days_before: int, now_text: str) -> None:
    """E-mail owners of due and overdue action items and organisers a digest (idempotent per day)."""
    from lokakarya.followup.reminders import run

    try:
        now = datetime.fromisoformat(now_text) if now_text else now_utc()
    except ValueError:
        raise click.BadParameter("use ISO 8601, e.g. 2021-06-01T08:00+07:00", param_hint="--now") from None
    if now.tzinfo is None:
        raise click.BadParameter("give an offset, e.g. 2021-06-01T08:00+07:00", param_hint="--now")
    # Links in the mails are built from BASE_URL, outside any web request.
    with current_app.test_request_context("/", base_url=current_app.config["BASE_URL"]):
        summary = run(now, days_before)
        db.session.commit()
    click.echo(f"{summary['items']} reminders for {summary['owner_mails']} owners, "
               f"{summary['digests']} organiser digests queued")

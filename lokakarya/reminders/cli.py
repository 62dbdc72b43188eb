from datetime import datetime

import click
from flask.cli import AppGroup

reminders_cli = AppGroup("reminders", help="Session reminders.")


@reminders_cli.command("send")
@click.option("--now", "now_text", default=None,
              help="Act as if it were this instant (ISO 8601 with offset), for catching up or testing.")
def send_command(now_text: str | None) -> None:
    """Send the reminders that are due (safe to run every few minutes, and twice at once)."""
    from lokakarya.reminders.sending import send_due

    now = None
    if now_text:
        try:
            now = datetime.fromisoformat(now_text)
        except ValueError:
            raise click.BadParameter("use ISO 8601, e.g. 2020-11-11T09:00:00+07:00") from None
        if now.tzinfo is None:
            raise click.BadParameter("give the offset, e.g. +07:00")
    click.echo(f"reminders sent: {send_due(now)}")

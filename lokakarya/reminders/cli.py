import click
from flask.cli import AppGroup

from lokakarya.core.cli_options import Instant

reminders_cli = AppGroup("reminders", help="Session reminders.")


@reminders_cli.command("send")
@click.option("--now", type=Instant(), default=None,
              help="Act as if it were this instant (ISO 8601 with offset), for catching up or testing.")
def send_command(now) -> None:
    """Send the reminders that are due (safe to run every few minutes, and twice at once)."""
    from lokakarya.reminders.sending import send_due

    click.echo(f"reminders sent: {send_due(now)}")

"""`flask vc sync` and `flask attendance pull`: one pass each, safe to run twice at once."""
import click
from flask.cli import AppGroup

from lokakarya.core.cli_options import Instant

vc_cli = AppGroup("vc", help="Meetings created at video-conference providers.")
attendance_cli = AppGroup("attendance", help="Attendance.")


@vc_cli.command("sync")
@click.option("--now", type=Instant(), default=None, help="The time to act as (ISO 8601 with offset).")
@click.option("--limit", default=200, show_default=True, help="Calls to make in this pass, per kind.")
def sync_command(now, limit: int) -> None:
    """Create, update and cancel meetings at the providers and register or cancel registrants
    (one pass over what is due; commits as it goes)."""
    from lokakarya.vc.sync import sync_pass

    counts = sync_pass(now=now, limit=limit)
    click.echo(", ".join(f"{k} {v}" for k, v in counts.items()))


@attendance_cli.command("pull")
@click.option("--now", type=Instant(), default=None, help="The time to act as (ISO 8601 with offset).")
@click.option("--limit", default=50, show_default=True, help="Meetings to pull in this pass.")
def pull_command(now, limit: int) -> None:
    """Pull the attendance of sessions that have ended and whose attendance is not final yet."""
    from lokakarya.vc.pull import pull_pass

    counts = pull_pass(now=now, limit=limit)
    click.echo(", ".join(f"{k} {v}" for k, v in counts.items()))

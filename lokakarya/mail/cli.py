import click
from flask.cli import AppGroup

from lokakarya.extensions import db

mail_cli = AppGroup("mail", help="The mail outbox.")


@mail_cli.command("deliver")
@click.option("--limit", default=500, show_default=True, help="Messages to try in this pass.")
def deliver(limit: int) -> None:
    """Deliver queued messages that are due (one pass; run it from cron or a worker)."""
    from lokakarya.mail.delivery import deliver_due

    counts = deliver_due(limit=limit)
    click.echo(f"sent {counts['sent']}, to retry {counts['retry']}, failed {counts['failed']}")


@mail_cli.command("retry-failed")
def retry_failed_command() -> None:
    """Queue messages that failed for good again (e.g. after SMTP settings were fixed)."""
    from lokakarya.mail.delivery import retry_failed

    count = retry_failed()
    db.session.commit()
    click.echo(f"requeued {count}")

import click
from flask.cli import AppGroup

from lokakarya.extensions import db

privacy_cli = AppGroup("privacy", help="Personal data (UU 27/2022).")


@privacy_cli.command("purge")
def purge_command() -> None:
    """Anonymise the registrations of events whose retention period has passed."""
    from lokakarya.registration.privacy import purge_due

    done = purge_due()
    db.session.commit()
    for slug, count in done.items():
        click.echo(f"{slug}: {count} registrations anonymised")
    click.echo(f"{len(done)} events purged")

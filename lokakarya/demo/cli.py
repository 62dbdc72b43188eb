import click

from lokakarya.extensions import db


@click.command("seed-demo")
def seed_demo() -> None:
    """Load the 2020 Wilayah I workshop (idempotent) and print the demo credentials."""
    from lokakarya.demo.seed import FOCAL_POINT, ORGANISER, seed

    summary = seed()
    db.session.commit()
    click.echo(f"Demo workshop: /events/{summary['event']} "
               f"({summary['sessions']} sessions, {summary['people']} registered participants)")
    click.echo("Demo accounts (for a demo machine only):")
    click.echo(f"  organiser     {ORGANISER.email}  password: {ORGANISER.password}")
    click.echo(f"  focal point   {FOCAL_POINT.email}  password: {FOCAL_POINT.password}")

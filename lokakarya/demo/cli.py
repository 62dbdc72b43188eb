import click

from lokakarya.extensions import db


@click.command("seed-demo")
def seed_demo() -> None:
    """Load the 2020 Wilayah I workshop and an upcoming national one whose registration is open
    (idempotent), and print the demo credentials of every role."""
    from lokakarya.demo.seed import ACCOUNTS, seed

    summary = seed()
    db.session.commit()
    click.echo(f"Demo workshop: /events/{summary['event']} "
               f"({summary['sessions']} sessions, {summary['people']} registered participants)")
    click.echo(f"Upcoming workshop, registration open: /events/{summary['upcoming']}/register")
    click.echo("Demo accounts (for a demo machine only):")
    width = max(len(a.role) for a in ACCOUNTS)
    for account in ACCOUNTS:
        click.echo(f"  {account.role:<{width}}  {account.email}  password: {account.password}")

"""Command-line option types shared by the CLI commands."""
from datetime import datetime

import click


class Instant(click.ParamType):
    """An ISO 8601 instant with its offset (`--now 2020-11-11T09:00+07:00`)."""

    name = "instant"

    def convert(self, value, param, ctx) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            instant = datetime.fromisoformat(value)
        except ValueError:
            self.fail("use ISO 8601, e.g. 2020-11-11T09:00+07:00", param, ctx)
        if instant.tzinfo is None:
            self.fail("give the offset, e.g. 2020-11-11T09:00+07:00", param, ctx)
        return instant

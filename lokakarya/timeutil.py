"""Time: instants are stored in UTC (aware), shown in an IANA zone with WIB/WITA/WIT."""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

ZONE_LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
INDONESIAN_ZONES = tuple(ZONE_LABELS)


def now_utc() -> datetime:
    return datetime.now(UTC)


def zone_label(tz_name: str) -> str:
    """WIB/WITA/WIT for Indonesian zones; the zone's own abbreviation elsewhere."""
    if tz_name in ZONE_LABELS:
        return ZONE_LABELS[tz_name]
    return datetime.now(ZoneInfo(tz_name)).tzname() or tz_name


def to_zone(instant: datetime, tz_name: str) -> datetime:
    if instant.tzinfo is None:
        raise ValueError("naive datetime: attach a zone first")
    return instant.astimezone(ZoneInfo(tz_name))


def localize(naive_local: datetime, tz_name: str) -> datetime:
    """A wall-clock time entered in a zone (forms) as an aware UTC instant."""
    if naive_local.tzinfo is not None:
        raise ValueError("expected a wall-clock time without zone")
    return naive_local.replace(tzinfo=ZoneInfo(tz_name)).astimezone(UTC)


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike.

    PostgreSQL keeps `timestamptz`; SQLite has no zones, so UTC is stored without offset.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: store aware datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def render_migration_type(type_, obj, autogen_context):
    """Alembic autogenerate: write UTCDateTime as the plain column type it is in the database."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False

"""`flask followup remind`: before the due date, weekly while overdue, a digest for the
organiser, and nothing new when run twice the same day."""
from datetime import UTC, date, datetime

from lokakarya.extensions import db as _db
from lokakarya.followup.reminders import Due, plan
from lokakarya.mail.models import OutboxMessage


def test_plan_before_due_and_weekly_when_overdue():
    due = date(2021, 6, 30)

    def keys(today):
        return [key for key, _id, _kind in plan([Due(1, due, "open", today)], days_before=7)]

    assert keys(date(2021, 6, 22)) == []
    assert keys(date(2021, 6, 23)) == keys(date(2021, 6, 30)) == ["due:1:2021-06-30"]
    assert keys(date(2021, 7, 1)) == keys(date(2021, 7, 7)) == ["overdue:1:2021-06-30:0"]
    assert keys(date(2021, 7, 8)) == ["overdue:1:2021-06-30:1"]
    assert plan([Due(1, due, "done", date(2021, 7, 8))]) == []


def _run(app, now: str):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["followup", "remind", "--now", now])
    assert result.exit_code == 0, result.output
    return result.output


def _outbox(app):
    with app.app_context():
        return sorted((m.kind, m.recipient) for m in _db.session.query(OutboxMessage))


def test_remind_is_idempotent_per_day_and_weekly_while_overdue(app, world, users, add_item):
    with app.app_context():
        from lokakarya.events.models import Event

        _db.session.get(Event, world.event_id).created_by_id = users["organiser"].id
        _db.session.commit()
    add_item("17", due=date(2021, 6, 30), title="Terlambat Bengkulu")
    add_item("73", due=date(2021, 7, 5), title="Segera Sulsel")
    add_item("94", due=date(2021, 6, 30), status="done", verification="verified")
    output = _run(app, "2021-07-01T08:00:00+07:00")
    assert "2 reminders" in output
    first = _outbox(app)
    assert first == [("followup_digest", "org@kemenpan.example.go.id"),
                     ("followup_reminder", "ag17@example.go.id"),
                     ("followup_reminder", "fp17@example.go.id"),
                     ("followup_reminder", "fp73@example.go.id")]
    _run(app, "2021-07-01T20:00:00+07:00")  # same day: nothing new
    assert _outbox(app) == first
    _run(app, "2021-07-04T08:00:00+07:00")  # overdue reminded this week, due-soon once per date
    assert _outbox(app) == first
    _run(app, "2021-07-08T08:00:00+07:00")  # a week later: Bengkulu again, Sulsel now overdue
    kinds = [k for k, _r in _outbox(app)]
    assert kinds.count("followup_reminder") == 3 + 3 and kinds.count("followup_digest") == 2
    with app.app_context():
        text = [m for m in _db.session.query(OutboxMessage) if m.recipient == "fp17@example.go.id"][0].raw.decode()
        assert "Terlambat Bengkulu" in text and "http://lokakarya.test/follow-up/items/" in text


def test_due_edge_in_the_province_zone(app, world, users, add_item):
    """Papua (WIT) is already past the due date when Jakarta is not."""
    add_item("94", due=date(2021, 6, 30))
    # 2021-06-30 15:30 UTC is 00:30 WIT on 1 July but 22:30 WIB on 30 June.
    from lokakarya.followup.reminders import _open_items

    with app.app_context():
        ((_item, today),) = _open_items(datetime(2021, 6, 30, 15, 30, tzinfo=UTC))
        assert today == date(2021, 7, 1)

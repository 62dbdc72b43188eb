"""What `flask worker` runs, and how often. Each job is one of the idempotent one-pass commands
(safe to run on several machines at once); daily jobs also run at most once per day across all
workers (daily.py)."""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta | None  # None: once per day (the day in DAILY_ZONE)
    run: Callable[[], object]


def send_reminders() -> int:
    from lokakarya.reminders.sending import send_due

    return send_due()  # commits batch by batch itself


def remind_followup() -> dict:
    from lokakarya.followup.reminders import run
    from lokakarya.timeutil import now_utc

    # The mail templates (and their context processors) expect a request, as under cron.
    with current_app.test_request_context("/", base_url=current_app.config["BASE_URL"]):
        return run(now_utc())  # flushes; the daily guard commits


def purge_personal_data() -> dict:
    from lokakarya.registration.privacy import purge_due

    return purge_due()  # flushes; the daily guard commits


def sync_meetings() -> dict:
    from lokakarya.vc.sync import sync_pass

    return sync_pass()  # commits call by call itself


def pull_attendance() -> dict:
    from lokakarya.vc.pull import pull_pass

    return pull_pass()  # commits meeting by meeting itself


PERIODIC = (
    Job("reminders", timedelta(minutes=5), send_reminders),
    Job("vc_sync", timedelta(minutes=1), sync_meetings),
    Job("attendance_pull", timedelta(minutes=5), pull_attendance),
    Job("followup_remind", None, remind_followup),
    Job("privacy_purge", None, purge_personal_data),
)

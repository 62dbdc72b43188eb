"""The loop of `flask worker`: mail as soon as it is queued, the periodic jobs on their schedule,
a heartbeat, and a clean stop.

Stopping (SIGTERM/SIGINT set `stopping`): a delivery pass ends after the message in hand and
gives the rest of its batch back (due at once for the next worker), a running job finishes its
transaction, the heartbeat row is removed, and the process exits 0.
"""
import logging
import threading
import time
from datetime import datetime, timedelta

from flask import Flask

from lokakarya.core.writes import rollback_quietly
from lokakarya.extensions import db
from lokakarya.timeutil import now_utc
from lokakarya.worker import heartbeat
from lokakarya.worker.daily import run_once_today, today
from lokakarya.worker.jobs import PERIODIC, Job
from lokakarya.worker.wake import POLL, Waker

log = logging.getLogger("lokakarya.worker")

MAIL_PASS = 500  # messages per delivery pass; the loop goes on while passes come back full
IDLE_LOOK = 5.0  # seconds: even without a notification, look for retries that became due
RETRY_JOB = timedelta(minutes=5)  # after a job failed


class Worker:
    def __init__(self, app: Flask, stopping: threading.Event, name: str | None = None):
        self.app, self.stopping = app, stopping
        self.name = name or heartbeat.worker_name()
        self.next_run: dict[str, datetime] = {}
        self.done_day: dict[str, object] = {}

    def run(self) -> None:
        with self.app.app_context():
            waker = Waker(db.engine, self.stopping)
            waker.start()
            self._guarded("heartbeat", lambda: heartbeat.beat(self.name))
            next_beat = time.monotonic() + heartbeat.HEARTBEAT.total_seconds()
            log.info("worker %s started (%s)", self.name,
                     "LISTEN/NOTIFY" if waker.listens else f"polling every {POLL:g} s")
            try:
                while not self.stopping.is_set():
                    full = self._deliver()
                    self._periodic()
                    if time.monotonic() >= next_beat:
                        self._guarded("heartbeat", lambda: heartbeat.beat(self.name))
                        next_beat = time.monotonic() + heartbeat.HEARTBEAT.total_seconds()
                    if not full:
                        waker.wait(max(0.0, min(IDLE_LOOK, next_beat - time.monotonic(), self._until_next_job())))
            finally:
                waker.close()
                self._guarded("leaving", lambda: heartbeat.leave(self.name))
                db.session.remove()
                log.info("worker %s stopped", self.name)

    def _deliver(self) -> bool:
        """One delivery pass; True when it was full (more may be waiting)."""
        from lokakarya.mail.delivery import deliver_due

        counts = self._guarded("mail", lambda: deliver_due(limit=MAIL_PASS, stop=self.stopping.is_set))
        if not counts:
            return False
        if any(counts.values()):
            log.info("mail: sent %(sent)d, to retry %(retry)d, failed %(failed)d", counts)
        return sum(counts.values()) >= MAIL_PASS

    def _periodic(self) -> None:
        now = now_utc()
        for job in PERIODIC:
            if self.stopping.is_set():
                return
            if now < self.next_run.get(job.name, now) or self.done_day.get(job.name) == today(now):
                continue
            self._run_job(job, now)

    def _run_job(self, job: Job, now: datetime) -> None:
        if job.every is None:
            ran = self._guarded(job.name, lambda: run_once_today(job.name, now, job.run))
            if ran is not None:  # ran here, or already today elsewhere: tomorrow
                self.done_day[job.name] = today(now)
                if ran:
                    log.info("%s: done for %s", job.name, today(now))
                return
            self.next_run[job.name] = now + RETRY_JOB
            return
        result = self._guarded(job.name, job.run)
        self.next_run[job.name] = now + (job.every if result is not None else RETRY_JOB)

    def _until_next_job(self) -> float:
        if not self.next_run:
            return IDLE_LOOK
        return max(0.0, (min(self.next_run.values()) - now_utc()).total_seconds())

    def _guarded(self, what: str, action):
        """Run `action`; a failure is logged and rolled back, never the end of the worker."""
        try:
            return action()
        except Exception:
            log.exception("worker: %s failed", what)
            rollback_quietly()
            return None


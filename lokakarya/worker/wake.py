"""How an idle worker learns that mail was queued.

PostgreSQL: LISTEN on its own autocommit connection; the migration's trigger on outbox_messages
NOTIFYs when a transaction that inserted messages commits, so a worker takes them at once.
SQLite (one worker): a poll every POLL. Either way the wait is cut into short slices so that
SIGTERM is seen within a second, and ends after at most `timeout` (retries that became due,
periodic jobs).
"""
import threading
import time
from contextlib import suppress

CHANNEL = "lokakarya_outbox"
POLL = 1.0  # seconds: SQLite's poll, and the slice of any wait


class Waker:
    def __init__(self, engine, stopping: threading.Event):
        self.engine, self.stopping = engine, stopping
        self.connection = None

    @property
    def listens(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def wait(self, timeout: float) -> bool:
        """Until mail is queued (True), `timeout` seconds pass or the worker is stopping."""
        deadline = time.monotonic() + timeout
        while not self.stopping.is_set() and (left := deadline - time.monotonic()) > 0:
            if not self.listens:
                self.stopping.wait(min(POLL, left))
                return False  # a poll: the caller looks at the queue anyway
            try:
                if self._notified(min(POLL, left)):
                    return True
            except Exception:  # the database went away: poll until it is back
                self.close()
                self.stopping.wait(min(POLL, left))
        return False

    def _notified(self, seconds: float) -> bool:
        if self.connection is None:
            self._listen()
        return any(True for _ in self.connection.notifies(timeout=seconds, stop_after=1))

    def _listen(self) -> None:
        import psycopg

        url = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.connection = psycopg.connect(url, autocommit=True)
        self.connection.execute(f"LISTEN {CHANNEL}")

    def start(self) -> None:
        """Listen before the first look at the queue, so nothing queued in between is missed."""
        if self.listens:
            try:
                self._listen()
            except Exception:
                self.connection = None

    def close(self) -> None:
        if self.connection is not None:
            with suppress(Exception):  # already broken: nothing to close
                self.connection.close()
            self.connection = None

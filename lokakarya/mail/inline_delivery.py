"""MAIL_DELIVER_INLINE: deliver what a request queued without any request waiting for it.

A background thread per process (and app) runs the delivery passes; a request that queued
mail wakes it once its response is done. The thread runs one pass at a time, and one more if it
was woken meanwhile, inside an app context of its own, and never raises: whatever fails stays
queued and is retried. It is a daemon, so a gunicorn worker that exits takes it along; a message
it had claimed is due again after delivery.LEASE and goes with the next pass (another request's,
`flask mail deliver` from cron or the worker). Registration latency and /healthz therefore do
not depend on the mail server; production may still switch this off and run the worker.
"""
import os
import threading

from flask import Flask, current_app, g

PASS_SIZE = 50
_starting = threading.Lock()  # two requests ending at once start one thread


def _fresh_lock_after_fork() -> None:
    global _starting
    _starting = threading.Lock()  # the parent's may have been held by a thread the child lacks


os.register_at_fork(after_in_child=_fresh_lock_after_fork)


def init_app(app: Flask) -> None:
    app.extensions["mail_courier"] = Courier(app)

    @app.after_request
    def deliver_after_response(response):
        if g.pop("mail_queued", False) and current_app.config["MAIL_DELIVER_INLINE"]:
            response.call_on_close(current_app.extensions["mail_courier"].wake)
        return response


class Courier:
    def __init__(self, app: Flask):
        self.app = app
        self._pid: int | None = None

    def wake(self) -> None:
        """Start the thread if this process has none (a forked worker starts its own), then
        ask it for a pass. Never raises: the request it follows is already answered."""
        try:
            if self._pid != os.getpid() or not self._thread.is_alive():
                self._start()
            self._woken.set()
        except Exception:
            self.app.logger.exception("could not start the mail delivery thread")

    def _start(self) -> None:
        with _starting:
            if self._pid != os.getpid():  # first use, or state copied by a fork: the thread is not ours
                self._pid, self._woken, self._thread = os.getpid(), threading.Event(), None
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="mail-delivery", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            self._woken.wait()
            self._woken.clear()
            self._deliver()

    def _deliver(self) -> None:
        from lokakarya.mail.delivery import deliver_due

        try:
            with self.app.app_context():
                # Until a pass ends short: nothing due, or the server could not be reached.
                while sum(deliver_due(limit=PASS_SIZE).values()) == PASS_SIZE:
                    pass
        except Exception:  # delivery trouble must never reach anyone; the next pass retries
            self.app.logger.exception("inline mail delivery failed")

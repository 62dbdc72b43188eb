import logging
import signal
import threading

import click
from flask import current_app


@click.command("worker")
def worker_command() -> None:
    """Run every background job: mail as soon as it is queued, reminders every five minutes,
    follow-up reminders and the privacy purge once a day (across all workers). Several may run
    on several machines (PostgreSQL); stops cleanly on SIGTERM or Ctrl-C."""
    from lokakarya.worker.runner import Worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    stopping = threading.Event()

    def stop(signum, _frame):
        logging.getLogger("lokakarya.worker").info("%s: stopping", signal.Signals(signum).name)
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    Worker(current_app._get_current_object(), stopping).run()

"""`flask worker` as a real process on the test database, and waiting for conditions with a
generous deadline (never a timing assertion)."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 60.0  # seconds; a condition that is not met by then fails the test


def start_worker(database_url: str, tmp_root: Path, mail_url: str, **env) -> subprocess.Popen:
    environment = {
        **os.environ, "DATABASE_URL": database_url, "MAIL_URL": mail_url,
        "INSTANCE_PATH": str(tmp_root / "instance"),
        "MAIL_DELIVER_INLINE": "false", "RATELIMIT_ENABLED": "false", "BASE_URL": "http://lokakarya.test",
        **env,
    }
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "worker"], cwd=ROOT,
                            env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_for(condition, what: str, deadline: float = DEADLINE, workers=()) -> None:
    end = time.monotonic() + deadline
    while not condition():
        for worker in workers:
            if worker.poll() is not None:
                raise AssertionError(f"the worker exited ({worker.returncode}) before {what}:\n"
                                     f"{worker.stdout.read()}")
        if time.monotonic() > end:
            raise AssertionError(f"not within {deadline:g} s: {what}")
        time.sleep(0.05)


def stop(worker: subprocess.Popen, signum: int = signal.SIGTERM) -> tuple[int, str]:
    """Signal the worker and wait for it; its exit code and everything it logged."""
    if worker.poll() is None:
        worker.send_signal(signum)
    try:
        output, _ = worker.communicate(timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        worker.kill()
        output, _ = worker.communicate()
        raise AssertionError(f"the worker did not stop within {DEADLINE:g} s:\n{output}") from None
    return worker.returncode, output

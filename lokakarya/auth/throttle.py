"""Sign-in throttling per pair of account and client address, with growing waits.

A stranger who fails from their address slows down only that pair: the owner signing in from
another address is never held up (no lock-out anyone can trigger). The counts live in the rate
limiter's storage (Redis when REDIS_URL is set), so every worker and machine sees the same ones,
and they are off with the rest of rate limiting (RATELIMIT_ENABLED=false, load tests only).
"""
import hashlib
import hmac
import math
import time

from flask import current_app
from flask_limiter.util import get_remote_address
from limits.storage import MemoryStorage

from lokakarya.extensions import limiter

FREE_FAILURES = 5  # failures of one pair before it has to wait
MAX_WAIT = 15 * 60  # seconds; reached after the 14th failure
FORGET_AFTER = 24 * 60 * 60  # a pair's failures are forgotten a day after its first one
SECOND_STEP = "second factor"  # Pair(email, SECOND_STEP): counted per account, apart from passwords
CHECK_SECONDS = 10  # how long one check may hold its pair (freed at once when it ends)
# Where a process counts while the shared storage (Redis) does not answer: throttling goes on
# per process rather than failing every sign-in with a 500 or letting every attempt through.
FALLBACK = MemoryStorage()


def wait_after(failures: int) -> int:
    """Seconds a pair waits after its n-th failure in a row: none for the first four, then 2,
    4, 8 … doubling up to MAX_WAIT."""
    if failures < FREE_FAILURES:
        return 0
    return min(2 ** (failures - FREE_FAILURES + 1), MAX_WAIT)


class Pair:
    """One sign-in attempt of (e-mail, this request's address):

        with Pair(email) as pair:
            if pair.wait: refuse, say when to try again
            else: check the password, then pair.succeeded() or pair.failed()

    One attempt of a pair is checked at a time (on every worker): otherwise a burst of attempts
    would all pass the wait check before the first failure is counted.
    """

    def __init__(self, email: str, address: str | None = None):
        """`address` None: this request's client address. The second step of a sign-in passes
        a fixed name instead (SECOND_STEP): its waits hold for the account from any address,
        since whoever reaches it knows the password already."""
        self.wait = 0
        self._holds = False
        self._storage = limiter.storage if limiter.enabled else FALLBACK
        if limiter.enabled:
            where = get_remote_address() if address is None else address
            pair = f"{email.strip().lower()}\n{where}".encode()
            # A keyed digest: the shared storage holds no e-mail addresses.
            key = current_app.config["SECRET_KEY"].encode()
            self._name = hmac.new(key, pair, hashlib.sha256).hexdigest()[:32]

    def _count(self, operation: str, *args):
        """One storage operation; when the shared storage does not answer, this attempt goes
        on in the process's memory."""
        try:
            return getattr(self._storage, operation)(*args)
        except Exception:  # redis' errors differ by version; any failure means "not answering"
            if self._storage is FALLBACK:
                raise
            current_app.logger.warning("rate-limit storage does not answer: sign-in throttling "
                                       "counts in this process until it does")
            self._storage = FALLBACK
            return getattr(FALLBACK, operation)(*args)

    def _key(self, kind: str) -> str:
        return f"login-{kind}/{self._name}"

    def __enter__(self) -> "Pair":
        if not limiter.enabled:
            return self
        if self._count("incr", self._key("check"), CHECK_SECONDS) > 1:
            self.wait = 1  # another attempt of this pair is being checked right now
            return self
        self._holds = True
        if self._count("get", self._key("wait")) > 0:
            self.wait = max(1, math.ceil(self._count("get_expiry", self._key("wait")) - time.time()))
        return self

    def failed(self) -> int:
        """Count a failure; the wait it now has to keep (0 for the first few)."""
        if not self._holds:
            return 0
        wait = wait_after(self._count("incr", self._key("failures"), FORGET_AFTER))
        if wait:
            self._count("clear", self._key("wait"))
            self._count("incr", self._key("wait"), wait)  # a new key: it expires after exactly `wait` s
        return wait

    def succeeded(self) -> None:
        """A right password starts the pair afresh."""
        if self._holds:
            self._count("clear", self._key("failures"))
            self._count("clear", self._key("wait"))

    def __exit__(self, *_exc) -> None:
        if self._holds:
            self._count("clear", self._key("check"))

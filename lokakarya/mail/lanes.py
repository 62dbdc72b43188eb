"""A delivery pass's connections to the mail server: one (MAIL_CONNECTIONS=1), or several used at
once, each by its own thread with its own share of the batch.

Most of a message's time on the wire is spent waiting for the server's four answers (MAIL, RCPT,
DATA, the end of data); over several connections those waits overlap. Only bytes go to the
threads: the database session stays with the pass, which records the outcomes afterwards.
"""
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

from lokakarya.mail.transports import ServerUnavailable

Item = tuple[int, str, bytes]  # message id, recipient, the bytes to send


class Lanes:
    def __init__(self, transport, count: int = 1):
        self.transport, self.count = transport, max(1, count)
        self._stack = ExitStack()
        self.sessions: list = []
        self._pool: ThreadPoolExecutor | None = None

    def __enter__(self) -> "Lanes":
        # Sessions connect on their first message: a short batch opens only the lanes it uses.
        self.sessions = [self._stack.enter_context(self.transport.session()) for _ in range(self.count)]
        if self.count > 1:
            self._pool = self._stack.enter_context(
                ThreadPoolExecutor(self.count, thread_name_prefix="smtp-lane"))
        return self

    def __exit__(self, *exc) -> None:
        self._stack.close()

    def send(self, items: list[Item], stop: Callable[[], bool]) -> dict[int, Exception | None]:
        """Each tried message's outcome by id: None when the server accepted it, else the
        exception. Messages left untried (stopping, or the server could not be reached by
        any lane) are absent, for the caller to give back."""
        outcomes: dict[int, Exception | None] = {}
        halted = threading.Event()

        def lane(session, share: list[Item]) -> None:
            for message_id, recipient, raw in share:
                if stop() or halted.is_set():
                    return
                try:
                    session.send(message_id, recipient, raw)
                except Exception as exc:  # refused, broken or silent: this message only
                    outcomes[message_id] = exc
                    if isinstance(exc, ServerUnavailable):
                        halted.set()
                        return
                else:
                    outcomes[message_id] = None

        if self._pool is None:
            lane(self.sessions[0], items)
        else:
            list(self._pool.map(lane, self.sessions, [items[n::self.count] for n in range(self.count)]))
        return outcomes

"""SMTP servers for the tests: aiosmtpd as strict as a standards-following MTA, and a server that
accepts connections and never answers (until the test lets it)."""
import asyncio
import re
import socket
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

MAX_LINE = 998  # octets without CRLF, RFC 5321 4.5.3.1.6
_BARE_LINE_END = re.compile(rb"\r(?!\n)|(?<!\r)\n")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _StrictHandler:
    """What aiosmtpd leaves to its handler. aiosmtpd itself answers "500 Line too long" for a line
    over 1,001 octets, but reads DATA up to CRLF, so bare LF and bare CR pass it (a message with
    them is refused only when its run between two CRLFs is long), and it takes 8-bit data that the
    client never declared. A standards-following MTA refuses all of these."""

    def __init__(self, server: "StrictSmtpServer"):
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.server.hang_up:
            server.transport.close()  # as a server that crashes or drops the line does
            return None
        if address in self.server.unknown:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.server.delay:
            await asyncio.sleep(self.server.delay)  # a slower server: a worker is mid-work for a while
        data: bytes = envelope.original_content
        answer = None
        if _BARE_LINE_END.search(data):
            answer = "554 5.6.0 Message refused: bare LF or CR (RFC 5322 2.3, RFC 5321 2.3.8)"
        elif any(len(line) > MAX_LINE for line in data.split(b"\r\n")):
            answer = "500 5.5.0 Line too long (RFC 5321 4.5.3.1.6)"
        elif not data.isascii() and "BODY=8BITMIME" not in [o.upper() for o in envelope.mail_options]:
            answer = "554 5.6.1 Message refused: 8-bit data without BODY=8BITMIME (RFC 6152)"
        if answer:
            self.server.refused.append(answer)
            return answer
        self.server.messages.append((envelope.mail_from, list(envelope.rcpt_tos), data))
        return "250 2.0.0 OK: queued"


class StrictSmtpServer(Controller):
    """aiosmtpd on 127.0.0.1 in a thread. `messages` holds (sender, recipients, bytes) of each
    accepted message, `refused` the answers to refused ones, `connections` counts connections;
    addresses in `unknown` are refused at RCPT (550), and at those in `hang_up` it hangs up;
    `delay` seconds pass before each message is answered."""

    def __init__(self, port: int = 0):
        super().__init__(_StrictHandler(self), hostname="127.0.0.1", port=port or free_port(),
                         enable_SMTPUTF8=False, ready_timeout=10)
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.refused: list[str] = []
        self.unknown: set[str] = set()
        self.hang_up: set[str] = set()
        self.delay = 0.0
        self.connections = 0
        self._counting = threading.Lock()

    def factory(self):
        with self._counting:
            self.connections += 1
        return SMTP(self.handler, **self.SMTP_kwargs)

    def start(self):
        super().start()
        self.connections = 0  # start() opens one connection itself, to check that it serves
        return self

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class SilentServer:
    """Accepts connections and says nothing (or only `greeting`) until `release()`; then it
    passes each held conversation through to `relay_to` (a port), or hangs up if there is none.
    `held` is set once a connection is being held."""

    def __init__(self, relay_to: int | None = None, greeting: bytes = b""):
        self.relay_to, self.greeting = relay_to, greeting
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.held = threading.Event()
        self.connections = 0
        self._released = threading.Event()
        self._sockets: list[socket.socket] = []

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def __enter__(self):
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._released.set()
        self.listener.close()
        for sock in self._sockets:
            try:
                sock.close()
            except OSError:
                pass

    def release(self) -> None:
        self._released.set()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            self._sockets.append(conn)
            if self.greeting:
                conn.sendall(self.greeting)
            self.held.set()
            threading.Thread(target=self._hold, args=(conn,), daemon=True).start()

    def _hold(self, conn: socket.socket) -> None:
        self._released.wait()
        if self.relay_to is None:
            conn.close()
            return
        upstream = socket.create_connection(("127.0.0.1", self.relay_to))
        self._sockets.append(upstream)
        threading.Thread(target=_pipe, args=(upstream, conn), daemon=True).start()
        _pipe(conn, upstream)


def _pipe(source: socket.socket, target: socket.socket) -> None:
    try:
        while chunk := source.recv(65536):
            target.sendall(chunk)
    except OSError:
        pass
    finally:
        for sock in (source, target):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

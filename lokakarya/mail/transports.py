"""Where delivered mail goes: SMTP (MAIL_URL=smtp://…) or .eml files in instance/outbox/.

A delivery pass sends through one session (`with transport.session() as s: s.send(…)`); over
SMTP that is one connection, with EHLO, STARTTLS and AUTH once, for every message of the pass.
MAIL_TIMEOUT bounds the connect and every read and write of the conversation.
"""
import smtplib
import ssl
from contextlib import contextmanager
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit


class ServerUnavailable(Exception):
    """No SMTP session could be opened (refused, silent, TLS or login failed): the pass stops
    there and the messages after this one wait, untouched, for the next pass."""


class FileTransport:
    def __init__(self, directory: str):
        self.directory = Path(directory)

    @contextmanager
    def session(self):
        yield self

    def send(self, message_id: int, recipient: str, raw: bytes) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / f"{message_id:08d}.eml").write_bytes(raw)


class SmtpTransport:
    """smtp://user:pass@host:587?starttls=true, or smtps://… for implicit TLS."""

    def __init__(self, url: str, sender: str, timeout: float = 5.0):
        parts = urlsplit(url)
        self.implicit_tls = parts.scheme == "smtps"
        self.host = parts.hostname or "localhost"
        self.port = parts.port or (465 if self.implicit_tls else 25)
        self.username = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        query = parse_qs(parts.query)
        self.starttls = query.get("starttls", ["false"])[0].lower() == "true"
        self.sender = sender
        self.timeout = timeout

    def session(self) -> "SmtpSession":
        return SmtpSession(self)

    def silent(self) -> TimeoutError:
        return TimeoutError(f"the SMTP server {self.host}:{self.port} did not answer within {self.timeout:g} s")

    def connect(self) -> smtplib.SMTP:
        """An SMTP client past EHLO, STARTTLS and AUTH; ServerUnavailable if that fails."""
        try:
            # The timeout is the socket's: it bounds the connect and every later read and write.
            context = ssl.create_default_context()
            if self.implicit_tls:
                client = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            try:
                client.ehlo()
                if self.starttls:
                    client.starttls(context=context)
                    client.ehlo()
                if self.username:
                    client.login(self.username, self.password or "")
            except BaseException:
                client.close()
                raise
        except (OSError, smtplib.SMTPException) as exc:
            if timed_out(exc):
                raise ServerUnavailable(str(self.silent())) from exc
            raise ServerUnavailable(
                f"cannot open a session with the SMTP server {self.host}:{self.port}: {describe(exc)}") from exc
        return client


class SmtpSession:
    """The connection of one delivery pass: opened for its first message, and again for the
    next one after a message that broke it. A message the server refuses is that message's
    failure only: the session goes on after RSET."""

    def __init__(self, transport: SmtpTransport):
        self.transport = transport
        self.client: smtplib.SMTP | None = None

    def __enter__(self) -> "SmtpSession":
        return self

    def __exit__(self, *exc) -> None:
        if self.client is not None:
            try:
                self.client.quit()
            except (OSError, smtplib.SMTPException):
                self.client.close()
            self.client = None

    def send(self, message_id: int, recipient: str, raw: bytes) -> None:
        if self.client is None:
            self.client = self.transport.connect()
        try:
            self.client.sendmail(self.transport.sender, [recipient], raw)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException):
            self._reset()  # smtplib has sent RSET; a server that hung up after saying no is left
            raise
        except (OSError, smtplib.SMTPException) as exc:
            self._drop()
            if timed_out(exc):
                raise self.transport.silent() from exc
            raise

    def _reset(self) -> None:
        try:
            self.client.rset()
        except (OSError, smtplib.SMTPException):
            self._drop()

    def _drop(self) -> None:
        self.client.close()
        self.client = None


def timed_out(exc: BaseException) -> bool:
    """smtplib reports a read that timed out as SMTPServerDisconnected; the timeout is its context."""
    return isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError)


def permanent(exc: Exception) -> bool:
    """The server refused the recipient for good (5xx): retrying the same address cannot help."""
    return isinstance(exc, smtplib.SMTPRecipientsRefused) and all(
        code >= 500 for code, _ in exc.recipients.values())


def describe(exc: Exception) -> str:
    """The error as an organiser reads it on the outbox page."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        answers = "; ".join(f"{code} {_text(text)}" for code, text in exc.recipients.values())
        return f"the SMTP server refused the recipient: {answers}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{type(exc).__name__}: {exc.smtp_code} {_text(exc.smtp_error)}"
    return f"{type(exc).__name__}: {exc}"


def _text(answer: bytes | str) -> str:
    return answer.decode(errors="replace") if isinstance(answer, bytes) else answer


def transport_for(config) -> FileTransport | SmtpTransport:
    url = config.get("MAIL_URL") or ""
    if url.startswith(("smtp://", "smtps://")):
        return SmtpTransport(url, parseaddr(config["MAIL_FROM"])[1], timeout=config.get("MAIL_TIMEOUT", 5.0))
    return FileTransport(config["OUTBOX_DIR"])

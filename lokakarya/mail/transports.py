"""Where delivered mail goes: SMTP (MAIL_URL=smtp://…) or .eml files in instance/outbox/."""
import smtplib
import ssl
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit


class FileTransport:
    def __init__(self, directory: str):
        self.directory = Path(directory)

    def send(self, message_id: int, recipient: str, raw: bytes) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / f"{message_id:08d}.eml").write_bytes(raw)


class SmtpTransport:
    """smtp://user:pass@host:587?starttls=true, or smtps://… for implicit TLS."""

    def __init__(self, url: str, sender: str, timeout: float = 10.0):
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

    def send(self, message_id: int, recipient: str, raw: bytes) -> None:
        context = ssl.create_default_context()
        if self.implicit_tls:
            client = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with client:
            if self.starttls:
                client.starttls(context=context)
            if self.username:
                client.login(self.username, self.password or "")
            client.sendmail(self.sender, [recipient], raw)


def transport_for(config) -> FileTransport | SmtpTransport:
    url = config.get("MAIL_URL") or ""
    if url.startswith(("smtp://", "smtps://")):
        from email.utils import parseaddr

        return SmtpTransport(url, parseaddr(config["MAIL_FROM"])[1])
    return FileTransport(config["OUTBOX_DIR"])

"""Build complete e-mail messages (pure: values in, an EmailMessage out)."""
import re
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import HeaderRegistry
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from functools import lru_cache


class ReusedHeaders(HeaderRegistry):
    """The standard header registry without its cost, which was most of composing a message:
    the standard library builds a new class for every header it parses, and parses
    "MIME-Version: 1.0", the sender and each Content-Type anew in every message. Here the class
    is kept per header name and the parsed header per (name, value): headers are immutable
    (str subclasses; changing one replaces it), so messages may share them."""

    def __init__(self):
        super().__init__()
        self._classes: dict[str, type] = {}
        self._parsed = lru_cache(maxsize=1024)(self._parse)

    def __getitem__(self, name):
        key = name.lower()
        found = self._classes.get(key)
        if found is None:
            found = self._classes[key] = super().__getitem__(name)
        return found

    def __call__(self, name, value):
        return self._parsed(name, value)

    def _parse(self, name, value):
        return self[name](name, value)


# What goes to an SMTP server (RFC 5321/5322): CRLF line ends, header lines folded at 78, and
# (cte_type 7bit) every body that is not short plain ASCII lines transfer-encoded, quoted-printable
# or base64, so no line passes 998 octets and servers without 8BITMIME take it as it is.
STANDARD_WIRE_POLICY = policy.SMTP.clone(cte_type="7bit")
WIRE_POLICY = STANDARD_WIRE_POLICY.clone(header_factory=ReusedHeaders())
# Python 3.11 folds a header before an encoded word as "Publik \r\n =?utf-8?…": unfolded, that
# is two spaces in the subject ("Publik  —"). The fold's own space is the one that belongs there.
_SPACE_BEFORE_FOLD = re.compile(rb"[ \t]+\r\n(?=[ \t])")


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # "application/pdf"
    data: bytes


@dataclass(frozen=True)
class CalendarPart:
    """An iCalendar body shown inline by mail clients (text/calendar; method=…)."""

    ics: bytes
    method: str  # REQUEST, CANCEL, PUBLISH


@dataclass(frozen=True)
class Draft:
    to: str
    subject: str
    text: str
    html: str | None = None
    calendar: CalendarPart | None = None
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)


def compose(draft: Draft, sender: str, domain: str = "lokakarya.local",
            wire_policy: policy.EmailPolicy = WIRE_POLICY) -> EmailMessage:
    msg = EmailMessage(policy=wire_policy)
    msg["From"] = sender
    msg["To"] = draft.to
    # A header may not carry a line break; a title typed with one still makes a subject.
    msg["Subject"] = " ".join(draft.subject.split())
    msg["Date"] = formatdate(localtime=False, usegmt=True)
    msg["Message-ID"] = make_msgid(domain=domain)
    msg.set_content(draft.text, charset="utf-8")
    if draft.html:
        msg.add_alternative(draft.html, subtype="html", charset="utf-8")
    if draft.calendar:
        # The alternative part lets Outlook/Gmail show Accept/Decline; the attachment below
        # serves clients that only look at attachments.
        msg.add_alternative(
            draft.calendar.ics, maintype="text", subtype="calendar",
            params={"method": draft.calendar.method, "charset": "UTF-8"},
        )
    for item in draft.attachments:
        maintype, _, subtype = item.content_type.partition("/")
        msg.add_attachment(item.data, maintype=maintype, subtype=subtype, filename=item.filename)
    return msg


def wire_bytes(msg: EmailMessage, wire_policy: policy.EmailPolicy = WIRE_POLICY) -> bytes:
    """The message as it goes to the SMTP server (and into the outbox row)."""
    head, blank, body = msg.as_bytes(policy=wire_policy).partition(b"\r\n\r\n")
    return _SPACE_BEFORE_FOLD.sub(b"\r\n", head) + blank + body

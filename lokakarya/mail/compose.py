"""Build complete e-mail messages (pure: values in, an EmailMessage out)."""
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid


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


def compose(draft: Draft, sender: str, domain: str = "lokakarya.local") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = draft.to
    msg["Subject"] = draft.subject
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

"""A Draft as JSON for the outbox row, and back (pure). Composing the MIME message is left to
delivery, so a request that queues several messages does not pay for building them."""
from base64 import b64decode, b64encode

from lokakarya.mail.compose import Attachment, CalendarPart, Draft


def to_json(draft: Draft) -> dict:
    return {
        "to": draft.to, "subject": draft.subject, "text": draft.text, "html": draft.html,
        "calendar": (
            {"ics": b64encode(draft.calendar.ics).decode(), "method": draft.calendar.method}
            if draft.calendar else None
        ),
        "attachments": [
            {"filename": a.filename, "content_type": a.content_type, "data": b64encode(a.data).decode()}
            for a in draft.attachments
        ],
    }


def from_json(data: dict) -> Draft:
    calendar = data.get("calendar")
    return Draft(
        to=data["to"], subject=data["subject"], text=data["text"], html=data.get("html"),
        calendar=CalendarPart(b64decode(calendar["ics"]), calendar["method"]) if calendar else None,
        attachments=tuple(
            Attachment(a["filename"], a["content_type"], b64decode(a["data"]))
            for a in data.get("attachments", [])
        ),
    )

"""Ready-made WhatsApp share texts (pure): wa.me opens WhatsApp with the text filled in."""
from urllib.parse import quote

from lokakarya.core.formatting import fmt_date, fmt_time_range


def share_url(text: str) -> str:
    return "https://wa.me/?text=" + quote(text, safe="")


def invitation_text(title: str, sessions, tz_name: str, register_link: str) -> str:
    """For organisers and focal points: the event, its days and the registration link."""
    lines = [f"*{title}*"]
    scheduled = sorted((s for s in sessions if not s.cancelled), key=lambda s: s.starts_at)
    days = list(dict.fromkeys(fmt_date(s.starts_at, tz_name) for s in scheduled))
    if scheduled:
        first = min(s.starts_at for s in scheduled)
        last = max(s.ends_at for s in scheduled)
        lines.append(f"{', '.join(days)} · {fmt_time_range(first, last, tz_name)}")
    lines.append("")
    lines.append(f"Pendaftaran: {register_link}")
    return "\n".join(lines)


def agenda_text(title: str, sessions, tz_name: str, event_link: str) -> str:
    """For participants: the agenda in their zone and the public event page, no private links."""
    lines = [f"*{title}*"]
    current_day = None
    for s in sorted(sessions, key=lambda s: s.starts_at):
        if s.cancelled:
            continue
        day = fmt_date(s.starts_at, tz_name)
        if day != current_day:
            lines.append(day)
            current_day = day
        lines.append(f"- {fmt_time_range(s.starts_at, s.ends_at, tz_name)} {s.title}")
    lines.append("")
    lines.append(event_link)
    return "\n".join(lines)

"""A provider failure as it is kept in the text columns meetings.last_error / pull_error and
vc_tasks / vc_registrants.last_error: JSON {"code", "params", "provider_message"}, so each reader
sees our words in their own language (messages.failure_text) beside the provider's own words,
verbatim. Rows written before this (our English sentence) are read back as code "other" with
that text. Pure: no database, no request."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from lokakarya.vc.provider import ProviderError

# Every code a ProviderError is raised with (the API's `error_code`; messages.failure_text words
# each one). "other": a row stored before codes existed.
CODES = ("timeout", "unreachable", "not_configured", "no_session", "incomplete_answer",
         "unreadable_answer", "answer_too_large", "http_error", "rate_limited", "refused",
         "bad_secret", "report_not_ready", "meeting_not_ended", "unexpected", "other")


@dataclass(frozen=True)
class Failure:
    code: str
    params: dict = field(default_factory=dict)
    provider_message: str = ""
    text: str = ""  # "other": the stored sentence as it was


def dump(exc: ProviderError) -> str:
    return json.dumps({"code": exc.code, "params": exc.params, "provider_message": exc.provider_message},
                      ensure_ascii=False)


def load(stored: str | None) -> Failure | None:
    """None when nothing failed (empty)."""
    if not stored:
        return None
    try:
        data = json.loads(stored)
    except ValueError:
        data = None
    if not isinstance(data, dict) or data.get("code") not in CODES:
        return Failure("other", text=stored)
    params = data.get("params") if isinstance(data.get("params"), dict) else {}
    return Failure(data["code"], params, str(data.get("provider_message") or ""))

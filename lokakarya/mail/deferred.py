"""Messages written at delivery rather than in the request that caused them.

A registration rush queues, per registrant, a confirmation and one calendar invitation per
session; writing them (templates, iCalendar) in the request was a third of its cost and held
up the people behind it. Such a message is queued as a reference, `{"deferred": name, ...}`,
and the feature that registered `name` writes the Draft when the message is first needed.
The written Draft then replaces the reference, so every retry sends the same message.
"""
from collections.abc import Callable

from lokakarya.mail.compose import Draft

RENDERERS: dict[str, Callable[[dict], Draft | None]] = {}


class Undeliverable(Exception):
    """The message can no longer be written (its subject was erased): it fails at once."""


def renderer(name: str):
    """Register the function that writes the Draft of a deferred message called `name`."""
    def register(function: Callable[[dict], Draft | None]):
        RENDERERS[name] = function
        return function
    return register


def is_deferred(data: dict) -> bool:
    return "deferred" in data


def render(data: dict) -> Draft:
    function = RENDERERS.get(data["deferred"])
    if function is None:
        raise Undeliverable(f"nothing writes deferred messages of kind {data['deferred']!r}")
    draft = function(data)
    if draft is None:
        raise Undeliverable("what this message was about no longer exists")
    return draft

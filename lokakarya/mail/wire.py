"""The bytes that may go to an SMTP server: CRLF line ends only, no line over 998 octets, 7-bit
(nothing relies on 8BITMIME). Messages composed before the outbox wrote them so (bare LF,
8-bit bodies) are put right here, at send time."""
import re
from email import message_from_bytes, policy

from lokakarya.mail.compose import wire_bytes
from lokakarya.mail.deferred import Undeliverable

MAX_LINE = 998  # octets, without the CRLF (RFC 5321 4.5.3.1.6, RFC 5322 2.1.1)
_BARE_LINE_END = re.compile(rb"\r(?!\n)|(?<!\r)\n")


def is_clean(raw: bytes) -> bool:
    return (raw.isascii() and _BARE_LINE_END.search(raw) is None
            and all(len(line) <= MAX_LINE for line in raw.split(b"\r\n")))


def for_the_wire(raw: bytes) -> bytes:
    """`raw` itself when it may be sent, else the same message generated again from its own parse.

    Regenerating rather than composing anew from the draft keeps it the same message (Message-ID,
    Date, words and attachments): only line ends and transfer encodings change, so one that a
    lenient server took before a connection broke is still recognised as the same by its reader.
    """
    if is_clean(raw):
        return raw
    fixed = wire_bytes(message_from_bytes(raw, policy=policy.default))
    if not is_clean(fixed):
        raise Undeliverable("the stored message cannot be made 7-bit with CRLF lines of at most 998 octets")
    return fixed

"""Composing with parsed headers reused across messages (compose.ReusedHeaders, most of the cost
of a message before) writes the very bytes the standard library's registry writes."""
import re

import pytest

from lokakarya.mail.compose import (
    STANDARD_WIRE_POLICY,
    WIRE_POLICY,
    Attachment,
    CalendarPart,
    Draft,
    compose,
    wire_bytes,
)

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
DRAFTS = {
    "plain ASCII": Draft(to="ani@example.go.id", subject="Pendaftaran terkonfirmasi", text="Halo Ani\n"),
    "non-ASCII subject that folds": Draft(
        to="budi@example.go.id", text="Halo Budi — sampai jumpa\n" * 40,
        subject="Lokakarya Penerapan Standar Pelayanan Publik — Wilayah I: pendaftaran terkonfirmasi (Déwi)"),
    "html alternative": Draft(to="citra@example.go.id", subject="Undangan", text="Halo", html="<p>Halo</p>"),
    "calendar and attachment": Draft(
        to="dewi@example.go.id", subject="Sertifikat Anda", text="Terlampir.",
        calendar=CalendarPart(ICS, "REQUEST"),
        attachments=(Attachment("sertifikat Déwi.pdf", "application/pdf", b"%PDF-1.4" + bytes(range(256)) * 40),)),
    "same subject as the first, another person": Draft(
        to="eko@example.go.id", subject="Pendaftaran terkonfirmasi", text="Halo Eko\n"),
}
_PER_MESSAGE = re.compile(rb"^(Date|Message-ID): [^\r]*\r\n", re.MULTILINE)
_BOUNDARY = re.compile(rb"={15}\d+==")  # the email package's random MIME boundaries


def _without_date_and_id(raw: bytes) -> bytes:
    return _BOUNDARY.sub(b"BOUNDARY", _PER_MESSAGE.sub(b"", raw))


@pytest.mark.parametrize("name", list(DRAFTS))
def test_reused_headers_write_the_same_message_as_the_standard_registry(name):
    sender = "Lokakarya <noreply@lokakarya.go.id>"
    for _ in range(2):  # the second time every header comes from the cache
        fast = wire_bytes(compose(DRAFTS[name], sender, "lokakarya.go.id"))
        standard = wire_bytes(compose(DRAFTS[name], sender, "lokakarya.go.id", wire_policy=STANDARD_WIRE_POLICY),
                              wire_policy=STANDARD_WIRE_POLICY)
        assert _without_date_and_id(fast) == _without_date_and_id(standard)
        assert f"To: {DRAFTS[name].to}\r\n".encode() in fast
    assert WIRE_POLICY.header_factory is not STANDARD_WIRE_POLICY.header_factory

"""Bytes → text: UTF-8 with or without BOM, UTF-16 LE/BE with or without BOM."""
import codecs

from lokakarya.attendance.report.errors import ReportError


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 of mostly ASCII text has a NUL in every other byte."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > half * 0.6 and even_nuls < half * 0.1:
        return "utf-16-le"
    if even_nuls > half * 0.6 and odd_nuls < half * 0.1:
        return "utf-16-be"
    return None


def _line_of(data: bytes, position: int, encoding: str) -> int:
    text = data[:position].decode(encoding, errors="replace")
    return text.count("\n") + 1


def decode(data: bytes) -> str:
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ReportError("empty", None)
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8", data[3:]
    elif data.startswith(codecs.BOM_UTF16_LE):
        encoding, body = "utf-16-le", data[2:]
    elif data.startswith(codecs.BOM_UTF16_BE):
        encoding, body = "utf-16-be", data[2:]
    else:
        encoding, body = _utf16_without_bom(data) or "utf-8", data
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        line = _line_of(body, exc.start, encoding)
        if encoding.startswith("utf-16"):
            raise ReportError("encoding", line, exc.reason) from None
        if b"\x00" in body[:4000]:
            raise ReportError("binary", None) from None
        # Excel on Windows saves "CSV" in its ANSI code page.
        text = body.decode("cp1252", errors="replace")
    if "\x00" in text or _control_share(text) > 0.05:
        raise ReportError("binary", None)
    if not text.strip():
        raise ReportError("empty", None)
    return text


def _control_share(text: str) -> float:
    sample = text[:4000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    return controls / max(len(sample), 1)

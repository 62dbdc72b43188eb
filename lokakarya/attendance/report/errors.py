"""Why a report could not be read; the views translate the code into a message."""

# code → what went wrong (the views hold the translated sentences)
CODES = (
    "empty", "binary", "encoding", "unknown_format", "no_rows", "bad_time", "leave_before_join",
    "ambiguous_date_order", "mixed_date_order", "too_large", "too_many_rows", "malformed",
    "control_characters",
)


class ReportError(Exception):
    def __init__(self, code: str, line: int | None = None, detail: str = ""):
        assert code in CODES, code
        super().__init__(f"{code} (line {line}): {detail}")
        self.code, self.line, self.detail = code, line, detail

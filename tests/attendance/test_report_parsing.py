"""Reading the platform reports: formats, encodings, headers, date order, broken files."""
from datetime import UTC, datetime

import pytest

from lokakarya.attendance.report import ReportError, parse_report
from tests.attendance.helpers import DEMO_DAYS, ZONE, sample, zoom_text

SRI = "sri.siregar@dukcapil.lampungprov.example.go.id"


def parse(data: bytes, **kw):
    return parse_report(data, ZONE, DEMO_DAYS, **kw)


def rows_of(report, email):
    return [(r.joined, r.left) for r in report.rows if r.email == email]


def wib(hour, minute):
    return datetime(2020, 11, 12, hour - 7, minute, tzinfo=UTC)


def test_zoom_sample_with_summary_block():
    report = parse(sample("zoom-participants.csv"))
    assert report.format == "zoom_meeting" and report.source == "zoom"
    assert report.date_order == "mdy"
    assert len(report.rows) == 91
    assert rows_of(report, SRI) == [(wib(8, 31), wib(11, 16)), (wib(11, 37), wib(14, 57))]


def test_teams_sample_uses_the_per_join_section():
    report = parse(sample("teams-attendance.csv"))
    assert report.format == "teams" and report.date_order == "dmy"
    assert rows_of(report, SRI) == [(wib(8, 31), wib(11, 16)), (wib(11, 37), wib(14, 57))]
    assert [r.host for r in report.rows if r.email.startswith("host@")] == [True]


def test_meet_sample_has_times_only_and_a_shorter_total():
    report = parse(sample("meet-attendance.csv"))
    assert report.format == "meet"
    (row,) = [r for r in report.rows if r.email == SRI]
    assert (row.joined, row.left) == (wib(8, 31), wib(14, 57))
    assert round(row.presence * 386) == 365  # 365 minutes present of 386 between join and leave


def test_variants_of_encoding_and_headers_read_the_same():
    expected = rows_of(parse(sample("zoom-participants.csv")), SRI)
    text = zoom_text()
    newer = text.replace("Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest",
                         "NAME (ORIGINAL NAME),Email,Join time,Leave time,Duration (minutes),Guest,"
                         "Recording disclaimer response,In waiting room")
    assert newer != text
    variants = {
        "utf-8 BOM": b"\xef\xbb\xbf" + text.encode(),
        "utf-16 LE BOM": text.encode("utf-16"),
        "utf-16 BE BOM": b"\xfe\xff" + text.encode("utf-16-be"),
        "utf-16 BE no BOM": text.encode("utf-16-be"),
        "tab separated": text.replace(",", "\t").encode(),
        "capitalised + extra headers": newer.encode(),
        "crlf": text.replace("\n", "\r\n").encode(),
    }
    for label, data in variants.items():
        assert rows_of(parse(data), SRI) == expected, label


def test_day_first_dates_are_recognised_from_the_file():
    # 12/11/2020 then 13/11/2020: a day above 12 settles the order for the whole file.
    text = ("Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
            "A,a@x.go.id,12/11/2020 08:30:00,12/11/2020 09:00:00,30,Yes\n"
            "B,b@x.go.id,13/11/2020 08:30:00,13/11/2020 09:00:00,30,Yes\n")
    report = parse_report(text.encode(), ZONE, set())
    assert report.date_order == "dmy"
    assert report.rows[0].joined == wib(8, 30)


def test_month_first_dates_are_recognised_from_the_file():
    text = ("Name,Email,Join Time,Leave Time\n"
            "A,a@x.go.id,11/12/2020 08:30 AM,11/12/2020 09:00 AM\n"
            "B,b@x.go.id,11/13/2020 08:30 AM,11/13/2020 01:00 PM\n")
    report = parse_report(text.encode(), ZONE, set())
    assert report.date_order == "mdy"
    assert report.rows[1].left == datetime(2020, 11, 13, 6, 0, tzinfo=UTC)


def test_ambiguous_dates_use_the_event_days_or_ask():
    text = "Name,Email,Join Time,Leave Time\nA,a@x.go.id,11/12/2020 08:30,11/12/2020 09:00\n"
    assert parse_report(text.encode(), ZONE, DEMO_DAYS).date_order == "mdy"
    with pytest.raises(ReportError) as caught:
        parse_report(text.encode(), ZONE, set())
    assert caught.value.code == "ambiguous_date_order" and caught.value.line == 2
    assert parse_report(text.encode(), ZONE, set(), date_order="dmy").rows[0].joined.month == 12


def test_another_zone_can_be_chosen():
    report = parse_report(sample("zoom-participants.csv"), "Asia/Makassar", DEMO_DAYS)
    assert rows_of(report, SRI)[0][0] == wib(7, 31)  # 08:31 WITA is 07:31 WIB


def test_webinar_attendee_report():
    text = (
        "Attendee Report,\nReport Generated:,\"11/12/2020 03:10 PM\",\n"
        "Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),# Registered,Unique Viewers,\n"
        "\"Lokakarya\",851 2020 1112,\"11/12/2020 08:10:00 AM\",410,90,81,\n"
        "Host Details,\n"
        "Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),"
        "Is Guest,Country/Region Name,\n"
        "Yes,Jeffrey Erlan Muller,host@kemenpanrb.example.go.id,11/12/2020 08:10:00 AM,"
        "11/12/2020 03:00:00 PM,410,No,Indonesia,\n"
        "Attendee Details,\n"
        "Attended,User Name (Original Name),First Name,Last Name,Email,Registration Time,"
        "Approval Status,Join Time,Leave Time,Time in Session (minutes),Is Guest,Country/Region Name,\n"
        f"Yes,Sri Siregar,Sri,Siregar,{SRI},11/01/2020 09:00:00 AM,approved,"
        "11/12/2020 08:31:00 AM,11/12/2020 11:16:00 AM,165,Yes,Indonesia,\n"
        f"Yes,Sri Siregar,Sri,Siregar,{SRI},11/01/2020 09:00:00 AM,approved,"
        "11/12/2020 11:37:00 AM,11/12/2020 02:57:00 PM,200,Yes,Indonesia,\n"
        "No,Budi,Budi,,budi@x.go.id,11/01/2020 09:00:00 AM,approved,--,--,--,Yes,,\n"
    )
    report = parse(text.encode())
    assert report.format == "zoom_webinar" and report.source == "zoom"
    assert rows_of(report, SRI) == [(wib(8, 31), wib(11, 16)), (wib(11, 37), wib(14, 57))]
    assert len(report.rows) == 3  # the absent registrant is not a row


@pytest.mark.parametrize(("data", "code", "line"), [
    (b"", "empty", None),
    (b"\xef\xbb\xbf\r\n\r\n", "empty", None),
    (bytes(range(256)) * 40, "binary", None),
    (b"Nama,Instansi,Jabatan\nSri,Dukcapil,Kasi\n", "unknown_format", 1),
    (b"Name,Email,Join Time,Leave Time\nA,a@x.go.id,11/12/2020 08:30,kemarin\n", "bad_time", 2),
    (b"Name,Email,Join Time,Leave Time\nA,a@x.go.id,11/12/2020 09:30,11/12/2020 08:30\n",
     "leave_before_join", 2),
    (b"Name,Email,Join Time,Leave Time\nA,a@x.go.id,13/12/2020 09:30,12/13/2020 10:30\n",
     "mixed_date_order", 2),
    (b"Name,Email,Join Time,Leave Time\n", "no_rows", 1),
])
def test_unreadable_files_are_refused_with_line_and_reason(data, code, line):
    with pytest.raises(ReportError) as caught:
        parse(data)
    assert (caught.value.code, caught.value.line) == (code, line)


def test_truncated_utf16_is_refused_with_its_line():
    data = sample("teams-attendance.csv")
    with pytest.raises(ReportError) as caught:
        parse(data[:5001])  # odd length: half a character at the end
    assert caught.value.code == "encoding"
    assert caught.value.line == data[2:5001].decode("utf-16-le", errors="ignore").count("\n") + 1

"""XLSX files written straight as XML (openpyxl takes 26 s for 300,000 rows; this takes a few):
huge sheets, sheets broken after their first rows, and zip bombs, for the upload tests and
bench/upload_limits_bench.py."""
import io
import re
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
        '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
        'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><sheets><sheet name="Delegasi" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
}
SHEET_START = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
               'spreadsheetml/2006/main"><sheetData>')
SHEET_END = "</sheetData></worksheet>"


SHARED_STRINGS_RELATION = (
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/>')


def excel_text(value) -> str:
    """Text as Excel writes it into XML: characters XML cannot carry as _xHHHH_."""
    return escape(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", lambda m: f"_x{ord(m.group()):04X}_", str(value)))
SHARED_STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.sharedStrings+xml"/>')


def row_xml(values: Iterable[str], number: int | None = None) -> str:
    cells = "".join(f'<c t="inlineStr"><is><t>{excel_text(v)}</t></is></c>' for v in values)
    return f'<row r="{number}">{cells}</row>' if number else f"<row>{cells}</row>"


def xlsx(rows: Iterable[Iterable[str]], tail: str = SHEET_END, extra: dict[str, bytes] | None = None,
         shared_strings: bool = False) -> bytes:
    """A workbook whose sheet holds `rows`, then `tail` (the sheet's end, or garbage). With
    `shared_strings` the texts are kept in one table, as Excel saves them (a smaller file)."""
    buffer = io.BytesIO()
    strings: dict[str, int] = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            if shared_strings and name == "xl/_rels/workbook.xml.rels":
                text = text.replace("</Relationships>", SHARED_STRINGS_RELATION + "</Relationships>")
            if shared_strings and name == "[Content_Types].xml":
                text = text.replace("</Types>", SHARED_STRINGS_TYPE + "</Types>")
            archive.writestr(name, text)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_START.encode())
            chunk = []
            for number, values in enumerate(rows, start=1):
                if shared_strings:
                    cells = "".join(f'<c t="s"><v>{strings.setdefault(str(v), len(strings))}</v></c>'
                                    for v in values)
                    chunk.append(f'<row r="{number}">{cells}</row>')
                else:
                    chunk.append(row_xml(values, number))
                if len(chunk) == 5_000:
                    sheet.write("".join(chunk).encode())
                    chunk = []
            sheet.write(("".join(chunk) + tail).encode())
        if shared_strings:
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as table:
                table.write(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
                            b'openxmlformats.org/spreadsheetml/2006/main">')
                for text in strings:
                    table.write(f"<si><t>{excel_text(text)}</t></si>".encode())
                table.write(b"</sst>")
    return buffer.getvalue()


def delegation_rows(count: int, header=("nama", "nip", "jabatan", "email", "ponsel")):
    yield header
    for i in range(count):
        yield (f"Dr. Peserta Uji {i}, S.Sos., M.Si.", f"19860926201505{i % 10_000:04d}",
               f"Analis Kebijakan Ahli Muda {i % 40}", f"peserta.{i}@dukcapil.example.go.id",
               f"0812{i:08d}")


def zip_bomb(inflated_bytes: int) -> bytes:
    """A sheet of one row again and again (rows without numbers: each is the next one) that
    inflates to `inflated_bytes`, about a thousand times its size in the file."""
    row = row_xml(("Peserta", "198609262015051001", "Analis", "p@example.go.id", "081273001104"))
    block = (row * 10_000).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_START.encode() + row_xml(("nama", "nip", "jabatan", "email", "ponsel")).encode())
            for _ in range(max(inflated_bytes // len(block), 1)):
                sheet.write(block)
            sheet.write(SHEET_END.encode())
    return buffer.getvalue()

"""What an upload is, read from its content (pure)."""
import pytest

from lokakarya.materials.files import UploadProblem, check_upload, detect_type, safe_download_name
from tests.materials.samples import DOCX, HTML, PDF, PPTX, ooxml, xlsx

LIMIT = 1024 * 1024


@pytest.mark.parametrize(("data", "kind"), [(PDF, "pdf"), (PPTX, "pptx"), (DOCX, "docx")])
def test_office_and_pdf_files_are_recognised(data, kind):
    assert detect_type(data) == kind


def test_a_real_workbook_is_xlsx():
    assert detect_type(xlsx()) == "xlsx"


@pytest.mark.parametrize(
    "data",
    [HTML, b"PK\x03\x04 not a zip", ooxml("other/")[:40], b"MZ\x90\x00", b""],
    ids=["html", "broken-zip", "truncated-ooxml", "exe", "empty"],
)
def test_anything_else_is_not(data):
    assert detect_type(data) is None


def test_html_renamed_pdf_is_refused():
    with pytest.raises(UploadProblem) as problem:
        check_upload("bahan-paparan.pdf", HTML, LIMIT)
    assert problem.value.code == "unsupported"


def test_a_zip_that_is_no_office_file_is_refused():
    with pytest.raises(UploadProblem) as problem:
        check_upload("slides.pptx", ooxml("other/"), LIMIT)
    assert problem.value.code == "unsupported"


def test_content_must_match_the_extension():
    with pytest.raises(UploadProblem) as problem:
        check_upload("laporan.pdf", DOCX, LIMIT)
    assert problem.value.code == "mismatch"


def test_oversized_and_empty_files_are_refused():
    with pytest.raises(UploadProblem) as big:
        check_upload("besar.pdf", PDF + b"0" * LIMIT, LIMIT)
    assert big.value.code == "too_large"
    with pytest.raises(UploadProblem) as empty:
        check_upload("kosong.pdf", b"", LIMIT)
    assert empty.value.code == "empty"


def test_paths_are_dropped_from_the_download_name():
    assert check_upload("../../x.pdf", PDF, LIMIT).download_name == "x.pdf"
    assert safe_download_name("..\\..\\windows\\evil.pdf", "pdf") == "evil.pdf"
    assert safe_download_name("/etc/passwd", "pdf") == "passwd.pdf"
    assert safe_download_name("Bahan Paparan Sesi 1.pdf", "pdf") == "Bahan_Paparan_Sesi_1.pdf"
    assert safe_download_name("", "pptx", fallback="Paparan") == "Paparan.pptx"
    assert safe_download_name("../..", "pdf") == "materi.pdf"


def test_a_file_without_extension_gets_the_real_one():
    checked = check_upload("paparan", PPTX, LIMIT)
    assert checked.download_name == "paparan.pptx"
    assert checked.content_type.endswith("presentationml.presentation")

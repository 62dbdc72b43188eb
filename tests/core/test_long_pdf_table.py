"""Long printed lists (a daftar hadir of thousands): every value printed in full, wrapped within
its column, the header on every page."""
import io

from pypdf import PdfReader

from lokakarya.core.pdf import Pdf

HEADER = ["No.", "Nama", "Instansi"]
WIDTHS = (10, 40, 60)


def printed(rows) -> list[str]:
    pdf = Pdf("L")
    pdf.add_page()
    pdf.font(8)
    pdf.long_table(WIDTHS, HEADER, rows)
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(bytes(pdf.output()))).pages]


def test_every_value_is_printed_and_the_header_repeats_on_each_page():
    rows = [[n, f"Peserta Nomor {n} binti Abdurrahman Wahid Hasyim Saputra",
             "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Kepulauan Selayar"] for n in range(1, 301)]
    pages = printed(rows)
    assert len(pages) > 5
    assert all(page.startswith("No. Nama Instansi") for page in pages)
    text = " ".join(pages)
    for n in (1, 150, 300):  # wrapped over lines, but whole and in order
        assert f"{n} Peserta Nomor {n} binti" in text
    assert text.count("Kepulauan Selayar") == 300


def test_a_word_wider_than_its_column_is_cut_not_lost():
    long_word = "Kabupaten" * 8
    [page] = printed([[1, "Nur", long_word]])
    assert page.replace(" ", "").count(long_word) == 1


def test_names_in_any_script_print():
    [page] = printed([[1, "Ni Putu Ayu Dewi Saraswati — Ketua", "Dinas Pendidikan & Kebudayaan (“Disdikbud”)"]])
    assert "Saraswati — Ketua" in page and "“Disdikbud”" in page

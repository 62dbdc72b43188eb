"""The certificate PDF itself (pure), with the font shipped in the app."""
import io

from pypdf import PdfReader

from lokakarya.certificates.document import CertificateContent, render


def test_names_outside_latin1_print_as_written():
    name = "Dr. Ni Luh Putu Ayu Saraswati, S.Kom., M.Si. — ‘Ayu’ Şükrü Nguyễn"
    pdf = render(CertificateContent(
        heading="SERTIFIKAT", number_label="Nomor: 0001/LK-1/2020", given_to="diberikan kepada",
        name=name, agency="Dinas Kependudukan dan Pencatatan Sipil Provinsi Bali",
        as_participant="sebagai peserta", event_title="Lokakarya Standar Pelayanan Publik",
        when="Kamis, 12 November 2020 · 08.30–15.00 WIB", organiser="Kementerian PANRB",
        verify_label="Periksa keaslian:", verify_url="https://lokakarya.example.go.id/certificates/ABC",
    ))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Nguyễn" in text and "Şükrü" in text and "08.30–15.00 WIB" in text
    assert "?" not in text.replace("https://", "")

"""The certificate PDF (pure: plain values in, PDF bytes out) with a QR code of the public
verification URL."""
from dataclasses import dataclass
from io import BytesIO

import segno

from lokakarya.core.pdf import Pdf


@dataclass(frozen=True)
class CertificateContent:
    heading: str  # "SERTIFIKAT"
    number_label: str  # "Nomor: 0001/LK-001/2020"
    given_to: str  # "diberikan kepada"
    name: str
    agency: str
    as_participant: str  # "sebagai peserta"
    event_title: str
    when: str  # "Kamis, 12 November 2020 · 5 jam 30 menit"
    organiser: str
    verify_label: str  # "Periksa keaslian: <url>"
    verify_url: str


def qr_png(url: str) -> bytes:
    out = BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=6, border=2)
    return out.getvalue()


def render(content: CertificateContent) -> bytes:
    pdf = Pdf("L")
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    pdf.set_draw_color(16, 149, 193)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_line_width(0.4)
    pdf.rect(14, 14, 269, 182)

    def line(text: str, size: float, bold: bool = False, gap: float = 4) -> None:
        pdf.font(size, bold)
        pdf.set_x(20)
        pdf.multi_cell(257, size * 0.5, text, align="C")
        pdf.ln(gap)

    pdf.set_y(30)
    line(content.heading, 30, bold=True, gap=2)
    line(content.number_label, 11, gap=10)
    line(content.given_to, 13, gap=4)
    line(content.name, 24, bold=True, gap=2)
    line(content.agency, 13, gap=8)
    line(content.as_participant, 13, gap=3)
    line(content.event_title, 15, bold=True, gap=3)
    line(content.when, 12, gap=3)
    line(content.organiser, 11, gap=2)
    pdf.image(BytesIO(qr_png(content.verify_url)), x=245, y=160, w=32, h=32)
    pdf.font(8)
    pdf.set_xy(20, 185)
    pdf.multi_cell(220, 4, f"{content.verify_label} {content.verify_url}")
    return bytes(pdf.output())

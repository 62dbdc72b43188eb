"""A4 PDFs (certificates, attendance lists, reports) in DejaVu Sans, shipped with the app so
every Indonesian name, dash and quote prints the same on any machine (Bitstream Vera licence,
see fonts/LICENSE-DejaVu.txt)."""
from pathlib import Path

from fpdf import FPDF

from lokakarya.core.text import without_forbidden_characters

FONTS = Path(__file__).parent / "fonts"


class Pdf(FPDF):
    def __init__(self, orientation: str = "P"):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.set_auto_page_break(auto=True, margin=15)
        self.add_font("body", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("body", "B", str(FONTS / "DejaVuSans-Bold.ttf"))

    def normalize_text(self, text: str) -> str:
        """Every text written passes here: control characters (stored before input was
        checked) print as nothing rather than as missing glyphs."""
        return super().normalize_text(without_forbidden_characters(text))

    def font(self, size: float, bold: bool = False) -> None:
        self.set_font("body", "B" if bold else "", size)

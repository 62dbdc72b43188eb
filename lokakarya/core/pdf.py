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

    def long_table(self, widths: tuple[float, ...], header: list[str], rows, line_height: float = 4.5) -> None:
        """A bordered list of wrapped text for thousands of rows, the header repeated on each page.
        fpdf's table() lays out every cell through its line breaker (35 s for 20,000 rows of a
        daftar hadir); here lines are broken on spaces with the font's character widths and
        written with text() (3 s)."""
        def write(values, bold: bool) -> None:
            self.font(self.font_size_pt, bold=bold)
            lines = [self._wrapped(str(value), width - 2) for width, value in zip(widths, values, strict=True)]
            height = line_height * max(len(found) for found in lines) + 1
            if self.y + height > self.page_break_trigger:
                self.add_page()
                if not bold:
                    write(header, True)
            x, y = self.l_margin, self.y
            for width, found in zip(widths, lines, strict=True):
                for number, line in enumerate(found):
                    self.text(x + 1, y + line_height * (number + 0.8), line)
                x += width
            self.line(self.l_margin, y + height, x, y + height)
            self.y = y + height

        write(header, True)
        for row in rows:
            write(row, False)

    def _wrapped(self, text: str, width: float) -> list[str]:
        """`text` in lines no wider than `width` mm in the current font, broken on spaces (a word
        wider than a line is broken where it must)."""
        widths = self.current_font.cw
        scale = self.font_size_pt * 0.001 * 25.4 / 72  # font units to mm
        lines: list[str] = []
        line, used = "", 0.0
        for word in self.normalize_text(text).split():
            size = sum(widths[ord(c)] for c in word) * scale
            while size > width and len(word) > 1:  # too wide for any line: cut it
                cut = len(word) - 1
                while cut > 1 and sum(widths[ord(c)] for c in word[:cut]) * scale > width:
                    cut -= 1
                if line:
                    lines.append(line)
                lines.append(word[:cut])
                line, used = "", 0.0
                word = word[cut:]
                size = sum(widths[ord(c)] for c in word) * scale
            gap = widths[32] * scale if line else 0.0
            if line and used + gap + size > width:
                lines.append(line)
                line, used = word, size
            else:
                line, used = f"{line} {word}" if line else word, used + gap + size
        lines.append(line)
        return lines

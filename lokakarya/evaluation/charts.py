"""Inline SVG bar charts (pure): no JavaScript, readable on phones and in print."""
from markupsafe import Markup, escape

BAR_HEIGHT = 22
LABEL_WIDTH = 170
BAR_WIDTH = 260


def bar_chart(counts: list[tuple[str, int]], title: str = "") -> Markup:
    total_max = max((count for _label, count in counts), default=0) or 1
    height = BAR_HEIGHT * len(counts) + 4
    width = LABEL_WIDTH + BAR_WIDTH + 50
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
             f'width="100%" style="max-width:{width}px" aria-label="{escape(title)}">']
    for index, (label, count) in enumerate(counts):
        y = index * BAR_HEIGHT + 2
        bar = round(BAR_WIDTH * count / total_max)
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" font-size="12" fill="currentColor">'
            f'{escape(short)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{bar}" height="{BAR_HEIGHT - 6}" fill="#1e88e5">'
            f'<title>{escape(label)}: {count}</title></rect>'
            f'<text x="{LABEL_WIDTH + bar + 6}" y="{y + 15}" font-size="12" fill="currentColor">{count}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  (every label above is escaped)

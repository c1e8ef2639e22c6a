"""Charts for report pages as inline SVG: no JavaScript, no library, readable by screen readers.

A chart is drawn from rows of (label, value); the page keeps its table of figures next to
the chart, so the chart only has to be legible, not the only record of the numbers.
"""

from collections.abc import Sequence
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 220
BAR_WIDTH = 360
VALUE_WIDTH = 80
COLOURS = ("#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#dc3545", "#20c997")


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def bar_chart_svg(
    rows: Sequence[tuple[str, float]],
    *,
    title: str,
    max_value: float | None = None,
    unit: str = "",
) -> SafeString:
    """A horizontal bar chart: one bar per row, its value written at the bar's end.

    `max_value` fixes the scale (e.g. 5 for ratings, 100 for shares); by default the
    largest value fills the width. Labels and the title are escaped.
    """
    top = max([max_value or 0.0, *(value for _label, value in rows)], default=0.0) or 1.0
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = max(1, len(rows)) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"'
        f' viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px"'
        f' aria-label="{escape(title, {chr(34): "&quot;"})}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, value) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = max(0.0, float(value)) / top * BAR_WIDTH
        colour = COLOURS[index % len(COLOURS)]
        text_y = y + BAR_HEIGHT * 0.7
        parts += [
            f'<text x="{LABEL_WIDTH - 6}" y="{text_y:.1f}" text-anchor="end"'
            f' font-size="13">{escape(str(label))}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}"'
            f' fill="{colour}" rx="2"/>',
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{text_y:.1f}"'
            f' font-size="13">{escape(_number(value) + unit)}</text>',
        ]
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 – every piece of text above is escaped

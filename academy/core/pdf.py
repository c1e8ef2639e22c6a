"""Documents as PDF: a list of blocks laid out with ReportLab in DejaVu Sans.

DejaVu Sans (shipped in core/fonts with its licence) has every Kazakh letter, so
minutes, statements and certificates print the same in kk, ru and en. A block is
(kind, content): "head", "sub" or "text" with a string, "table" with rows of cells
(the first row is the header).
"""

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONTS = Path(__file__).resolve().parent / "fonts"

Block = tuple[str, Any]


def register_fonts() -> None:
    registered = pdfmetrics.getRegisteredFontNames()
    for name in ("DejaVuSans", "DejaVuSans-Bold"):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(FONTS / f"{name}.ttf")))


def render_blocks(
    blocks: Sequence[Block],
    *,
    title: str,
    col_widths_mm: Sequence[float],
    repeat_header: bool = False,
    invariant: bool = False,
) -> bytes:
    """Lay the blocks out on A4 and return the PDF bytes.

    `invariant` makes the bytes depend only on the blocks (no creation time or random file
    ID), so that a document the server renders again is the one a person signed.
    """
    register_fonts()
    body = ParagraphStyle("body", fontName="DejaVuSans", fontSize=10, leading=13)
    styles = {
        "text": body,
        "head": ParagraphStyle(
            "head", parent=body, fontName="DejaVuSans-Bold", fontSize=13, leading=17
        ),
        "sub": ParagraphStyle(
            "sub", parent=body, fontName="DejaVuSans-Bold", fontSize=11, leading=15
        ),
    }

    def paragraph(text: object, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)

    story: list[Any] = []
    for kind, content in blocks:
        if kind == "table":
            rows = [[paragraph(cell) for cell in row] for row in content]
            table = Table(
                rows,
                colWidths=[w * mm for w in col_widths_mm],
                repeatRows=1 if repeat_header else 0,
            )
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                    ]
                )
            )
            story.append(table)
        else:
            if kind in ("sub", "head") and story:
                story.append(Spacer(1, 4 * mm))
            story.append(paragraph(content, styles[kind]))
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
        invariant=1 if invariant else None,
    ).build(story)
    return buffer.getvalue()

"""Spine and barcode labels of copies as a PDF (IS-12 cataloguing, issue 17).

A4 sheets of 3 × 8 labels (70 × 37 mm, the common self-adhesive sheet). Each label has
the shelf mark in large type (the spine), the copy's Code 128 barcode with its number, and
a short title and the location, in DejaVu Sans (academy/core/fonts), which has every
Kazakh letter.
"""

import io
from collections.abc import Iterable

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from academy.core.pdf import register_fonts

from .models import Copy

COLUMNS, ROWS = 3, 8
LABEL_W, LABEL_H = 70 * mm, 37 * mm
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"


def _fit(text: str, font: str, size: float, width: float) -> str:
    """The text cut with an ellipsis to fit the width."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _label(canvas: Canvas, copy: Copy, x: float, y: float) -> None:
    pad = 3 * mm
    width = LABEL_W - 2 * pad
    top = y + LABEL_H - pad
    canvas.setFont(BOLD, 12)
    canvas.drawString(x + pad, top - 10, _fit(copy.shelf_mark or "—", BOLD, 12, width))
    canvas.setFont(FONT, 7)
    canvas.drawString(x + pad, top - 20, _fit(copy.record.title, FONT, 7, width))
    barcode = Code128(copy.barcode, barHeight=10 * mm, barWidth=0.3 * mm, humanReadable=False)
    if barcode.width > width:  # a long barcode is drawn narrower, still scannable
        barcode = Code128(
            copy.barcode, barHeight=10 * mm, barWidth=0.3 * mm * width / barcode.width
        )
    barcode.drawOn(canvas, x + pad - barcode.lquiet + 1, y + pad + 9)
    canvas.setFont(FONT, 8)
    canvas.drawString(x + pad, y + pad, copy.barcode)
    canvas.drawRightString(x + LABEL_W - pad, y + pad, _fit(copy.location, FONT, 7, width / 2))


def labels_pdf(copies: Iterable[Copy]) -> bytes:
    """The labels of the copies, in order, 24 to a page."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.setTitle("Labels")
    page_w, page_h = A4
    margin_x = (page_w - COLUMNS * LABEL_W) / 2
    margin_y = (page_h - ROWS * LABEL_H) / 2
    index = 0
    for copy in copies:
        if index and index % (COLUMNS * ROWS) == 0:
            canvas.showPage()
        slot = index % (COLUMNS * ROWS)
        column, row = slot % COLUMNS, slot // COLUMNS
        x = margin_x + column * LABEL_W
        y = page_h - margin_y - (row + 1) * LABEL_H
        _label(canvas, copy, x, y)
        index += 1
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()

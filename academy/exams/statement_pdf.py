"""The exam statement (TR-26, TR-27) as a PDF, in the active language.

`statement_blocks` says what the statement contains (and is what the tests read);
`render_statement` lays the blocks out with ReportLab in DejaVu Sans, which has every
Kazakh letter (ә, ғ, қ, ң, ө, ұ, ү, һ, і).
"""

import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .models import Exam

FONTS = Path(__file__).resolve().parent.parent / "core" / "fonts"

# A block is (kind, content): "head", "sub" or "text" with a string, "table" with rows.
Block = tuple[str, Any]


def statement_blocks(exam: Exam) -> list[Block]:
    """Heading, results table (№, listener, points, equivalent, result) and the commission."""
    details = [exam.title, str(exam.group or ""), exam.get_kind_display()]
    if exam.exam_date:
        details.append(exam.exam_date.strftime("%d.%m.%Y"))
    rows: list[list[str]] = [
        ["№", _("Listener"), _("Points"), _("Numeric equivalent"), _("Result")]
    ]
    results = exam.results.select_related("listener").order_by(
        "listener__surname", "listener__first_name", "pk"
    )
    for number, result in enumerate(results, start=1):
        name = result.listener.full_name
        if result.disagreement:
            name = _("%(name)s (grades disagree)") % {"name": name}
        rows.append(
            [
                str(number),
                name,
                str(result.points),
                str(result.numeric_equivalent),
                _("Passed") if result.passed else _("Not passed"),
            ]
        )
    blocks: list[Block] = [
        ("head", _("Exam statement")),
        ("text", " · ".join(d for d in details if d)),
        ("text", _("Status: %(status)s") % {"status": exam.get_status_display()}),
        ("table", rows),
        ("sub", _("Exam commission")),
    ]
    for member in exam.commission.select_related("user").order_by("pk"):
        blocks.append(("text", f"{member.user.full_name} – {member.get_seat_display()}"))
    blocks.append(
        ("text", _("Printed %(when)s") % {"when": timezone.localtime().strftime("%d.%m.%Y %H:%M")})
    )
    return blocks


def _register_fonts() -> None:
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONTS / "DejaVuSans.ttf")))
    if "DejaVuSans-Bold" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(FONTS / "DejaVuSans-Bold.ttf")))


def render_statement(exam: Exam) -> bytes:
    _register_fonts()
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
    for kind, content in statement_blocks(exam):
        if kind == "table":
            rows = [[paragraph(cell) for cell in row] for row in content]
            table = Table(
                rows, colWidths=[10 * mm, 80 * mm, 20 * mm, 25 * mm, 40 * mm], repeatRows=1
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
        title=str(_("Exam statement")),
    ).build(story)
    return buffer.getvalue()

"""PDFs: the certificate of the set form (TR-28) and the references (TR-A3, TR-A4).

The certificate is drawn on an A4 landscape page in DejaVu Sans (every Kazakh letter),
in the certificate's language, with a QR code linking to the public verification page.
References are laid out as blocks by academy.core.pdf.
"""

import io
import itertools
from collections.abc import Iterable
from xml.sax.saxutils import escape

import segno
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from academy.core.pdf import Block, register_fonts, render_blocks

from .models import Certificate
from .selectors import ResultsReference, SummaryReference

PAGE = landscape(A4)


def _date(value: object) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"  # type: ignore[attr-defined]


def verification_url(certificate: Certificate, base_url: str = "") -> str:
    """The absolute link of the QR code: SITE_URL (or the request's host) + the page."""
    base = (base_url or str(getattr(settings, "SITE_URL", ""))).rstrip("/")
    return base + certificate.verification_path()


def _centered(canvas: Canvas, text: str, style: ParagraphStyle, y: float, width: float) -> float:
    """Draw a centred paragraph whose top is at y; return the y below it."""
    paragraph = Paragraph(escape(text), style)
    _w, height = paragraph.wrap(width, PAGE[1])
    left = (PAGE[0] - width) / 2
    paragraph.drawOn(canvas, left, y - height)
    return y - height


def _qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    """Draw the QR code as squares (no image library needed).

    Each run of dark modules in a row is one rectangle of a single filled path: a few
    hundred path operators instead of a filled rectangle per module, which made the QR
    code half the time of rendering a certificate.
    """
    rows = [list(row) for row in segno.make(data, error="m").matrix_iter(border=2)]
    cell = size / len(rows)
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    path = canvas.beginPath()
    for r, row in enumerate(rows):
        top = y + size - (r + 1) * cell
        for dark, run in itertools.groupby(enumerate(row), key=lambda item: bool(item[1])):
            cells = list(run)
            if dark:
                path.rect(x + cells[0][0] * cell, top, len(cells) * cell, cell)
    canvas.drawPath(path, stroke=0, fill=1)


def _draw_certificate(canvas: Canvas, certificate: Certificate, base_url: str) -> None:
    width, height = PAGE
    course = certificate.group.course
    order = certificate.order
    body = ParagraphStyle(
        "cert-body", fontName="DejaVuSans", fontSize=14, leading=19, alignment=TA_CENTER
    )
    small = ParagraphStyle("cert-small", parent=body, fontSize=11, leading=14)
    title = ParagraphStyle(
        "cert-title", parent=body, fontName="DejaVuSans-Bold", fontSize=34, leading=40
    )
    name = ParagraphStyle(
        "cert-name", parent=body, fontName="DejaVuSans-Bold", fontSize=22, leading=28
    )
    heading = ParagraphStyle("cert-head", parent=body, fontName="DejaVuSans-Bold", fontSize=13)

    canvas.setStrokeColor(colors.HexColor("#1f3a68"))
    canvas.setLineWidth(3)
    canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)

    text_width = width - 60 * mm
    y = height - 24 * mm
    y = _centered(
        canvas,
        _("Academy of Justice under the Supreme Judicial Council of the Republic of Kazakhstan"),
        heading,
        y,
        text_width,
    )
    y = _centered(canvas, _("CERTIFICATE"), title, y - 10 * mm, text_width)
    y = _centered(
        canvas, _("No. %(number)s") % {"number": certificate.number}, body, y - 2 * mm, text_width
    )
    y = _centered(canvas, _("This is to certify that"), body, y - 8 * mm, text_width)
    y = _centered(canvas, certificate.listener.full_name, name, y - 3 * mm, text_width)
    y = _centered(canvas, _("has completed the course"), body, y - 3 * mm, text_width)
    y = _centered(canvas, f"«{course.title}»", heading, y - 2 * mm, text_width)
    y = _centered(
        canvas,
        _("from %(start)s to %(end)s, %(hours)s academic hours")
        % {
            "start": _date(course.start_date),
            "end": _date(course.end_date),
            "hours": certificate.hours,
        },
        body,
        y - 3 * mm,
        text_width,
    )
    _centered(
        canvas,
        _("Issued %(date)s under the rector's order No. %(order)s of %(order_date)s")
        % {
            "date": _date(certificate.issued_on),
            "order": order.number,
            "order_date": _date(order.date),
        },
        small,
        y - 5 * mm,
        text_width,
    )

    # Signature line of the rector, bottom left.
    canvas.setFont("DejaVuSans", 12)
    canvas.setFillColor(colors.black)
    base_y = 34 * mm
    canvas.drawString(30 * mm, base_y, _("Rector"))
    canvas.setLineWidth(0.6)
    canvas.line(55 * mm, base_y - 1 * mm, 120 * mm, base_y - 1 * mm)
    signer = order.signed_by.full_name if order.signed_by_id else ""
    canvas.drawString(124 * mm, base_y, signer)
    canvas.setFont("DejaVuSans", 9)
    canvas.drawString(55 * mm, base_y - 5 * mm, _("signature"))
    canvas.drawString(30 * mm, 22 * mm, _("Place of seal"))

    # QR code and the verification code, bottom right.
    size = 32 * mm
    qr_x = width - 30 * mm - size
    _qr(canvas, verification_url(certificate, base_url), qr_x, 20 * mm, size)
    canvas.setFont("DejaVuSans", 8)
    canvas.drawRightString(
        qr_x - 3 * mm,
        30 * mm,
        _("Verification code: %(code)s") % {"code": certificate.verification_code},
    )
    canvas.drawRightString(qr_x - 3 * mm, 25 * mm, _("Scan to check the certificate"))


def render_certificates(
    certificates: Iterable[Certificate], *, language: str | None = None, base_url: str = ""
) -> bytes:
    """One page per certificate, each in `language` or else in its own (the group's)."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, pageCompression=1)
    canvas.setTitle(str(_("Certificates")))
    for certificate in certificates:
        with translation.override(language or certificate.language):
            _draw_certificate(canvas, certificate, base_url)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_certificate(
    certificate: Certificate, *, language: str | None = None, base_url: str = ""
) -> bytes:
    return render_certificates([certificate], language=language, base_url=base_url)


# ---- references ----


def _commission_lines(lines: Iterable) -> list[Block]:
    return [
        ("text", f"{line.name} – {line.seat}" + (f" ({_('chair')})" if line.is_chair else ""))
        for line in lines
    ] or [("text", "—")]


def _recipients_block(recipients: list[str]) -> Block:
    return ("text", _("To: %(recipients)s") % {"recipients": "; ".join(recipients)})


def results_reference_blocks(ref: ResultsReference) -> list[Block]:
    """TR-A3 (Appendix 3): the reference on a group's results."""
    blocks: list[Block] = [
        _recipients_block(ref.recipients),
        ("head", _("Reference on the results of the listeners")),
        ("text", f"{ref.course.title} – {ref.group.name}"),
        (
            "table",
            [
                [_("Item"), _("Value")],
                [
                    _("Course dates"),
                    f"{_date(ref.start_date)} – {_date(ref.end_date)}",
                ],
                [_("Audience"), ref.audience],
                [_("Study plan year"), str(ref.study_plan_year or "—")],
                [_("Exam date"), _date(ref.exam.date)],
                [_("Exam form"), ref.exam.form or "—"],
            ],
        ),
        ("sub", _("Exam commission")),
        *_commission_lines(ref.exam.commission),
        ("sub", _("Listeners not certified")),
    ]
    if not ref.results_confirmed:
        blocks.append(("text", _("The exam results are not confirmed yet.")))
    elif not ref.not_certified:
        blocks.append(("text", _("Every listener has been certified.")))
    for number, row in enumerate(ref.not_certified, start=1):
        reason = (
            _("%(points)s points") % {"points": row.points}
            if row.points is not None
            else _("no confirmed result")
        )
        blocks.append(("text", f"{number}. {row.name} – {reason}"))
    return blocks


def summary_reference_blocks(ref: SummaryReference) -> list[Block]:
    """TR-A4 (Appendix 4): the summary reference on a course."""
    exam_dates = ", ".join(_date(e.date) for e in ref.exams) or "—"
    exam_forms = ", ".join(sorted({e.form for e in ref.exams if e.form})) or "—"
    rows = [
        [_("Item"), _("Value")],
        [_("Course dates"), f"{_date(ref.start_date)} – {_date(ref.end_date)}"],
        [_("Audience"), ref.audience],
        [
            _("Number trained (planned / actually trained)"),
            f"{ref.planned if ref.planned is not None else '—'} / {ref.trained}",
        ],
        [_("Study plan year"), str(ref.study_plan_year or "—")],
        [_("Exam date"), exam_dates],
        [_("Exam form"), exam_forms],
    ]
    for band in ref.bands:
        rows.append([band.label, f"{band.count} ({band.percent}%)"])
    rows.append([_("Not certified"), f"{ref.not_certified} ({ref.not_certified_percent}%)"])
    blocks: list[Block] = [
        _recipients_block(ref.recipients),
        ("head", _("Summary reference on the course")),
        ("text", str(ref.course.title)),
        ("table", rows),
        ("sub", _("Exam commission")),
        *_commission_lines(ref.commission),
    ]
    if not ref.results_confirmed:
        blocks.append(("text", _("The exam results are not confirmed yet.")))
    return blocks


def render_results_reference(ref: ResultsReference) -> bytes:
    return render_blocks(
        results_reference_blocks(ref),
        title=str(_("Reference on the results of the listeners")),
        col_widths_mm=[70, 105],
    )


def render_summary_reference(ref: SummaryReference) -> bytes:
    return render_blocks(
        summary_reference_blocks(ref),
        title=str(_("Summary reference on the course")),
        col_widths_mm=[90, 85],
    )

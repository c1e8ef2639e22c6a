"""Minutes of a sitting (AP-5, AP-15.4, AP-23) as a PDF in the language of the request."""

import io
from pathlib import Path
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

from .models import Appeal, ReviewSheet, Sitting, Stage

FONTS = Path(__file__).resolve().parent.parent / "core" / "fonts"


def _register_fonts() -> None:
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONTS / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(FONTS / "DejaVuSans-Bold.ttf")))


def _p(text: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def render_minutes(sitting: Sitting) -> bytes:
    _register_fonts()
    body = ParagraphStyle("body", fontName="DejaVuSans", fontSize=10, leading=13)
    head = ParagraphStyle("head", parent=body, fontName="DejaVuSans-Bold", fontSize=13, leading=17)
    sub = ParagraphStyle("sub", parent=body, fontName="DejaVuSans-Bold", fontSize=11, leading=15)
    commission = sitting.commission
    story = [
        _p(_("Minutes of the sitting of the appeals commission"), head),
        _p(commission.title, body),
        _p(
            _("Date and place: %(when)s, %(place)s")
            % {
                "when": timezone.localtime(sitting.starts_at).strftime("%d.%m.%Y %H:%M"),
                "place": sitting.place,
            },
            body,
        ),
        Spacer(1, 4 * mm),
        _p(_("Attendance"), sub),
    ]
    present = set(sitting.present_members.values_list("pk", flat=True))
    rows = [[_p(_("Member"), body), _p(_("Present"), body)]]
    for member in commission.members.order_by("surname"):
        label = member.full_name + (f" ({_('chair')})" if member.pk == commission.chair_id else "")
        rows.append([_p(label, body), _p(_("yes") if member.pk in present else _("no"), body)])
    rows.append([_p(commission.secretary.full_name + f" ({_('secretary')})", body), _p("—", body)])
    story.append(_table(rows, [120 * mm, 40 * mm]))
    appeals = sitting.appeals.select_related("result__candidate", "result__exam").order_by("pk")
    for appeal in appeals:
        story += _appeal_section(appeal, body, sub)
    story += [
        Spacer(1, 10 * mm),
        _p(_("Chair: %(name)s ____________") % {"name": commission.chair.full_name}, body),
        _p(_("Secretary: %(name)s ____________") % {"name": commission.secretary.full_name}, body),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=str(_("Minutes of the sitting of the appeals commission")),
    ).build(story)
    return buffer.getvalue()


def _table(rows: list, widths: list) -> Table:
    table = Table(rows, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
            ]
        )
    )
    return table


def _appeal_section(appeal: Appeal, body: ParagraphStyle, sub: ParagraphStyle) -> list:
    result = appeal.result
    story: list = [
        Spacer(1, 5 * mm),
        _p(
            _("%(appeal)s: %(candidate)s, %(stage)s")
            % {
                "appeal": appeal,
                "candidate": result.candidate.full_name,
                "stage": result.get_stage_display(),
            },
            sub,
        ),
        _p(
            _("Points: %(points)s, threshold: %(threshold)s")
            % {"points": result.points, "threshold": result.threshold},
            body,
        ),
        _p(
            _("Candidate's attendance: %(value)s") % {"value": appeal.get_attendance_display()},
            body,
        ),
    ]
    if appeal.status == Appeal.Status.NOT_CONSIDERED:
        story.append(_p(_("Not considered: %(reason)s") % {"reason": appeal.status_reason}, body))
        return story
    votes = [[_p(_("Member"), body), _p(_("Vote"), body)]]
    recused = set(appeal.recusals.values_list("member_id", flat=True))
    for vote in appeal.votes.select_related("member").order_by("member__surname"):
        votes.append([_p(vote.member.full_name, body), _p(vote.get_choice_display(), body)])
    for recusal in appeal.recusals.select_related("member"):
        votes.append(
            [_p(recusal.member.full_name, body), _p(_("conflict of interest, did not vote"), body)]
        )
    story.append(_table(votes, [120 * mm, 40 * mm]))
    if result.stage == Stage.TEST:
        # AP-15.4: each question found incorrect, with reasons and the legal act.
        found = {}
        for sheet in ReviewSheet.objects.filter(appeal=appeal).exclude(member_id__in=recused):
            for item in sheet.items:
                if item.get("incorrect"):
                    found.setdefault(item["number"], item)
        if found:
            story.append(_p(_("Questions found incorrect"), sub))
            for number, item in sorted(found.items()):
                story.append(
                    _p(
                        _("Question %(number)s: %(comment)s (%(reference)s)")
                        % {
                            "number": number,
                            "comment": item["comment"],
                            "reference": item["legal_reference"],
                        },
                        body,
                    )
                )
    if appeal.decision:
        story.append(
            _p(
                _("Decision: %(decision)s. %(reasons)s")
                % {"decision": appeal.get_decision_display(), "reasons": appeal.decision_reasons},
                body,
            )
        )
    return story

"""The exam statement (TR-26, TR-27) as a PDF, in the active language.

`statement_blocks` says what the statement contains (and is what the tests read);
`render_statement` lays the blocks out with ReportLab in DejaVu Sans, which has every
Kazakh letter (ә, ғ, қ, ң, ө, ұ, ү, һ, і).
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from academy.core.pdf import Block, render_blocks

from .models import Exam


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


def render_statement(exam: Exam) -> bytes:
    return render_blocks(
        statement_blocks(exam),
        title=str(_("Exam statement")),
        col_widths_mm=[10, 80, 20, 25, 40],
        repeat_header=True,
    )

"""XLSX export of an online course's monitoring (IS-13 education monitoring), openpyxl."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from academy.core.exports import xlsx_bytes

from .selectors import Gradebook, Monitoring


def monitoring_xlsx(data: Monitoring) -> bytes:
    """One row per listener: completion, each module's best self-check score, last activity."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Monitoring")[:31]
    sheet.append([_("Online course"), str(data.course)])
    sheet.append([_("Group"), str(data.course.group)])
    sheet.append([])
    header = [_("Listener"), _("Activities completed"), _("Completed, %")]
    header += [str(module) for module in data.modules]
    header.append(_("Last activity"))
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in data.listeners:
        last = (
            timezone.localtime(row.last_activity).strftime("%d.%m.%Y %H:%M")
            if row.last_activity
            else ""
        )
        sheet.append(
            [row.listener.full_name, row.completed, row.percent]
            + [item.best_percent if item.best_percent is not None else "" for item in row.modules]
            + [last]
        )
    sheet.column_dimensions["A"].width = 40
    return xlsx_bytes(workbook)


def gradebook_xlsx(book: Gradebook) -> bytes:
    """The gradebook: one row per listener (only their own for a listener), one column per
    self-check, quiz and assignment, the category averages and the weighted course grade."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Gradebook")[:31]
    sheet.append([_("Online course"), str(book.course)])
    sheet.append([_("Group"), str(book.course.group)])
    sheet.append(
        [
            _("Weights"),
            _("Quizzes, %") + f" {book.course.quiz_weight}",
            _("Assignments, %") + f" {book.course.assignment_weight}",
        ]
    )
    header = [_("Listener")]
    header += [_("Self-check %(module)s, %%") % {"module": m.number} for m in book.quizzes]
    header += [f"{q.title}, %" for q in book.course_quizzes]
    header += [f"{a.title} (/{a.max_points})" for a in book.assignments]
    header += [
        _("Assignment points in total"),
        _("Quizzes, %"),
        _("Assignments, %"),
        _("Course grade, %"),
    ]
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)

    def number(value: Any) -> Any:
        return "" if value is None else float(value)

    for row in book.rows:
        grades = row.grades
        sheet.append(
            [row.listener.full_name]
            + ["" if score is None else score for score in row.quiz_scores]
            + [number(grade) for grade in row.quiz_grades]
            + [s.points if s is not None and s.graded else "" for s in row.assignment_points]
            + [
                row.points_total,
                number(grades.quiz_average if grades else None),
                number(grades.assignment_average if grades else None),
                number(grades.course_grade if grades else None),
            ]
        )
    sheet.column_dimensions["A"].width = 40
    return xlsx_bytes(workbook)

"""XLSX export of a survey's results (openpyxl); anonymous like the results page."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from academy.core.exports import xlsx_bytes

from .models import SCORE_MAX, SCORE_MIN
from .selectors import SurveyResults


def _bold_header(sheet) -> None:  # noqa: ANN001 - an openpyxl worksheet
    for cell in sheet[1]:
        cell.font = Font(bold=True)


def _mean(value: float | None) -> float | str:
    return round(value, 2) if value is not None else ""


def survey_results_xlsx(results: SurveyResults) -> bytes:
    """TR-31: summary, questions with distributions, lecturers, remarks – one sheet each."""
    survey = results.survey
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")[:31]
    summary.append([_("Final survey"), str(survey)])
    summary.append([_("Course"), str(survey.group.course)])
    summary.append([_("Group"), survey.group.name])
    summary.append([_("Open from"), survey.opens_on])
    summary.append([_("Open until"), survey.closes_on])
    summary.append([_("Listeners"), results.eligible])
    summary.append([_("Responses"), results.responded])
    summary.append([_("Response rate, %"), results.response_rate])
    if results.withheld:
        # Too few answers: the file carries the counts only, like the results page.
        summary.append(
            [
                _("Results"),
                _("Withheld: fewer than %(minimum)s answers.") % {"minimum": results.min_responses},
            ]
        )
    for row in summary.iter_rows(min_col=1, max_col=1):
        row[0].font = Font(bold=True)
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 60

    if results.withheld:
        return xlsx_bytes(workbook)

    questions = workbook.create_sheet(_("Questions")[:31])
    questions.append(
        [_("Question"), _("Mean"), _("Answers")]
        + [str(score) for score in range(SCORE_MIN, SCORE_MAX + 1)]
    )
    _bold_header(questions)
    for question in results.questions:
        questions.append(
            [str(question.label), _mean(question.mean), question.count]
            + [item.count for item in question.distribution]
        )
    questions.column_dimensions["A"].width = 60

    lecturers = workbook.create_sheet(_("Lecturers")[:31])
    lecturers.append(
        [pgettext("survey", "Lecturer"), _("Mean rating"), _("Ratings"), _("Comments")]
    )
    _bold_header(lecturers)
    for row in results.lecturers:
        lecturers.append(
            [row.lecturer.full_name, _mean(row.mean), row.count, "\n".join(row.comments)]
        )
    lecturers.column_dimensions["A"].width = 40
    lecturers.column_dimensions["D"].width = 80

    remarks = workbook.create_sheet(_("Remarks")[:31])
    remarks.append([_("Remarks and proposals on the forms and methods of training")])
    _bold_header(remarks)
    for text in results.remarks:
        remarks.append([text])
    remarks.column_dimensions["A"].width = 100

    return xlsx_bytes(workbook)

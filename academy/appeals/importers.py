"""Import results from the testing operator: CSV or XLSX, one row per record.

Bad rows are reported with their line numbers; good rows are kept.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from academy.accounts.models import User
from academy.core.imports import read_table

from .models import Exam, GraderSheet, Stage, StageResult, TestAnswer
from .services.sheets import GRADED_STAGES, clean_grader_scores, require_sheets_open

RESULT_COLUMNS = ["iin", "stage", "points", "threshold", "received_on"]
ANSWER_COLUMNS = ["iin", "number", "question", "candidate_answer", "correct_answer"]


@dataclass
class ImportReport:
    saved: int = 0
    errors: list[str] = field(default_factory=list)


def _rows(upload: Any, required: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) pairs with lower-cased headers, from a CSV or XLSX file.

    The whole file is read (streamed, bounded by settings.IMPORT_MAX_BYTES and
    IMPORT_MAX_ROWS) before the first row is saved, so a file past a limit saves nothing.
    """
    name = getattr(upload, "name", "").lower()
    if not name.endswith((".csv", ".xlsx")):
        raise ValidationError(_("Upload a .csv or .xlsx file."))
    table = read_table(upload, name)
    if not table:
        raise ValidationError(_("The file is empty."))
    header = [_text(h).lower() for h in table[0][1]]
    if missing := [column for column in required if column not in header]:
        # A file in an unexpected layout or encoding: say so rather than "0 saved".
        raise ValidationError(
            _("The first row must name the columns %(columns)s; missing: %(missing)s.")
            % {"columns": ", ".join(required), "missing": ", ".join(missing)}
        )
    for number, values in table[1:]:
        yield number, {h: _text(v) for h, v in zip(header, values, strict=False) if h}


def _text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _date(value: str) -> date:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, fmt).date()  # noqa: DTZ007 – a calendar date
        except ValueError:
            continue
    raise ValidationError(_("%(value)s is not a date.") % {"value": value})


def _decimal(value: str) -> Decimal:
    try:
        return Decimal(value.replace(",", "."))
    except InvalidOperation as error:
        raise ValidationError(_("%(value)s is not a number.") % {"value": value}) from error


def _candidate(iin: str) -> User:
    user = User.objects.filter(iin=iin).first()
    if user is None:
        raise ValidationError(_("No candidate with IIN %(iin)s.") % {"iin": iin})
    return user


def _message(error: ValidationError) -> str:
    return "; ".join(str(m) for m in error.messages)


def import_results(*, exam: Exam, upload: Any) -> ImportReport:
    report = ImportReport()
    for line, row in list(_rows(upload, RESULT_COLUMNS)):
        try:
            with transaction.atomic():
                stage = row.get("stage", "")
                if stage not in Stage.values:
                    raise ValidationError(_("Unknown stage %(value)s.") % {"value": stage})
                result = StageResult.objects.filter(
                    exam=exam, candidate=_candidate(row.get("iin", "")), stage=stage, is_resit=False
                ).first() or StageResult(
                    exam=exam, candidate=_candidate(row.get("iin", "")), stage=stage
                )
                result.points = _decimal(row.get("points", ""))
                result.threshold = _decimal(row.get("threshold", ""))
                result.received_on = _date(row.get("received_on", ""))
                result.full_clean()
                result.save()
        except ValidationError as error:
            report.errors.append(
                _("Line %(line)s: %(error)s") % {"line": line, "error": _message(error)}
            )
        else:
            report.saved += 1
    return report


def import_answers(*, exam: Exam, upload: Any) -> ImportReport:
    """AP-15.2: the detailed record of the candidate's test."""
    report = ImportReport()
    for line, row in list(_rows(upload, ["iin", "number"])):
        try:
            with transaction.atomic():
                result = StageResult.objects.filter(
                    exam=exam,
                    candidate=_candidate(row.get("iin", "")),
                    stage=Stage.TEST,
                    is_resit=False,
                ).first()
                if result is None:
                    raise ValidationError(_("The candidate has no test result in this exam."))
                number = row.get("number", "")
                if not number.isdigit():
                    raise ValidationError(_("%(value)s is not a number.") % {"value": number})
                answer = TestAnswer.objects.filter(result=result, number=int(number)).first()
                answer = answer or TestAnswer(result=result, number=int(number))
                answer.question = row.get("question", "")
                answer.candidate_answer = row.get("candidate_answer", "")
                answer.correct_answer = row.get("correct_answer", "")
                answer.full_clean()
                answer.save()
        except ValidationError as error:
            report.errors.append(
                _("Line %(line)s: %(error)s") % {"line": line, "error": _message(error)}
            )
        else:
            report.saved += 1
    return report


def import_grader_sheets(*, exam: Exam, upload: Any) -> ImportReport:
    """AP-F3..AP-F5: graders' sheets (essay, case) and interview members' scores.

    Columns: iin, stage, grader, c1 … c6 (one score per criterion, blank where none).
    """
    report = ImportReport()
    for line, row in list(_rows(upload, ["iin", "stage", "grader"])):
        try:
            with transaction.atomic():
                stage = row.get("stage", "")
                if stage not in GRADED_STAGES:
                    raise ValidationError(_("Unknown stage %(value)s.") % {"value": stage})
                result = StageResult.objects.filter(
                    exam=exam, candidate=_candidate(row.get("iin", "")), stage=stage, is_resit=False
                ).first()
                if result is None:
                    raise ValidationError(_("The candidate has no result at this stage."))
                grader = row.get("grader", "")
                if not grader:
                    raise ValidationError(_("The grader is missing."))
                # The same checks as the entry page (AP-F3..AP-F5).
                scores = clean_grader_scores(
                    stage=stage, scores=[row.get(f"c{index}", "") for index in range(1, 7)]
                )
                require_sheets_open(result)
                sheet = GraderSheet.objects.filter(result=result, grader=grader).first()
                sheet = sheet or GraderSheet(result=result, grader=grader)
                sheet.scores = scores
                sheet.full_clean()
                sheet.save()
        except ValidationError as error:
            report.errors.append(
                _("Line %(line)s: %(error)s") % {"line": line, "error": _message(error)}
            )
        else:
            report.saved += 1
    return report

"""Graders' sheets of the essay and case tasks, interview members' scores (AP-16, AP-19,
AP-F3..AP-F5)."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from academy.core.audit import audit_event

from .. import rules
from ..models import GraderSheet, Stage, StageResult
from .common import clean_score

GRADED_STAGES = (Stage.ESSAY, Stage.CASE, Stage.INTERVIEW)


def clean_grader_scores(*, stage: str, scores: Sequence[Any]) -> list[float | None]:
    """Check one grader's scores against the stage's appendix; None where a criterion does
    not apply. Used by the entry page and by the import alike."""
    if stage not in GRADED_STAGES:
        raise ValidationError(
            _("Graders' sheets are kept for the essay, the case tasks and the interview only.")
        )
    labels = rules.criteria_for(stage)
    values = ["" if v is None else str(v).strip() for v in scores]
    while values and values[-1] == "":
        values.pop()
    if len(values) > len(labels):
        raise ValidationError(
            _("This sheet has %(count)s criteria, no more.") % {"count": len(labels)}
        )
    values += [""] * (len(labels) - len(values))
    cleaned: list[float | None] = []
    for index, value in enumerate(values):
        optional = rules.is_optional(stage, index)
        if value == "" and not optional:
            raise ValidationError(
                _("Criterion %(number)s (%(label)s) has no score.")
                % {"number": index + 1, "label": labels[index]}
            )
        try:
            score = clean_score(value, rules.allowed_scores(stage, index), optional=optional)
        except ValidationError as error:
            raise ValidationError(
                _("Criterion %(number)s (%(label)s): %(error)s Allowed: %(allowed)s.")
                % {
                    "number": index + 1,
                    "label": labels[index],
                    "error": " ".join(error.messages),
                    "allowed": ", ".join(rules.allowed_scores(stage, index)),
                }
            ) from error
        cleaned.append(float(Decimal(score)) if score != "" else None)
    if stage == Stage.CASE and (cleaned[4] is None) == (cleaned[5] is None):
        # AP-F4: a task asks either for a judicial act or for an answer without one.
        raise ValidationError(
            _(
                "Score exactly one of criteria 5 and 6: the task asks either for a judicial "
                "act or for an answer without one (AP-F4)."
            )
        )
    return cleaned


def require_sheets_open(result: StageResult) -> None:
    """Members study the graders' sheets (AP-12, AP-16); once the materials have gone out or
    the appeal is closed (AP-24), the sheets stay as they were."""
    appeals = result.appeals.select_related("sitting")
    for appeal in appeals:
        if appeal.is_locked or (appeal.sitting and appeal.sitting.materials_sent_at):
            raise ValidationError(
                _(
                    "The members already have the materials of the appeal; the graders' "
                    "sheets can no longer be changed."
                )
            )


@transaction.atomic
def grader_sheet_record(
    *, result: StageResult, grader: str, scores: Sequence[Any], by: Any
) -> GraderSheet:
    """The secretary enters (or corrects) one grader's sheet for a candidate and stage.

    Steps: only the secretary of a commission for the exam; check the scores against the
    appendix (AP-F3..AP-F5); refuse once the members have the materials; save and audit.
    """
    if not result.exam.commissions.filter(secretary=by).exists():
        raise ValidationError(_("Only the commission's secretary enters graders' sheets."))
    grader = grader.strip()
    if not grader:
        raise ValidationError(_("The grader is missing."))
    cleaned = clean_grader_scores(stage=result.stage, scores=scores)
    require_sheets_open(result)
    sheet = GraderSheet.objects.filter(result=result, grader=grader).first()
    sheet = sheet or GraderSheet(result=result, grader=grader)
    sheet.scores = cleaned
    sheet.full_clean()
    sheet.save()
    audit_event(
        actor=by,
        obj=result,
        event="grader_sheet_recorded",
        details={"grader": grader, "scores": cleaned},
    )
    return sheet


@transaction.atomic
def grader_sheet_delete(*, sheet: GraderSheet, by: Any) -> None:
    """The secretary removes a sheet entered by mistake."""
    result = sheet.result
    if not result.exam.commissions.filter(secretary=by).exists():
        raise ValidationError(_("Only the commission's secretary enters graders' sheets."))
    require_sheets_open(result)
    audit_event(
        actor=by,
        obj=result,
        event="grader_sheet_deleted",
        details={"grader": sheet.grader, "scores": sheet.scores},
    )
    sheet.delete()

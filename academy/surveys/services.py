"""Writes of the final surveys (TR-31): open, close, answer."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.accounts.permissions import user_has_role
from academy.core.audit import audit_event
from academy.training.models import CourseProgramme, Group

from . import selectors
from .models import SCORE_MAX, SCORE_MIN, LecturerRating, Respondent, Response, Survey


@dataclass(frozen=True)
class LecturerScore:
    """A listener's rating of one lecturer of the group (TR-31)."""

    lecturer_id: int
    score: int
    comment: str = ""


def _require_manager(user: Any) -> None:
    if not user_has_role(user, *selectors.MANAGE_ROLES):
        raise ValidationError(
            _("Only a methodologist or an administrator may do this."), code="role"
        )


def _check_score(value: Any, field: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not SCORE_MIN <= value <= SCORE_MAX:
        raise ValidationError(
            {field: ValidationError(_("A score must be from 1 to 5."), code="score")}
        )


@transaction.atomic
def survey_open(*, group: Group, opens_on: date, closes_on: date, by: Any) -> Survey:
    """TR-31: open the final survey of a group.

    1. Only a methodologist or an administrator opens it.
    2. The group needs a course programme with lecturers (they are rated).
    3. One survey per group; the dates must be in order and not all in the past.
    4. The opening is written to the audit log.
    """
    _require_manager(by)
    group = Group.objects.select_for_update().get(pk=group.pk)
    try:
        programme = group.programme
    except CourseProgramme.DoesNotExist:
        raise ValidationError(
            _("The group has no course programme yet, so there is nothing to survey."),
            code="no_programme",
        ) from None
    if Survey.objects.filter(group=group).exists():
        raise ValidationError(
            _("A final survey has already been opened for this group."), code="exists"
        )
    if not selectors.group_lecturers(group).exists():
        raise ValidationError(
            _("No lecturer is assigned to the classes of the group's programme."),
            code="no_lecturers",
        )
    if closes_on < opens_on:
        raise ValidationError(
            {
                "closes_on": ValidationError(
                    _("The survey cannot close before it opens."), code="dates"
                )
            }
        )
    if closes_on < timezone.localdate():
        raise ValidationError(
            {"closes_on": ValidationError(_("The closing date has already passed."), code="dates")}
        )
    survey = Survey(group=group, opens_on=opens_on, closes_on=closes_on, opened_by=by)
    survey.full_clean()
    survey.save()
    audit_event(
        actor=by,
        obj=survey,
        event="survey_opened",
        details={
            "group": group.pk,
            "programme": programme.pk,
            "opens_on": opens_on.isoformat(),
            "closes_on": closes_on.isoformat(),
        },
    )
    return survey


@transaction.atomic
def survey_close(*, survey: Survey, by: Any) -> Survey:
    """Close a survey before its closing date; no answer is accepted after that."""
    _require_manager(by)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status == Survey.Status.CLOSED:
        raise ValidationError(_("The survey is already closed."), code="closed")
    survey.closed_at = timezone.now()
    survey.closed_by = by
    survey.save(update_fields=["closed_at", "closed_by"])
    audit_event(
        actor=by,
        obj=survey,
        event="survey_closed",
        details={"responses": survey.respondents.count()},
    )
    return survey


def respondent_add(*, survey: Survey, listener_id: int) -> None:
    """TR-31 anonymity: mark a listener as having answered, in an order that tells nothing.

    Tables keep rows in the order they were written: SQLite's hidden rowid, PostgreSQL's
    ctid and the autoincrement id all grow with each insert. If the `Respondent` row were
    simply appended when a listener answers, ordering both tables the same way would pair
    every response with its author. So the survey's respondent rows are rewritten on every
    answer, sorted by listener id: their order (and their ids) then depend only on *who*
    has answered, never on *when*. Responses have a random UUID key and no timestamp.
    The caller holds the survey row lock, so two rewrites of one survey never interleave.
    """
    rows = Respondent.objects.filter(survey=survey)
    listener_ids = set(rows.values_list("listener_id", flat=True))
    if listener_id in listener_ids:
        raise IntegrityError("respondent_once_per_survey")
    rows.delete()
    Respondent.objects.bulk_create(
        Respondent(survey=survey, listener_id=pk) for pk in sorted(listener_ids | {listener_id})
    )


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    satisfaction: int,
    knowledge_use: int,
    effectiveness: int,
    remarks: str = "",
    lecturer_scores: Sequence[LecturerScore],
    by: Any,
) -> None:
    """TR-31 (and TR-8, the listener's right to give feedback): answer the final survey.

    1. The survey must be open and `by` an admitted or completed listener of its group.
    2. A listener answers once (the `Respondent` row; locked survey row, unique constraint).
    3. Every lecturer of the group is rated 1–5, and no one else.
    4. The answer is saved without the listener (see models), and nothing is audited,
       because an audit entry names its actor.
    """
    survey = Survey.objects.select_for_update().select_related("group").get(pk=survey.pk)
    if not selectors.is_eligible_listener(by, survey.group):
        raise ValidationError(
            _("Only the listeners of this group may answer its survey."), code="not_member"
        )
    status = survey.status
    if status == Survey.Status.SCHEDULED:
        raise ValidationError(
            _("The survey opens on %(date)s.") % {"date": survey.opens_on.strftime("%d.%m.%Y")},
            code="not_open",
        )
    if status == Survey.Status.CLOSED:
        raise ValidationError(
            _("The survey is closed; answers are no longer accepted."), code="closed"
        )
    if selectors.has_responded(by, survey):
        raise ValidationError(_("You have already answered this survey."), code="duplicate")
    _check_score(satisfaction, "satisfaction")
    _check_score(knowledge_use, "knowledge_use")
    _check_score(effectiveness, "effectiveness")
    lecturers = set(selectors.group_lecturers(survey.group).values_list("pk", flat=True))
    rated = [item.lecturer_id for item in lecturer_scores]
    if len(rated) != len(set(rated)):
        raise ValidationError(_("Each lecturer is rated only once."), code="lecturer_twice")
    if set(rated) - lecturers:
        raise ValidationError(
            _("Only the lecturers of this group can be rated."), code="not_lecturer"
        )
    if lecturers - set(rated):
        raise ValidationError(_("Rate every lecturer of the group."), code="lecturer_missing")
    for item in lecturer_scores:
        _check_score(item.score, f"lecturer_{item.lecturer_id}")

    try:
        with transaction.atomic():
            respondent_add(survey=survey, listener_id=by.pk)
    except IntegrityError:  # a second request that raced the check above
        raise ValidationError(
            _("You have already answered this survey."), code="duplicate"
        ) from None
    response = Response(
        survey=survey,
        satisfaction=satisfaction,
        knowledge_use=knowledge_use,
        effectiveness=effectiveness,
        remarks=remarks.strip(),
    )
    response.full_clean()
    response.save()
    LecturerRating.objects.bulk_create(
        LecturerRating(
            response=response,
            lecturer_id=item.lecturer_id,
            score=item.score,
            comment=item.comment.strip(),
        )
        for item in lecturer_scores
    )

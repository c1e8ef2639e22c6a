"""Reads of the final surveys (TR-31): who may answer, and the anonymous results."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Avg, Count, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from academy.accounts.models import User
from academy.accounts.permissions import user_has_role
from academy.accounts.roles import Role
from academy.training.models import Enrolment, Group

from .models import SCORE_MAX, SCORE_MIN, LecturerRating, Respondent, Response, Survey

# Listeners who took part in the course: those admitted and those who have completed it.
ELIGIBLE_STATUSES = (Enrolment.Status.ADMITTED, Enrolment.Status.COMPLETED)
STAFF_ROLES = (Role.METHODOLOGIST, Role.RECTOR, Role.VICE_RECTOR, Role.ADMINISTRATOR)
MANAGE_ROLES = (Role.METHODOLOGIST, Role.ADMINISTRATOR)
# The three rated questions of TR-31, in the order of the questionnaire.
QUESTION_FIELDS = ("satisfaction", "knowledge_use", "effectiveness")
# Short names for the charts, whose labels have little room.
SHORT_LABELS = {
    "satisfaction": _("Satisfaction"),
    "knowledge_use": _("Use at work"),
    "effectiveness": _("Work effectiveness"),
}


def min_responses() -> int:
    """TR-31 anonymity: below this many answers a group's results are not shown at all."""
    return max(1, int(settings.SURVEY_MIN_RESPONSES))


def surveys_with_enough_responses() -> QuerySet[Survey]:
    """Surveys whose results may be shown (at least `min_responses()` answers)."""
    return Survey.objects.annotate(answers=Count("responses")).filter(answers__gte=min_responses())


def group_lecturers(group: Group) -> QuerySet[User]:
    """The lecturers of the classes of the group's course programme."""
    return (
        User.objects.filter(lessons__programme__group=group)
        .distinct()
        .order_by("surname", "first_name", "pk")
    )


def group_eligible_listeners(group: Group) -> QuerySet[User]:
    return User.objects.filter(
        enrolments__group=group, enrolments__status__in=ELIGIBLE_STATUSES
    ).distinct()


def is_eligible_listener(user: Any, group: Group) -> bool:
    return bool(getattr(user, "pk", None)) and (
        Enrolment.objects.filter(group=group, listener=user, status__in=ELIGIBLE_STATUSES).exists()
    )


def has_responded(user: Any, survey: Survey) -> bool:
    return Respondent.objects.filter(survey=survey, listener=user).exists()


def surveys_list() -> QuerySet[Survey]:
    return Survey.objects.select_related("group", "group__course").annotate(
        response_count=Count("respondents", distinct=True)
    )


@dataclass
class ListenerSurvey:
    survey: Survey
    answered: bool


def listener_open_surveys(user: User, today: date | None = None) -> list[ListenerSurvey]:
    """The open surveys of the listener's groups, each marked answered or not."""
    today = today or timezone.localdate()
    surveys = (
        Survey.objects.filter(
            group__enrolments__listener=user,
            group__enrolments__status__in=ELIGIBLE_STATUSES,
            closed_at__isnull=True,
            opens_on__lte=today,
            closes_on__gte=today,
        )
        .select_related("group", "group__course")
        .distinct()
        .order_by("closes_on", "pk")
    )
    answered = set(
        Respondent.objects.filter(listener=user, survey__in=surveys).values_list(
            "survey_id", flat=True
        )
    )
    return [ListenerSurvey(survey=s, answered=s.pk in answered) for s in surveys]


@dataclass
class ScoreCount:
    score: int
    count: int
    percent: float


@dataclass
class QuestionSummary:
    field: str
    label: str | Promise
    short_label: str | Promise
    mean: float | None
    count: int
    distribution: list[ScoreCount]


@dataclass
class LecturerSummary:
    lecturer: User
    mean: float | None
    count: int
    comments: list[str] = field(default_factory=list)


@dataclass
class SurveyResults:
    survey: Survey
    eligible: int  # N: listeners who could answer
    responded: int  # n: listeners who did
    questions: list[QuestionSummary]
    lecturers: list[LecturerSummary]
    remarks: list[str]
    # Fewer answers than the minimum: scores, ratings and remarks are withheld, because
    # in a small group they would point at the few who answered.
    withheld: bool = False
    min_responses: int = 0

    @property
    def response_rate(self) -> float:
        return round(100 * self.responded / self.eligible, 1) if self.eligible else 0.0


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _question_summary(responses: QuerySet[Response], name: str) -> QuestionSummary:
    counts = dict(responses.values(name).annotate(n=Count("pk")).order_by().values_list(name, "n"))
    total = sum(counts.values())
    mean = responses.aggregate(mean=Avg(name))["mean"]
    return QuestionSummary(
        field=name,
        label=Response._meta.get_field(name).verbose_name,
        short_label=SHORT_LABELS[name],
        mean=float(mean) if mean is not None else None,
        count=total,
        distribution=[
            ScoreCount(score, counts.get(score, 0), _percent(counts.get(score, 0), total))
            for score in range(SCORE_MIN, SCORE_MAX + 1)
        ],
    )


def survey_results(survey: Survey) -> SurveyResults:
    """TR-31: response rate, each question's mean and distribution, lecturers, remarks.

    Nothing here names a respondent: answers are read without the `Respondent` table,
    which is only counted.
    """
    responses = Response.objects.filter(survey=survey)
    eligible_ids = set(group_eligible_listeners(survey.group).values_list("pk", flat=True))
    respondent_ids = set(survey.respondents.values_list("listener_id", flat=True))
    minimum = min_responses()
    if responses.count() < minimum:
        return SurveyResults(
            survey=survey,
            eligible=len(eligible_ids | respondent_ids),
            responded=len(respondent_ids),
            questions=[],
            lecturers=[],
            remarks=[],
            withheld=True,
            min_responses=minimum,
        )
    ratings = LecturerRating.objects.filter(response__survey=survey)
    figures = {
        row["lecturer"]: row
        for row in ratings.values("lecturer").annotate(mean=Avg("score"), n=Count("pk"))
    }
    comments: dict[int, list[str]] = defaultdict(list)
    for lecturer_id, comment in ratings.exclude(comment="").values_list("lecturer_id", "comment"):
        comments[lecturer_id].append(comment)
    # Lecturers of the programme first; anyone rated but since taken off the programme after.
    lecturers = list(group_lecturers(survey.group))
    known = {lecturer.pk for lecturer in lecturers}
    lecturers += list(
        User.objects.filter(pk__in=set(figures) - known).order_by("surname", "first_name")
    )
    return SurveyResults(
        survey=survey,
        # A listener who answered and later left the group still counts in N.
        eligible=len(eligible_ids | respondent_ids),
        responded=len(respondent_ids),
        questions=[_question_summary(responses, name) for name in QUESTION_FIELDS],
        lecturers=[
            LecturerSummary(
                lecturer=lecturer,
                mean=float(figures[lecturer.pk]["mean"]) if lecturer.pk in figures else None,
                count=figures[lecturer.pk]["n"] if lecturer.pk in figures else 0,
                comments=comments.get(lecturer.pk, []),
            )
            for lecturer in lecturers
        ],
        remarks=list(responses.exclude(remarks="").values_list("remarks", flat=True)),
        min_responses=minimum,
    )


@dataclass
class LecturerSurveyRating:
    survey: Survey
    mean: float
    count: int
    comments: list[str]


def lecturer_own_ratings(lecturer: User) -> list[LecturerSurveyRating]:
    """A lecturer's own ratings, per group survey, with the listeners' comments."""
    ratings = LecturerRating.objects.filter(
        lecturer=lecturer, response__survey__in=surveys_with_enough_responses().values("pk")
    )
    rows = (
        ratings.values("response__survey")
        .annotate(mean=Avg("score"), n=Count("pk"))
        .order_by()
        .values_list("response__survey", "mean", "n")
    )
    comments: dict[int, list[str]] = defaultdict(list)
    for survey_id, comment in ratings.exclude(comment="").values_list(
        "response__survey_id", "comment"
    ):
        comments[survey_id].append(comment)
    surveys = Survey.objects.select_related("group", "group__course").in_bulk(
        [survey_id for survey_id, _mean, _n in rows]
    )
    result = [
        LecturerSurveyRating(
            survey=surveys[survey_id],
            mean=float(mean),
            count=n,
            comments=comments.get(survey_id, []),
        )
        for survey_id, mean, n in rows
    ]
    return sorted(result, key=lambda r: (r.survey.opens_on, r.survey.pk), reverse=True)


@dataclass
class LecturerOverall:
    lecturer: User
    mean: float
    count: int
    surveys: int


def lecturers_overview() -> list[LecturerOverall]:
    """Every rated lecturer's mean across all surveys, best first."""
    rows = (
        LecturerRating.objects.filter(
            response__survey__in=surveys_with_enough_responses().values("pk")
        )
        .values("lecturer")
        .annotate(
            mean=Avg("score"), n=Count("pk"), surveys=Count("response__survey", distinct=True)
        )
        .order_by()
    )
    people = User.objects.in_bulk([row["lecturer"] for row in rows])
    result = [
        LecturerOverall(
            lecturer=people[row["lecturer"]],
            mean=float(row["mean"]),
            count=row["n"],
            surveys=row["surveys"],
        )
        for row in rows
    ]
    return sorted(result, key=lambda r: (-r.mean, r.lecturer.surname, r.lecturer.first_name))


def can_view_results(user: Any) -> bool:
    return user_has_role(user, *STAFF_ROLES)


def groups_without_survey() -> QuerySet[Group]:
    """Groups that have a course programme but no final survey yet, latest course first."""
    return (
        Group.objects.filter(programme__isnull=False, survey__isnull=True)
        .select_related("course")
        .order_by("-course__end_date", "name")
    )

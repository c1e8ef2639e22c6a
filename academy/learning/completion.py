"""Completion rules, course progress, the weighted gradebook and lagging listeners (issue 14).

Reads only. Every activity of a course – module, assignment, quiz, SCORM package – has a
completion rule (viewed, submitted, graded, passed); a listener's course progress is the
share of the visible activities they completed. Everything a page needs for many
listeners (and for many courses on the lagging page and the dashboard panel) is read in
a fixed number of queries, whatever the number of rows.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from academy.accounts.models import User
from academy.exams.models import Attempt, AttemptItem, QuestionType
from academy.training.models import Enrolment

from .models import (
    SELF_CHECK_PASS_PERCENT,
    Assignment,
    Completion,
    CourseQuiz,
    Module,
    OnlineCourse,
    Progress,
    Question,
    ScormPackage,
    ScormTrack,
    Submission,
)

ACTIVE_STATUSES = (Enrolment.Status.ADMITTED,)


def lag_grace_days() -> int:
    """Days an activity may be behind its timetable date (setting LEARNING_LAG_GRACE_DAYS)."""
    return int(getattr(settings, "LEARNING_LAG_GRACE_DAYS", 2))


@dataclass
class Activity:
    """One thing a listener does in a course, with its rule and its date in the timetable."""

    kind: str  # "module", "assignment", "quiz", "scorm"
    obj: Any
    title: str
    rule: str
    url: str
    expected_on: date | None

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.obj.pk)


@dataclass
class ActivityStatus:
    activity: Activity
    done: bool
    grade: Decimal | None = None  # percent, when the activity has one


def _visible(module: Module | None, today: date) -> bool:
    return module is None or (not module.hidden and module.is_released(today))


def course_activities(
    courses: Sequence[OnlineCourse], today: date | None = None
) -> dict[int, list[Activity]]:
    """The activities a listener sees in each course (released, not hidden), in course order."""
    today = today or timezone.localdate()
    ids = [c.pk for c in courses]
    result: dict[int, list[Activity]] = {pk: [] for pk in ids}
    modules = Module.objects.filter(course_id__in=ids).prefetch_related(
        Prefetch("questions", queryset=Question.objects.only("pk", "module_id"))
    )
    for module in modules.order_by("course_id", "number"):
        if _visible(module, today):
            result[module.course_id].append(
                Activity(
                    "module",
                    module,
                    str(module),
                    module.completion,
                    module.get_absolute_url(),
                    module.release_on,
                )
            )
    for assignment in Assignment.objects.filter(course_id__in=ids):
        result[assignment.course_id].append(
            Activity(
                "assignment",
                assignment,
                assignment.title,
                assignment.completion,
                assignment.get_absolute_url(),
                assignment.due_on,
            )
        )
    for quiz in CourseQuiz.objects.filter(course_id__in=ids).select_related("exam", "module"):
        if _visible(quiz.module, today):
            result[quiz.course_id].append(
                Activity(
                    "quiz",
                    quiz,
                    quiz.exam.title,
                    quiz.completion,
                    quiz.get_absolute_url(),
                    quiz.due_on or (quiz.module.release_on if quiz.module else None),
                )
            )
    for package in ScormPackage.objects.filter(course_id__in=ids).select_related("module"):
        if _visible(package.module, today):
            result[package.course_id].append(
                Activity(
                    "scorm",
                    package,
                    package.title,
                    package.completion,
                    package.get_absolute_url(),
                    package.module.release_on if package.module else None,
                )
            )
    return result


def quiz_grade(quiz: CourseQuiz, attempts: list[Attempt]) -> Attempt | None:
    """The attempt that counts: the best or the last submitted one (CourseQuiz.grading)."""
    submitted = [a for a in attempts if a.status == Attempt.Status.SUBMITTED and a.max_points]
    if not submitted:
        return None
    if quiz.grading == CourseQuiz.Grading.LAST:
        return max(submitted, key=lambda a: a.number)
    return max(submitted, key=lambda a: (a.earned_points or 0, -a.number))


def percent_of(attempt: Attempt) -> Decimal:
    earned = attempt.earned_points or Decimal(0)
    return (earned * 100 / attempt.max_points).quantize(Decimal("0.1"))


@dataclass
class Results:
    """The listeners' records for a set of activities, read in bulk."""

    progress: dict[tuple[int, int], Progress] = field(default_factory=dict)
    submissions: dict[tuple[int, int], Submission] = field(default_factory=dict)
    attempts: dict[tuple[int, int], list[Attempt]] = field(default_factory=dict)
    pending: set[int] = field(default_factory=set)  # attempts with an essay to grade
    tracks: dict[tuple[int, int], ScormTrack] = field(default_factory=dict)


def load_results(activities: Iterable[Activity], listener_ids: Sequence[int]) -> Results:
    by_kind: dict[str, list[int]] = defaultdict(list)
    for activity in activities:
        by_kind[activity.kind].append(activity.obj.pk)
    results = Results()
    if by_kind["module"]:
        for p in Progress.objects.filter(
            module_id__in=by_kind["module"], listener_id__in=listener_ids
        ).only("pk", "module_id", "listener_id", "studied_at", "best_percent"):
            results.progress[(p.listener_id, p.module_id)] = p
    if by_kind["assignment"]:
        # Only what a status needs: the answers' texts and feedback may be long.
        for s in Submission.objects.filter(
            assignment_id__in=by_kind["assignment"], listener_id__in=listener_ids
        ).only("pk", "assignment_id", "listener_id", "points"):
            results.submissions[(s.listener_id, s.assignment_id)] = s
    if by_kind["quiz"]:
        attempts = Attempt.objects.filter(
            exam__course_quiz__in=by_kind["quiz"], listener_id__in=listener_ids
        ).exclude(status=Attempt.Status.READY)
        for attempt in attempts.only(
            "pk", "exam_id", "listener_id", "number", "status", "earned_points", "max_points"
        ):
            results.attempts.setdefault((attempt.listener_id, attempt.exam_id), []).append(attempt)
        results.pending = set(
            AttemptItem.objects.filter(
                attempt__in=attempts,
                score__isnull=True,
                version__question__qtype=QuestionType.ESSAY,
            ).values_list("attempt_id", flat=True)
        )
    if by_kind["scorm"]:
        for t in ScormTrack.objects.filter(
            package_id__in=by_kind["scorm"], listener_id__in=listener_ids
        ):
            results.tracks[(t.listener_id, t.package_id)] = t
    return results


def _module_status(activity: Activity, listener_id: int, r: Results) -> ActivityStatus:
    module = activity.obj
    progress = r.progress.get((listener_id, module.pk))
    studied = progress is not None and progress.studied_at is not None
    has_quiz = bool(module.questions.all())
    grade = (
        Decimal(progress.best_percent)
        if progress is not None and progress.best_percent is not None
        else None
    )
    if activity.rule == Completion.VIEWED or not has_quiz:
        return ActivityStatus(activity, studied, grade)
    passed = grade is not None and grade >= SELF_CHECK_PASS_PERCENT
    return ActivityStatus(activity, studied and passed, grade)


def _assignment_status(activity: Activity, listener_id: int, r: Results) -> ActivityStatus:
    assignment = activity.obj
    submission = r.submissions.get((listener_id, assignment.pk))
    grade = None
    if submission is not None and submission.graded:
        grade = (Decimal(submission.points) * 100 / assignment.max_points).quantize(Decimal("0.1"))
    if activity.rule == Completion.SUBMITTED:
        done = submission is not None
    elif activity.rule == Completion.GRADED:
        done = grade is not None
    else:
        done = grade is not None and grade >= assignment.pass_percent
    return ActivityStatus(activity, done, grade)


def _quiz_status(activity: Activity, listener_id: int, r: Results) -> ActivityStatus:
    quiz = activity.obj
    counted = quiz_grade(quiz, r.attempts.get((listener_id, quiz.exam_id), []))
    grade = percent_of(counted) if counted is not None else None
    if activity.rule == Completion.SUBMITTED:
        done = counted is not None
    elif activity.rule == Completion.GRADED:
        done = counted is not None and counted.pk not in r.pending
    else:
        done = grade is not None and grade >= quiz.pass_percent
    return ActivityStatus(activity, done, grade)


def _scorm_status(activity: Activity, listener_id: int, r: Results) -> ActivityStatus:
    package = activity.obj
    track = r.tracks.get((listener_id, package.pk))
    percent = track.percent if track is not None else None
    grade = Decimal(str(percent)) if percent is not None else None
    status = track.lesson_status if track is not None else ""
    if activity.rule == Completion.VIEWED:
        done = track is not None
    elif activity.rule == Completion.SUBMITTED:
        done = status in (ScormTrack.Status.COMPLETED, ScormTrack.Status.PASSED)
    else:
        done = status == ScormTrack.Status.PASSED or (
            package.mastery_score is not None
            and grade is not None
            and grade >= package.mastery_score
        )
    return ActivityStatus(activity, done, grade)


_STATUS = {
    "module": _module_status,
    "assignment": _assignment_status,
    "quiz": _quiz_status,
    "scorm": _scorm_status,
}


def activity_status(activity: Activity, listener_id: int, results: Results) -> ActivityStatus:
    """Whether the listener completed the activity by its rule, and its grade if any."""
    return _STATUS[activity.kind](activity, listener_id, results)


# ---- Gradebook ----


@dataclass
class GradeRow:
    listener: User
    statuses: list[ActivityStatus]
    quiz_average: Decimal | None
    assignment_average: Decimal | None
    course_grade: Decimal | None

    @property
    def completed(self) -> int:
        return sum(1 for s in self.statuses if s.done)


def _mean(values: list[Decimal]) -> Decimal | None:
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.1")) if values else None


def weighted_grade(
    course: OnlineCourse, quiz_average: Decimal | None, assignment_average: Decimal | None
) -> Decimal | None:
    """The course grade: the categories' averages weighed by the course's weights.

    A category without any grade yet is left out and the other's weight counts whole
    (Moodle's "aggregate only non-empty grades"), so an ungraded category does not pull
    the course grade down before anything in it could be graded.
    """
    parts = [
        (Decimal(course.quiz_weight), quiz_average),
        (Decimal(course.assignment_weight), assignment_average),
    ]
    parts = [(w, v) for w, v in parts if v is not None and w > 0]
    total = sum((w for w, _v in parts), Decimal(0))
    if not total:
        return None
    return (sum((w * v for w, v in parts), Decimal(0)) / total).quantize(Decimal("0.1"))


def grade_row(course: OnlineCourse, listener: User, statuses: list[ActivityStatus]) -> GradeRow:
    quizzes = [
        s.grade
        for s in statuses
        if s.activity.kind == "quiz" and s.activity.obj.counts_in_grade and s.grade is not None
    ]
    assignments = [
        s.grade for s in statuses if s.activity.kind == "assignment" and s.grade is not None
    ]
    quiz_average, assignment_average = _mean(quizzes), _mean(assignments)
    return GradeRow(
        listener,
        statuses,
        quiz_average,
        assignment_average,
        weighted_grade(course, quiz_average, assignment_average),
    )


# ---- Lagging listeners ----


@dataclass
class LaggingRow:
    course: OnlineCourse
    listener: User
    overdue: list[Activity]
    completed: int
    total: int

    @property
    def percent(self) -> float:
        return round(100 * self.completed / self.total, 1) if self.total else 0.0

    @property
    def since(self) -> date | None:
        return min((a.expected_on for a in self.overdue if a.expected_on), default=None)


@dataclass
class Lagging:
    rows: list[LaggingRow]
    # (course, average completion %) of every course looked at – the progress chart.
    courses: list[tuple[OnlineCourse, float]]
    grace_days: int


def lagging(courses: Sequence[OnlineCourse], today: date | None = None) -> Lagging:
    """Listeners behind the course timetable: an activity more than the grace days past its
    date (module release, due date) and still not complete by its rule.

    Read in a fixed number of queries for all the courses together.
    """
    today = today or timezone.localdate()
    grace = lag_grace_days()
    limit = today - timedelta(days=grace)
    activities = course_activities(courses, today)
    enrolments = (
        Enrolment.objects.filter(
            group_id__in=[c.group_id for c in courses], status__in=ACTIVE_STATUSES
        )
        .select_related("listener")
        .order_by("listener__surname", "listener__first_name", "listener_id")
    )
    listeners: dict[int, list[User]] = defaultdict(list)
    for enrolment in enrolments:
        listeners[enrolment.group_id].append(enrolment.listener)
    results = load_results(
        [a for acts in activities.values() for a in acts],
        sorted({u.pk for users in listeners.values() for u in users}),
    )
    rows, chart = [], []
    for course in courses:
        acts = activities[course.pk]
        shares = []
        for listener in listeners.get(course.group_id, []):
            statuses = [activity_status(a, listener.pk, results) for a in acts]
            done = sum(1 for s in statuses if s.done)
            shares.append(100 * done / len(acts) if acts else 0.0)
            overdue = [
                s.activity
                for s in statuses
                if not s.done and s.activity.expected_on and s.activity.expected_on < limit
            ]
            if overdue:
                rows.append(LaggingRow(course, listener, overdue, done, len(acts)))
        chart.append((course, round(sum(shares) / len(shares), 1) if shares else 0.0))
    return Lagging(rows, chart, grace)


def current_courses(courses: Any, today: date | None = None) -> list[Any]:
    """Courses whose training course runs today (the distance part and the weeks after)."""
    today = today or timezone.localdate()
    return list(
        courses.filter(group__course__start_date__lte=today, group__course__end_date__gte=today)
    )


def lagging_url() -> str:
    return reverse("learning:lagging")

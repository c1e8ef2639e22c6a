"""Reads of the distance learning system (IS-13): who may see what, progress, monitoring."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from academy.accounts.models import User
from academy.accounts.permissions import user_has_role
from academy.accounts.roles import Role
from academy.training.models import Enrolment, Group, Lesson

from . import completion
from .models import (
    SELF_CHECK_PASS_PERCENT,
    Assignment,
    Completion,
    CourseQuiz,
    Document,
    Module,
    OnlineCourse,
    Progress,
    Submission,
)

# IS-13: the administrative staff who author, monitor and keep the repository.
MANAGE_ROLES = (Role.METHODOLOGIST, Role.ADMINISTRATOR)
# Staff who may look at every online course and its monitoring.
OVERSEE_ROLES = (Role.METHODOLOGIST, Role.ADMINISTRATOR, Role.RECTOR, Role.VICE_RECTOR)
# Everyone who may enter the distance learning system at all (IS-13 authorised users).
LEARNING_ROLES = (*OVERSEE_ROLES, Role.LECTURER, Role.LISTENER)
# IS-13: only listeners actually on the course – not listed, withdrawn, replaced or expelled.
ACTIVE_STATUSES = (Enrolment.Status.ADMITTED,)


def is_group_lecturer(user: Any, group: Group) -> bool:
    return user_has_role(user, Role.LECTURER) and (
        Lesson.objects.filter(programme__group=group, lecturer=user).exists()
    )


def is_group_listener(user: Any, group: Group) -> bool:
    return user_has_role(user, Role.LISTENER) and (
        Enrolment.objects.filter(group=group, listener=user, status__in=ACTIVE_STATUSES).exists()
    )


def can_author(user: Any, group: Group) -> bool:
    """IS-13: the group's lecturers and the methodologists (administrators) author its course."""
    return user_has_role(user, *MANAGE_ROLES) or is_group_lecturer(user, group)


def can_monitor(user: Any, group: Group) -> bool:
    """IS-13 education monitoring: the group's lecturers and the Academy's managers."""
    return user_has_role(user, *OVERSEE_ROLES) or is_group_lecturer(user, group)


def can_view_course(user: Any, course: OnlineCourse) -> bool:
    return can_monitor(user, course.group) or is_group_listener(user, course.group)


def can_view_module(user: Any, module: Module, today: date | None = None) -> bool:
    """A listener sees a module from its release date; authors and managers always."""
    group = module.course.group
    if can_monitor(user, group):
        return True
    return is_group_listener(user, group) and _listener_sees(module, today)


def _listener_sees(module: Module, today: date | None = None) -> bool:
    """A listener sees a module once it is released, unless its authors hid it."""
    return not module.hidden and module.is_released(today)


listener_sees = _listener_sees


def visible_activities(user: Any, activities: Any) -> list[Any]:
    """Quizzes or SCORM packages of a course `user` may see (those of a hidden or not yet
    released module only for its authors and managers)."""
    items = list(activities)
    if items and can_monitor(user, items[0].course.group):
        return items
    return [a for a in items if a.module is None or _listener_sees(a.module)]


def can_view_documents(user: Any) -> bool:
    return user_has_role(user, *LEARNING_ROLES)


def modules_for(user: Any, course: OnlineCourse, today: date | None = None) -> list[Module]:
    """The modules `user` may see: all for staff, the released ones for a listener."""
    modules = list(course.modules.prefetch_related("questions"))
    if can_monitor(user, course.group):
        return modules
    return [module for module in modules if _listener_sees(module, today)]


def module_completed(
    progress: Progress | None, has_quiz: bool, rule: str = Completion.PASSED
) -> bool:
    """Done by the module's rule: viewed = material studied; passed = studied and, if the
    module has a self-check, it passed once."""
    if progress is None or progress.studied_at is None:
        return False
    if not has_quiz or rule == Completion.VIEWED:
        return True
    return progress.best_percent is not None and progress.best_percent >= SELF_CHECK_PASS_PERCENT


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


@dataclass
class ModuleStatus:
    module: Module
    progress: Progress | None
    has_quiz: bool
    completed: bool

    @property
    def best_percent(self) -> int | None:
        return self.progress.best_percent if self.progress else None


@dataclass
class ListenerProgress:
    """Course progress: modules and the other activities, each done by its rule."""

    listener: User
    modules: list[ModuleStatus]
    last_activity: datetime | None
    # Assignments, quizzes and SCORM packages (completion.ActivityStatus).
    activities: list[Any] = field(default_factory=list)

    @property
    def completed(self) -> int:
        return sum(1 for item in self.modules if item.completed) + sum(
            1 for item in self.activities if item.done
        )

    @property
    def total(self) -> int:
        return len(self.modules) + len(self.activities)

    @property
    def percent(self) -> float:
        return _percent(self.completed, self.total)


def _statuses(modules: list[Module], progress: dict[int, Progress]) -> list[ModuleStatus]:
    rows = []
    for module in modules:
        has_quiz = bool(module.questions.all())
        item = progress.get(module.pk)
        rows.append(
            ModuleStatus(
                module, item, has_quiz, module_completed(item, has_quiz, module.completion)
            )
        )
    return rows


def listener_progress(
    course: OnlineCourse, listener: User, today: date | None = None
) -> ListenerProgress:
    """IS-13 summarising results for one listener: counted over the released modules."""
    modules = [m for m in course.modules.prefetch_related("questions") if _listener_sees(m, today)]
    progress = {
        p.module_id: p for p in Progress.objects.filter(module__course=course, listener=listener)
    }
    last = max((p.last_activity_at for p in progress.values()), default=None)
    others = _other_activities(course, today)
    results = completion.load_results(others, [listener.pk])
    return ListenerProgress(
        listener,
        _statuses(modules, progress),
        last,
        [completion.activity_status(a, listener.pk, results) for a in others],
    )


def _other_activities(course: OnlineCourse, today: date | None = None) -> list[Any]:
    """The course's activities other than modules (assignments, quizzes, SCORM)."""
    return [
        a for a in completion.course_activities([course], today)[course.pk] if a.kind != "module"
    ]


@dataclass
class ModuleCompletion:
    module: Module
    completed: int
    listeners: int

    @property
    def percent(self) -> float:
        return _percent(self.completed, self.listeners)


@dataclass
class Monitoring:
    course: OnlineCourse
    modules: list[Module]
    listeners: list[ListenerProgress] = field(default_factory=list)
    per_module: list[ModuleCompletion] = field(default_factory=list)


def group_listeners(group: Group) -> QuerySet[User]:
    return (
        User.objects.filter(enrolments__group=group, enrolments__status__in=ACTIVE_STATUSES)
        .distinct()
        .order_by("surname", "first_name", "pk")
    )


def course_monitoring(course: OnlineCourse, today: date | None = None) -> Monitoring:
    """IS-13 education monitoring: every active listener's progress and each module's share.

    Counted over the modules already released, so a future module does not pull the
    percentages down before anyone could study it.
    """
    modules = [m for m in course.modules.prefetch_related("questions") if _listener_sees(m, today)]
    listeners = list(group_listeners(course.group))
    by_listener: dict[int, dict[int, Progress]] = {}
    for item in Progress.objects.filter(module__course=course, listener__in=listeners):
        by_listener.setdefault(item.listener_id, {})[item.module_id] = item
    others = _other_activities(course, today)
    results = completion.load_results(others, [u.pk for u in listeners])
    rows = []
    for listener in listeners:
        progress = by_listener.get(listener.pk, {})
        last = max((p.last_activity_at for p in progress.values()), default=None)
        rows.append(
            ListenerProgress(
                listener,
                _statuses(modules, progress),
                last,
                [completion.activity_status(a, listener.pk, results) for a in others],
            )
        )
    per_module = [
        ModuleCompletion(
            module=module,
            completed=sum(1 for row in rows if row.modules[index].completed),
            listeners=len(rows),
        )
        for index, module in enumerate(modules)
    ]
    return Monitoring(course=course, modules=modules, listeners=rows, per_module=per_module)


def listener_courses(user: User) -> list[tuple[OnlineCourse, ListenerProgress]]:
    """The online courses of the listener's current groups, each with their own progress."""
    courses = (
        OnlineCourse.objects.filter(
            group__enrolments__listener=user, group__enrolments__status__in=ACTIVE_STATUSES
        )
        .select_related("group", "group__course")
        .distinct()
    )
    return [(course, listener_progress(course, user)) for course in courses]


def monitored_courses(user: Any) -> QuerySet[OnlineCourse]:
    """The online courses `user` may monitor: all for managers, their groups' for lecturers."""
    courses = OnlineCourse.objects.select_related("group", "group__course")
    if user_has_role(user, *OVERSEE_ROLES):
        return courses
    return courses.filter(group__programme__lessons__lecturer=user).distinct()


def groups_without_course(user: Any) -> QuerySet[Group]:
    """Groups not yet finished that `user` may open an online course for."""
    groups = Group.objects.filter(online_course__isnull=True).select_related("course")
    if not user_has_role(user, *MANAGE_ROLES):
        groups = groups.filter(programme__lessons__lecturer=user)
    today = timezone.localdate()
    return groups.filter(course__end_date__gte=today).distinct().order_by("course__start_date")


def documents_list(kind: str = "") -> QuerySet[Document]:
    documents = Document.objects.select_related("uploaded_by")
    return documents.filter(kind=kind) if kind else documents


# ---- Assignments (issue 14) ----


def can_view_assignment(user: Any, assignment: Assignment) -> bool:
    """The group's listeners, its lecturers and the managers; nobody from another group."""
    return can_view_course(user, assignment.course)


def can_view_submission(user: Any, submission: Submission) -> bool:
    """A listener sees only their own submission; the group's lecturers and managers all."""
    if submission.listener_id == getattr(user, "pk", None):
        return is_group_listener(user, submission.assignment.course.group)
    return can_monitor(user, submission.assignment.course.group)


def own_submission(assignment: Assignment, user: Any) -> Submission | None:
    return Submission.objects.filter(assignment=assignment, listener=user).first()


@dataclass
class SubmissionRow:
    listener: User
    submission: Submission | None


def assignment_submissions(assignment: Assignment) -> list[SubmissionRow]:
    """Every active listener of the group with their submission (or none yet)."""
    submissions = {s.listener_id: s for s in Submission.objects.filter(assignment=assignment)}
    return [
        SubmissionRow(listener, submissions.get(listener.pk))
        for listener in group_listeners(assignment.course.group)
    ]


# ---- Gradebook (issue 14) ----


@dataclass
class GradebookRow:
    listener: User
    quiz_scores: list[int | None]
    assignment_points: list[Submission | None]
    quiz_grades: list[Any] = field(default_factory=list)
    grades: Any = None  # completion.GradeRow: category averages and the course grade

    @property
    def points_total(self) -> int:
        return sum(s.points for s in self.assignment_points if s is not None and s.graded)


@dataclass
class Gradebook:
    course: OnlineCourse
    quizzes: list[Module]
    assignments: list[Assignment]
    rows: list[GradebookRow]
    course_quizzes: list[CourseQuiz] = field(default_factory=list)


def can_view_gradebook(user: Any, course: OnlineCourse) -> bool:
    """The group's lecturers and the managers see the group; a listener their own row."""
    return can_monitor(user, course.group) or is_group_listener(user, course.group)


def gradebook(course: OnlineCourse, listener: Any = None) -> Gradebook:
    """Per group: every active listener × activity – self-check best %, course quizzes
    (best or last attempt), assignment points – and the weighted course grade.

    With `listener`, only that listener's row: a listener never sees another's grades.
    """
    quizzes = [m for m in course.modules.prefetch_related("questions") if m.questions.all()]
    assignments = list(course.assignments.all())
    course_quizzes = list(course.quizzes.select_related("exam").order_by("due_on", "pk"))
    listeners = list(group_listeners(course.group))
    if listener is not None:
        listeners = [u for u in listeners if u.pk == listener.pk]
    best = {
        (p.listener_id, p.module_id): p.best_percent
        for p in Progress.objects.filter(module__course=course, listener__in=listeners)
    }
    submitted = {
        (s.listener_id, s.assignment_id): s
        for s in Submission.objects.filter(assignment__course=course, listener__in=listeners)
    }
    activities = [
        completion.Activity("assignment", a, a.title, a.completion, "", a.due_on)
        for a in assignments
    ] + [
        completion.Activity("quiz", q, q.title, q.completion, "", q.due_on) for q in course_quizzes
    ]
    results = completion.load_results(activities, [u.pk for u in listeners])
    rows = []
    for user in listeners:
        statuses = [completion.activity_status(a, user.pk, results) for a in activities]
        rows.append(
            GradebookRow(
                user,
                [best.get((user.pk, module.pk)) for module in quizzes],
                [submitted.get((user.pk, a.pk)) for a in assignments],
                [s.grade for s in statuses if s.activity.kind == "quiz"],
                completion.grade_row(course, user, statuses),
            )
        )
    return Gradebook(course, quizzes, assignments, rows, course_quizzes)

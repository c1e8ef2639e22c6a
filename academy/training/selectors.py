"""Reads of the training app."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Max, Prefetch, Q, QuerySet

from academy.accounts.models import User
from academy.accounts.permissions import user_has_role
from academy.accounts.roles import Role

from .models import (
    Attendance,
    Course,
    CourseProgramme,
    Enrolment,
    ExpulsionProposal,
    Group,
    Lesson,
    Material,
    Order,
    SchedulePlan,
    StudyPlan,
)

TRAINING_INTERVAL_YEARS = 3  # TR-4
MANAGER_ROLES = (Role.METHODOLOGIST, Role.RECTOR, Role.VICE_RECTOR, Role.ADMINISTRATOR)


def group_active_listeners(group: Group) -> QuerySet[User]:
    """Listeners admitted to the group (the ones who attend and sit the exam)."""
    return (
        User.objects.filter(enrolments__group=group, enrolments__status=Enrolment.Status.ADMITTED)
        .select_related("court")
        .order_by("surname", "first_name")
    )


def schedule_plans() -> QuerySet[SchedulePlan]:
    return SchedulePlan.objects.annotate(row_count=Count("rows")).order_by(
        "-year", "period", "-version"
    )


def study_plans() -> QuerySet[StudyPlan]:
    return StudyPlan.objects.annotate(topic_count=Count("topics")).order_by("-year", "-version")


def courses_list() -> QuerySet[Course]:
    return Course.objects.select_related("schedule_row").annotate(group_count=Count("groups"))


def course_detail(pk: int) -> Course:
    return Course.objects.prefetch_related(
        Prefetch("groups", queryset=Group.objects.annotate(size=Count("enrolments")))
    ).get(pk=pk)


def group_enrolments(group: Group) -> QuerySet[Enrolment]:
    return group.enrolments.select_related("listener", "listener__court").order_by(
        "listener__surname", "listener__first_name"
    )


def programme_lessons(programme: CourseProgramme) -> QuerySet[Lesson]:
    # Undated classes (taken from the study plan) come last, in the plan's order.
    return programme.lessons.select_related("lecturer").order_by(
        F("starts_at").asc(nulls_last=True), "pk"
    )


def group_orders(group: Group) -> QuerySet[Order]:
    return group.orders.prefetch_related("items__enrolment__listener").order_by("-created_at")


def orders_list() -> QuerySet[Order]:
    return Order.objects.select_related("group", "group__course", "signed_by").order_by(
        "-created_at"
    )


def attendance_grid(lesson: Lesson) -> list[tuple[Enrolment, str]]:
    """Each admitted listener of the class's group with their mark ("" if none yet)."""
    marks = dict(lesson.attendance.values_list("enrolment_id", "mark"))
    enrolments = group_enrolments(lesson.programme.group).filter(
        status__in=(Enrolment.Status.ADMITTED, Enrolment.Status.EXPELLED)
    )
    return [(enrolment, marks.get(enrolment.pk, "")) for enrolment in enrolments]


@dataclass
class AttendanceSummary:
    enrolment: Enrolment
    total: int
    present: int
    excused: int
    unexcused: int
    unmarked: int


def attendance_summary(enrolment: Enrolment, today: date | None = None) -> AttendanceSummary:
    counts = dict(
        enrolment.attendance.values("mark").annotate(n=Count("pk")).values_list("mark", "n")
    )
    total = Lesson.objects.filter(programme__group=enrolment.group).count()
    marked = sum(counts.values())
    return AttendanceSummary(
        enrolment=enrolment,
        total=total,
        present=counts.get(Attendance.Mark.PRESENT, 0),
        excused=counts.get(Attendance.Mark.EXCUSED, 0),
        unexcused=counts.get(Attendance.Mark.UNEXCUSED, 0),
        unmarked=total - marked,
    )


def listener_enrolments(user: User) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(listener=user)
        .select_related("group", "group__course", "group__programme")
        .order_by("-group__course__start_date")
    )


def listener_lessons(user: User) -> QuerySet[Lesson]:
    """The timetable of a listener's current groups (TR-8)."""
    return (
        Lesson.objects.filter(
            programme__group__enrolments__listener=user,
            programme__group__enrolments__status__in=(
                Enrolment.Status.ADMITTED,
                Enrolment.Status.COMPLETED,
            ),
            starts_at__isnull=False,
        )
        .select_related("lecturer", "programme__group__course")
        .order_by("starts_at")
    )


def lecturer_lessons(user: User) -> QuerySet[Lesson]:
    return (
        Lesson.objects.filter(lecturer=user, starts_at__isnull=False)
        .select_related("programme__group__course")
        .order_by("starts_at")
    )


def can_view_group(user: Any, group: Group) -> bool:
    """Managers see every group; the Court Administration too; lecturers the ones they teach."""
    if user_has_role(user, *MANAGER_ROLES, Role.COURT_ADMINISTRATION):
        return True
    if user_has_role(user, Role.LECTURER):
        return Lesson.objects.filter(programme__group=group, lecturer=user).exists()
    return False


def can_download_material(user: Any, material: Material) -> bool:
    """TR-8: the group's admitted listeners, its lecturers and the Academy's managers."""
    if user_has_role(user, *MANAGER_ROLES):
        return True
    group_id = material.group_id
    if (
        user_has_role(user, Role.LECTURER)
        and Lesson.objects.filter(programme__group_id=group_id, lecturer=user).exists()
    ):
        return True
    return (
        user_has_role(user, Role.LISTENER)
        and Enrolment.objects.filter(
            group_id=group_id, listener=user, status=Enrolment.Status.ADMITTED
        ).exists()
    )


def open_expulsion_proposals() -> QuerySet[ExpulsionProposal]:
    return ExpulsionProposal.objects.filter(status=ExpulsionProposal.Status.OPEN).select_related(
        "enrolment__listener", "enrolment__group__course"
    )


@dataclass
class TrainingDue:
    user: User
    last_training: date | None
    due_date: date | None
    overdue: bool


def training_due_by_region(rows: list[TrainingDue]) -> list[tuple[str, int]]:
    """How many of the listed are due or overdue per region, most first (TR-4's chart)."""
    counts: dict[str, int] = {}
    for row in rows:
        court = row.user.court
        name = str(court.region) if court is not None else "—"
        counts[name] = counts.get(name, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def training_due(
    *, today: date, horizon_days: int = 365, region: int | None = None, court: int | None = None
) -> list[TrainingDue]:
    """TR-4: judges and court staff not trained in 3 years (overdue) or due within the horizon."""
    people = (
        User.objects.filter(
            is_active=True, category__in=(User.Category.JUDGE, User.Category.COURT_STAFF)
        )
        .select_related("court", "court__region")
        .annotate(
            last_training=Max(
                "enrolments__group__course__end_date",
                filter=Q(enrolments__status=Enrolment.Status.COMPLETED),
            )
        )
        .order_by("court__region__name", "court__name", "surname", "first_name")
    )
    if region:
        people = people.filter(court__region_id=region)
    if court:
        people = people.filter(court_id=court)
    horizon = today + timedelta(days=horizon_days)
    due = []
    for person in people:
        last = person.last_training
        if last is None:
            due.append(TrainingDue(person, None, None, True))
            continue
        try:
            due_date = last.replace(year=last.year + TRAINING_INTERVAL_YEARS)
        except ValueError:  # 29 February
            due_date = last.replace(year=last.year + TRAINING_INTERVAL_YEARS, day=28)
        if due_date <= horizon:
            due.append(TrainingDue(person, last, due_date, due_date < today))
    return due


def order_sign_summary(order: Any) -> dict[str, Any]:
    """What signing `order` will do, to show the rector before the signature (TR-15, TR-18,
    TR-28): how many listeners change to which status, and who cannot be covered."""
    from .services.orders import ORDER_EFFECT

    allowed, new_status = ORDER_EFFECT[order.Kind(order.kind)]
    items = list(order.items.select_related("enrolment__listener"))
    blocked = [
        item.enrolment.listener.full_name for item in items if item.enrolment.status not in allowed
    ]
    return {
        "kind": order.get_kind_display(),
        "listeners": len(items),
        "new_status": Enrolment.Status(new_status).label,
        "blocked": blocked,
        "certificates": len(items) - len(blocked) if order.kind == order.Kind.CERTIFICATE else 0,
    }

"""Demo content: a finished group's confirmed exam results and its certificates.

The training demo signs the certificate order of each finished group; here the group
gets its final exam with confirmed results (those on the order pass, the others do
not), and the certificates are issued from the signed order (TR-28, TR-29).
Idempotent: a group that already has certificates is left alone.
"""

import random
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from academy.accounts.roles import Role
from academy.core.translated import translated_kwargs
from academy.exams.models import CommissionMember, Exam, Participant, Result
from academy.exams.services.results import numeric_equivalent
from academy.training.models import Enrolment, Order

from .models import Certificate
from .selectors import group_exam
from .services import certificates_issue_for_order

Seat = CommissionMember.Seat
JUDGES_SEATS = [
    (Role.EXAM_COMMISSION_MEMBER, Seat.COUNCIL_MEMBER),
    (Role.APPEALS_MEMBER, Seat.SUPREME_COURT_JUDGE),
    (Role.VICE_RECTOR, Seat.VICE_RECTOR),
]
STAFF_SEATS = [
    (Role.EXAM_COMMISSION_MEMBER, Seat.COUNCIL_MEMBER),
    (Role.APPEALS_SECRETARY, Seat.COUNCIL_STAFF),
    (Role.COURT_ADMINISTRATION, Seat.COURT_ADMINISTRATION),
    (Role.SEC_DIRECTOR, Seat.SEC_DIRECTOR),
    (Role.LECTURER, Seat.LECTURER),
]


def _user_with_role(role: str) -> Any:
    return get_user_model().objects.filter(groups__name=role).order_by("pk").first()


def _confirmed_exam(order: Order, rng: random.Random) -> Exam:
    """The group's final exam with confirmed results: the order's listeners pass."""
    group = order.group
    exam = group_exam(group)
    if exam is not None and exam.status == Exam.Status.CONFIRMED:
        return exam
    programme = getattr(group, "programme", None)
    exam = Exam.objects.create(
        **translated_kwargs(
            "title",
            f"Қорытынды емтихан: {group.course.title_kk} – {group.name}",
            ru=f"Итоговый экзамен: {group.course.title_ru or group.course.title_kk} – {group.name}",
            en=f"Final exam: {group.course.title_en or group.course.title_kk} – {group.name}",
        ),
        group=group,
        kind=programme.exam_form if programme else Exam.Kind.WRITTEN_CASE,
        audience=Exam.Audience.JUDGES if group.is_for_judges else Exam.Audience.COURT_STAFF,
        language=group.language if group.language in ("kk", "ru") else "kk",
        exam_date=programme.exam_date if programme else group.course.end_date,
        status=Exam.Status.CONFIRMED,
    )
    for role, seat in JUDGES_SEATS if group.is_for_judges else STAFF_SEATS:
        user = _user_with_role(role)
        if user is not None:
            CommissionMember.objects.get_or_create(exam=exam, user=user, defaults={"seat": seat})
    rector = _user_with_role(Role.RECTOR)
    exam.commission_fixed_by, exam.commission_fixed_at = rector, timezone.now()
    exam.save(update_fields=["commission_fixed_by", "commission_fixed_at"])
    certified = set(order.items.values_list("enrolment__listener_id", flat=True))
    confirmed_by = _user_with_role(Role.VICE_RECTOR)
    now = timezone.now()
    enrolments = group.enrolments.filter(
        status__in=(Enrolment.Status.ADMITTED, Enrolment.Status.COMPLETED)
    ).select_related("listener")
    for enrolment in enrolments:
        listener = enrolment.listener
        Participant.objects.get_or_create(exam=exam, listener=listener)
        # Spread over the bands of Appendix 4; those not on the order fail (TR-29).
        points = (
            rng.choice([52, 61, 68, 73, 78, 84, 88, 91, 95, 100])
            if listener.pk in certified
            else 42
        )
        Result.objects.update_or_create(
            exam=exam,
            listener=listener,
            defaults={
                "points": points,
                "numeric_equivalent": numeric_equivalent(points),
                "passed": points >= 50,
                "confirmed_at": now,
                "confirmed_by": confirmed_by,
            },
        )
    return exam


@transaction.atomic
def seed(stdout: Any) -> None:
    rng = random.Random(2026)
    orders = Order.objects.filter(
        kind=Order.Kind.CERTIFICATE, status=Order.Status.SIGNED
    ).select_related("group__course", "signed_by")
    issued = 0
    for order in orders:
        if Certificate.objects.filter(group=order.group).exists():
            continue
        _confirmed_exam(order, rng)
        issued += len(certificates_issue_for_order(order=order, by=order.signed_by))
    stdout.write(f"documents: {issued} certificates issued, {Certificate.objects.count()} in all")

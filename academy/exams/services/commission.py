"""Exam commissions (TR-24, TR-25) and opening and closing an exam."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.accounts.permissions import user_has_role
from academy.accounts.roles import Role
from academy.core.audit import audit_event
from academy.core.translated import translated_kwargs

from ..models import CommissionMember, Exam, Participant

Seat = CommissionMember.Seat
STAFF_SEATS = (
    Seat.COUNCIL_MEMBER,
    Seat.COUNCIL_STAFF,
    Seat.COURT_ADMINISTRATION,
    Seat.SEC_DIRECTOR,
    Seat.LECTURER,
)


def commission_problems(exam: Exam) -> list[str]:
    """What is wrong with the exam commission's composition (TR-24); empty when valid."""
    seats = list(exam.commission.values_list("seat", flat=True))
    problems: list[str] = []
    if exam.audience == Exam.Audience.JUDGES:
        # TR-24: judges – exactly 3: Council member, Supreme Court (or retired) judge,
        # rector or vice-rector; an SEC director only when both are absent.
        if len(seats) != 3:
            problems.append(
                _("A commission for judges has exactly 3 members; it has %(count)s.")
                % {"count": len(seats)}
            )
        if seats.count(Seat.COUNCIL_MEMBER) != 1:
            problems.append(_("It needs one member of the Supreme Judicial Council."))
        judges = seats.count(Seat.SUPREME_COURT_JUDGE) + seats.count(
            Seat.RETIRED_SUPREME_COURT_JUDGE
        )
        if judges != 1:
            problems.append(_("It needs one judge (or retired judge) of the Supreme Court."))
        leaders = seats.count(Seat.RECTOR) + seats.count(Seat.VICE_RECTOR)
        directors = seats.count(Seat.SEC_DIRECTOR)
        if exam.leadership_absent_reason.strip():
            if leaders or directors != 1:
                problems.append(
                    _("With the rector and vice-rector both absent, it needs one SEC director.")
                )
        elif leaders != 1 or directors:
            problems.append(
                _(
                    "It needs the rector or the vice-rector; an SEC director only when both "
                    "are absent (give the reason)."
                )
            )
        other = set(seats) - {
            Seat.COUNCIL_MEMBER,
            Seat.SUPREME_COURT_JUDGE,
            Seat.RETIRED_SUPREME_COURT_JUDGE,
            Seat.RECTOR,
            Seat.VICE_RECTOR,
            Seat.SEC_DIRECTOR,
        }
        if other:
            problems.append(_("A commission for judges has no other seats."))
    else:
        # TR-24: court staff – at least 5, each of these seats filled.
        if len(seats) < 5:
            problems.append(
                _("A commission for court staff has at least 5 members; it has %(count)s.")
                % {"count": len(seats)}
            )
        for seat in STAFF_SEATS:
            if seat not in seats:
                problems.append(_("The seat %(seat)s is not filled.") % {"seat": Seat(seat).label})
    return problems


@transaction.atomic
def commission_member_add(*, exam: Exam, user: Any, seat: str, by: Any) -> CommissionMember:
    if exam.status != Exam.Status.DRAFT:
        raise ValidationError(_("The commission of an open exam cannot change."))
    member = CommissionMember(exam=exam, user=user, seat=seat)
    member.full_clean()
    member.save()
    # A changed composition needs fixing again.
    Exam.objects.filter(pk=exam.pk).update(commission_fixed_by=None, commission_fixed_at=None)
    exam.refresh_from_db()
    return member


@transaction.atomic
def commission_fix(*, exam: Exam, by: Any) -> Exam:
    """The rector fixes the personal composition (TR-25) once it is valid (TR-24)."""
    if not user_has_role(by, Role.RECTOR):
        raise PermissionDenied
    problems = commission_problems(exam)
    if problems:
        raise ValidationError(problems)
    exam.commission_fixed_by = by
    exam.commission_fixed_at = timezone.now()
    exam.save(update_fields=["commission_fixed_by", "commission_fixed_at"])
    audit_event(
        actor=by,
        obj=exam,
        event="commission_fixed",
        details={"members": [str(m) for m in exam.commission.select_related("user")]},
    )
    return exam


@transaction.atomic
def exam_open(*, exam: Exam, by: Any) -> Exam:
    """Open the exam: never with an invalid or unfixed commission (TR-24, TR-25)."""
    exam = Exam.objects.select_for_update().get(pk=exam.pk)
    if exam.status != Exam.Status.DRAFT:
        raise ValidationError(_("Only a draft exam can be opened."))
    problems = commission_problems(exam)
    if problems:
        raise ValidationError(problems)
    if exam.commission_fixed_at is None:
        raise ValidationError(_("The rector has not fixed the commission yet."))
    if exam.kind == Exam.Kind.COMPUTER_TEST:
        if exam.blueprint is None:
            raise ValidationError(_("A computer test needs a blueprint."))
        problems = blueprint_problems(exam.blueprint, language=exam.language)
        problems += tr21_problems(exam)
        if problems:
            raise ValidationError(problems)
    # Every listener must be able to draw: a case (TR-22) or a ticket (TR-23).
    if exam.kind == Exam.Kind.WRITTEN_CASE and not exam.cases.exists():
        raise ValidationError(_("A written-case exam needs at least one case."))
    if exam.kind == Exam.Kind.ORAL and not exam.tickets.exists():
        raise ValidationError(_("An oral exam needs at least one ticket."))
    exam.status = Exam.Status.OPEN
    exam.save(update_fields=["status"])
    audit_event(actor=by, obj=exam, event="exam_opened")
    if exam.kind == Exam.Kind.COMPUTER_TEST:
        # Every attempt drawn now, not in the start burst (see the README, Performance).
        from ..tasks import draw_attempts

        exam_id = exam.pk
        transaction.on_commit(lambda: draw_attempts.delay(exam_id))
    return exam


def blueprint_problems(blueprint: Any, *, language: str) -> list[str]:
    """Rules that cannot be drawn: each needs enough active questions in the language."""
    from ..models import Question

    problems = []
    for rule in blueprint.rules.select_related("category"):
        ids = rule.category.descendant_ids() if rule.include_subcategories else [rule.category.pk]
        available = Question.objects.filter(
            category_id__in=ids, is_active=True, language=language
        ).count()
        if available < rule.count:
            problems.append(
                _(
                    "The category %(category)s has %(available)s questions in this language; "
                    "the blueprint needs %(needed)s."
                )
                % {"category": rule.category, "available": available, "needed": rule.count}
            )
    if not problems and blueprint.total_items == 0:
        problems.append(_("The blueprint draws no items."))
    return problems


def blueprint_differs_from_tr21(blueprint: Any) -> bool:
    """TR-21: 50 items, 2 points each, 50 minutes; other blueprints are for quizzes."""
    return (blueprint.total_items, blueprint.points_per_item, blueprint.duration_minutes) != (
        50,
        2,
        50,
    )


def is_final_course_test(exam: Exam) -> bool:
    """The final computer test of a training course: a computer test of a group (TR-19, TR-20);
    an exam without a group is a quiz or a practice test."""
    return exam.kind == Exam.Kind.COMPUTER_TEST and exam.group_id is not None


def tr21_problems(exam: Exam) -> list[str]:
    """TR-21 (reading chosen in RULES.md): binding for the final computer test of a course –
    50 items, 2 points each, 50 minutes; other quizzes are free."""
    blueprint = exam.blueprint
    if blueprint is None or not is_final_course_test(exam):
        return []
    if not blueprint_differs_from_tr21(blueprint):
        return []
    return [
        _(
            "The final computer test of a course has 50 items of 2 points each and 50 minutes (TR-21); the blueprint “%(name)s” has %(items)s items of %(points)s points and %(minutes)s minutes."
        )
        % {
            "name": blueprint.name,
            "items": blueprint.total_items,
            "points": blueprint.points_per_item,
            "minutes": blueprint.duration_minutes,
        }
    ]


def is_commission_member(exam: Exam, user: Any) -> bool:
    return exam.commission.filter(user_id=getattr(user, "pk", None)).exists()


@transaction.atomic
def exam_create_for_group(
    *,
    group: Any,
    title: str,
    by: Any,
    blueprint: Any = None,
    title_ru: str = "",
    title_en: str = "",
) -> Exam:
    """An exam for a training group: form and date from its course programme (TR-20).

    Audience and language follow the group; the group's admitted listeners are admitted.
    `title` is the Kazakh title; `title_ru`/`title_en` may be left for later (readers of
    those languages see the Kazakh one, marked).
    """
    programme = getattr(group, "programme", None)
    if programme is None:
        raise ValidationError(_("The group has no course programme with the exam form and date."))
    exam = Exam(
        **translated_kwargs("title", title, ru=title_ru, en=title_en),
        group=group,
        kind=programme.exam_form,
        audience=Exam.Audience.JUDGES if group.is_for_judges else Exam.Audience.COURT_STAFF,
        language=group.language if group.language in ("kk", "ru") else "kk",
        exam_date=programme.exam_date,
        blueprint=blueprint,
    )
    exam.full_clean()
    exam.save()
    exam_participants_sync(exam=exam, by=by)
    audit_event(actor=by, obj=exam, event="exam_created", details={"group": group.pk})
    return exam


@transaction.atomic
def exam_participants_sync(*, exam: Exam, by: Any) -> int:
    """Admit the group's admitted listeners to the exam; returns how many were added."""
    if exam.group is None:
        return 0
    added = 0
    for listener in exam.group.listeners():
        _participant, created = Participant.objects.get_or_create(exam=exam, listener=listener)
        added += created
    return added

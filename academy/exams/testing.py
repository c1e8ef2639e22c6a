"""Builders for exams tests: a small bank, a blueprint and an open exam."""

from datetime import date
from itertools import count
from typing import Any

from academy.accounts.models import User
from academy.accounts.roles import Role
from academy.accounts.testing import persona
from academy.core.iin import make_iin

from .models import (
    Blueprint,
    BlueprintRule,
    CaseForm,
    CaseTask,
    CommissionMember,
    Exam,
    Participant,
    QuestionType,
)
from .services.bank import QuestionData, category_get_or_create, question_create

_serial = count(1)


def exam_persona(role: str, **fields: Any) -> User:
    """Like accounts' persona, but with an IIN checked to be free.

    accounts.testing gives serial n the IIN of n+1 when n has no valid check digit, so
    two personas can collide; exams tests create many users and would hit that.
    """
    while True:
        iin = make_iin(date(1976, 4, 12), "F", next(_serial))
        if not User.objects.filter(iin=iin).exists():
            return persona(role, iin=iin, **fields)


def make_bank(n: int = 6, *, path: str = "Азаматтық құқық", language: str = "kk") -> Any:
    category = category_get_or_create(path=path)
    for i in range(n):
        question_create(
            category=category,
            data=QuestionData(
                qtype=QuestionType.SINGLE,
                text=f"Сұрақ {path} {i}",
                payload={
                    "options": [
                        {"text": "Дұрыс", "correct": True},
                        {"text": "Қате 1"},
                        {"text": "Қате 2"},
                    ]
                },
                language=language,
            ),
            by=None,
        )
    return category


def make_blueprint(category: Any, count: int = 5, minutes: int = 50) -> Blueprint:
    blueprint = Blueprint.objects.create(
        name=f"Blueprint {category.pk}-{count}", duration_minutes=minutes
    )
    BlueprintRule.objects.create(blueprint=blueprint, category=category, count=count)
    return blueprint


def staff_commission(exam: Exam) -> list[Any]:
    seats = [
        CommissionMember.Seat.COUNCIL_MEMBER,
        CommissionMember.Seat.COUNCIL_STAFF,
        CommissionMember.Seat.COURT_ADMINISTRATION,
        CommissionMember.Seat.SEC_DIRECTOR,
        CommissionMember.Seat.LECTURER,
    ]
    members = []
    for seat in seats:
        user = exam_persona(Role.EXAM_COMMISSION_MEMBER)
        CommissionMember.objects.create(exam=exam, user=user, seat=seat)
        members.append(user)
    return members


def open_test_exam(
    *,
    listeners: list[Any],
    count: int = 5,
    kind: str = Exam.Kind.COMPUTER_TEST,
    bank_size: int | None = None,
) -> Exam:
    """An open computer test for court staff with a valid commission and the listeners admitted."""
    from django.utils import timezone

    category = make_bank(bank_size or max(count, 6))
    exam = Exam.objects.create(
        title="Тест",
        kind=kind,
        audience=Exam.Audience.COURT_STAFF,
        blueprint=make_blueprint(category, count),
    )
    staff_commission(exam)
    exam.commission_fixed_at = timezone.now()
    exam.status = Exam.Status.OPEN
    exam.save()
    for listener in listeners:
        Participant.objects.create(exam=exam, listener=listener)
    return exam


def correct_token(item: Any) -> str:
    """The answer a listener gives by choosing the (first) correct option on the page."""
    correct = next(o["id"] for o in item.version.payload["options"] if o["correct"])
    return str(item.order.index(correct))


def wrong_token(item: Any) -> str:
    wrong = next(o["id"] for o in item.version.payload["options"] if not o["correct"])
    return str(item.order.index(wrong))


def open_case_exam(*, listeners: list[Any]) -> tuple[Exam, list[Any]]:
    """An open written-case exam for court staff with one case; returns it and its members."""
    exam = Exam.objects.create(
        title="Кейс", kind=Exam.Kind.WRITTEN_CASE, audience=Exam.Audience.COURT_STAFF
    )
    members = staff_commission(exam)
    exam.cases.add(
        CaseTask.objects.create(
            title="Кейс 1",
            specialisation="civil",
            form=CaseForm.QUESTIONS,
            language="kk",
            text="Мән-жай",
        )
    )
    exam.status = Exam.Status.OPEN
    exam.save()
    for listener in listeners:
        Participant.objects.create(exam=exam, listener=listener)
    return exam, members

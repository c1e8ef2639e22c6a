"""An exam, its appeals commission and a candidate with results, for every appeals test."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from academy.accounts.roles import Role
from academy.accounts.testing import persona
from academy.appeals.models import Commission, Exam, Stage, StageResult, TestAnswer
from academy.core.iin import make_iin

ALMATY = ZoneInfo("Asia/Almaty")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=ALMATY)


@pytest.fixture
def travel():
    """Freeze time at an Almaty moment: `travel(2026, 3, 30, 10)`."""
    travellers = []

    def go(*args: int):
        traveller = time_machine.travel(at(*args), tick=False)
        traveller.start()
        travellers.append(traveller)

    yield go
    for traveller in reversed(travellers):
        traveller.stop()


_used_iins: set[str] = set()


def unique_iin() -> str:
    """UserFactory's IINs can repeat (make_iin moves on to the next serial when a check
    digit is impossible, which the following user then gets too); these never do."""
    serial = len(_used_iins)
    while (iin := make_iin(date(1985, 1, 15), "M", serial)) in _used_iins:
        serial += 1
    _used_iins.add(iin)
    return iin


@pytest.fixture
def make_persona(db):
    def make(role: str, **fields):
        fields.setdefault("iin", unique_iin())
        return persona(role, **fields)

    return make


@pytest.fixture
def chair(make_persona):
    return make_persona(Role.APPEALS_CHAIR, surname="Ахметов", first_name="Серік")


@pytest.fixture
def members(make_persona):
    return [
        make_persona(Role.APPEALS_MEMBER, surname=name, first_name="Мүше")
        for name in ("Ким", "Омаров", "Сейітова")
    ]


@pytest.fixture
def secretary(make_persona):
    return make_persona(Role.APPEALS_SECRETARY, surname="Төлегенова", first_name="Динара")


@pytest.fixture
def candidate(make_persona):
    return make_persona(Role.CANDIDATE, surname="Бекмұхамбетов", first_name="Арман")


@pytest.fixture
def exam(db):
    return Exam.objects.create(title="Біліктілік емтиханы 2026-1", starts_on=date(2026, 3, 2))


@pytest.fixture
def commission(exam, chair, members, secretary):
    commission = Commission.objects.create(
        title="Апелляциялық комиссия",
        approved_on=date(2026, 2, 20),
        chair=chair,
        secretary=secretary,
    )
    commission.members.set([chair, *members])
    commission.exams.add(exam)
    return commission


@pytest.fixture
def test_result(exam, candidate, commission):
    """Test result received on Friday 20 March 2026, the eve of Nauryz: 60 of 70 points.

    Questions 1–20 were asked; the candidate got 1–10 wrong and 11–20 right.
    """
    result = StageResult.objects.create(
        exam=exam,
        candidate=candidate,
        stage=Stage.TEST,
        points=Decimal(60),
        threshold=Decimal(70),
        received_on=date(2026, 3, 20),
    )
    TestAnswer.objects.bulk_create(
        TestAnswer(
            result=result,
            number=n,
            question=f"Сұрақ {n}",
            candidate_answer="A" if n <= 10 else "B",
            correct_answer="B",
        )
        for n in range(1, 21)
    )
    return result


def questions(*numbers: int) -> list[dict]:
    return [
        {"number": n, "grounds": "Дұрыс жауап нұсқасы жоқ", "legal_reference": "АПК 5-бап"}
        for n in numbers
    ]


@pytest.fixture
def make_result(exam, candidate, commission):
    def make(stage: str, received_on: date = date(2026, 4, 6), **fields) -> StageResult:
        return StageResult.objects.create(
            exam=exam,
            candidate=fields.pop("who", candidate),
            stage=stage,
            points=fields.pop("points", Decimal(50)),
            threshold=fields.pop("threshold", Decimal(60)),
            received_on=received_on,
            **fields,
        )

    return make


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English; pages choose their language from the URL."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads and minutes go to a temporary folder, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"

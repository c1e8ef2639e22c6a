from io import StringIO

import pytest

from academy.accounts.demo import seed_organisations, seed_people
from academy.exams import demo
from academy.exams.models import Exam, Question

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_opens_a_valid_exam():
    seed_people(seed_organisations())
    demo.seed(StringIO())
    count = Question.objects.count()
    assert count >= 30
    demo.seed(StringIO())
    assert Question.objects.count() == count
    exam = Exam.objects.get(title="Демо: компьютерлік тестілеу")
    assert exam.status == Exam.Status.OPEN
    assert {"kk", "ru"} == set(Question.objects.values_list("language", flat=True))

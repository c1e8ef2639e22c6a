import io

import pytest

from academy.accounts.demo import seed_organisations, seed_people
from academy.learning import selectors
from academy.learning.demo import seed
from academy.learning.models import Attempt, Document, Module, OnlineCourse, Question
from academy.training.demo import seed as seed_training


@pytest.mark.django_db
def test_demo_has_an_online_course_with_progress_and_documents_and_runs_twice(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_people(seed_organisations())
    seed_training(io.StringIO())
    seed(io.StringIO())
    seed(io.StringIO())  # idempotent
    course = OnlineCourse.objects.get()
    assert Module.objects.filter(course=course).count() == 3
    assert Question.objects.filter(module__course=course).count() == 6
    assert Document.objects.count() == 4
    attempts = Attempt.objects.count()
    assert attempts > 0
    data = selectors.course_monitoring(course)
    assert {row.percent for row in data.listeners} >= {100.0, 0.0}
    demo = [r for r in data.listeners if r.listener.email == "listener@academy.kz"]
    assert demo and demo[0].completed == 0  # the demo listener can try it themselves

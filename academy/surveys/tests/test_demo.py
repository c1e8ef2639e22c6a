import io

import pytest

from academy.accounts.demo import seed_organisations, seed_people
from academy.surveys import selectors
from academy.surveys.demo import seed
from academy.surveys.models import Respondent, Response, Survey
from academy.training.demo import seed as seed_training


@pytest.mark.django_db
def test_demo_has_a_closed_survey_with_a_dozen_answers_and_an_open_one():
    seed_people(seed_organisations())
    seed_training(io.StringIO())
    seed(io.StringIO())
    seed(io.StringIO())  # idempotent
    assert Survey.objects.count() == 2
    closed = next(s for s in Survey.objects.all() if s.status == Survey.Status.CLOSED)
    results = selectors.survey_results(closed)
    assert results.responded == 12
    assert len(results.lecturers) == 2
    assert all(row.count == 12 for row in results.lecturers)
    assert Response.objects.count() == Respondent.objects.count()
    demo_listener = Respondent.objects.filter(listener__email="listener@academy.kz")
    assert not demo_listener.exists()  # the demo listener still has an open survey to answer

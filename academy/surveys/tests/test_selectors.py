"""Results of the final survey (TR-31): exact means, distributions, response rate."""

import pytest
from django.utils import timezone

from academy.surveys import selectors, services
from academy.surveys.testing import answer, group_listeners
from academy.training.models import Enrolment
from academy.training.testing import EnrolmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(survey, lecturer, second_lecturer):
    """Three of the four listeners answer."""
    first, second, third, _fourth = group_listeners(survey.group)
    answer(
        survey,
        first,
        scores=(5, 4, 3),
        ratings={lecturer: 5, second_lecturer: 2},
        remarks="More practice",
        comments={lecturer: "Clear"},
    )
    answer(survey, second, scores=(4, 4, 1), ratings={lecturer: 4, second_lecturer: 3})
    answer(
        survey,
        third,
        scores=(3, 5, 2),
        ratings={lecturer: 4, second_lecturer: 2},
        remarks="Materials earlier",
    )
    return survey


@pytest.mark.clause("TR-31")
def test_response_rate_counts_respondents_of_the_eligible_listeners(answered):
    results = selectors.survey_results(answered)
    assert (results.responded, results.eligible) == (3, 4)
    assert results.response_rate == 75.0


@pytest.mark.clause("TR-31")
def test_listeners_withdrawn_or_listed_are_not_counted(survey):
    EnrolmentFactory(group=survey.group, status=Enrolment.Status.WITHDRAWN)
    EnrolmentFactory(group=survey.group, status=Enrolment.Status.LISTED)
    EnrolmentFactory(group=survey.group, status=Enrolment.Status.COMPLETED)
    assert selectors.survey_results(survey).eligible == 5


@pytest.mark.clause("TR-31")
def test_each_question_has_its_exact_mean_and_distribution(answered):
    questions = {q.field: q for q in selectors.survey_results(answered).questions}
    assert list(questions) == ["satisfaction", "knowledge_use", "effectiveness"]
    assert questions["satisfaction"].mean == pytest.approx(4.0)
    assert questions["knowledge_use"].mean == pytest.approx(13 / 3)
    assert questions["effectiveness"].mean == pytest.approx(2.0)
    assert [(d.score, d.count) for d in questions["satisfaction"].distribution] == [
        (1, 0),
        (2, 0),
        (3, 1),
        (4, 1),
        (5, 1),
    ]
    assert [d.count for d in questions["knowledge_use"].distribution] == [0, 0, 0, 2, 1]
    assert [d.percent for d in questions["knowledge_use"].distribution] == [
        0.0,
        0.0,
        0.0,
        66.7,
        33.3,
    ]
    assert all(q.count == 3 for q in questions.values())


@pytest.mark.clause("TR-31")
def test_each_lecturer_has_a_mean_rating_and_a_count(answered, lecturer, second_lecturer):
    rows = {row.lecturer: row for row in selectors.survey_results(answered).lecturers}
    assert rows[lecturer].mean == pytest.approx(13 / 3)
    assert rows[lecturer].count == 3
    assert rows[lecturer].comments == ["Clear"]
    assert rows[second_lecturer].mean == pytest.approx(7 / 3)
    assert rows[second_lecturer].count == 3


def test_remarks_are_listed_without_empty_ones(answered):
    assert sorted(selectors.survey_results(answered).remarks) == [
        "Materials earlier",
        "More practice",
    ]


def test_a_survey_without_answers_shows_no_figures(survey, lecturer):
    results = selectors.survey_results(survey)
    assert results.responded == 0
    assert results.response_rate == 0.0
    assert results.withheld  # below any minimum of answers
    assert results.questions == [] and results.lecturers == [] and results.remarks == []


@pytest.mark.clause("TR-31")
def test_a_lecturer_sees_only_their_own_ratings(answered, lecturer, second_lecturer):
    own = selectors.lecturer_own_ratings(lecturer)
    assert len(own) == 1
    assert own[0].survey == answered
    assert own[0].mean == pytest.approx(13 / 3)
    assert own[0].count == 3
    assert own[0].comments == ["Clear"]
    assert selectors.lecturer_own_ratings(second_lecturer)[0].mean == pytest.approx(7 / 3)


def test_the_overview_gives_every_lecturer_a_mean_across_surveys(
    answered, lecturer, second_lecturer
):
    rows = selectors.lecturers_overview()
    assert [(r.lecturer, r.count, r.surveys) for r in rows] == [
        (lecturer, 3, 1),
        (second_lecturer, 3, 1),
    ]
    assert rows[0].mean == pytest.approx(13 / 3)


def test_a_listener_sees_their_open_surveys_and_whether_they_answered(survey, listener):
    assert [(i.survey, i.answered) for i in selectors.listener_open_surveys(listener)] == [
        (survey, False)
    ]
    answer(survey, listener)
    assert [(i.survey, i.answered) for i in selectors.listener_open_surveys(listener)] == [
        (survey, True)
    ]


def test_closed_surveys_are_not_in_the_listeners_list(survey, listener, methodologist):
    services.survey_close(survey=survey, by=methodologist)
    assert selectors.listener_open_surveys(listener, timezone.localdate()) == []


def test_groups_without_a_survey_need_a_programme(survey):
    from academy.training.testing import GroupFactory, ProgrammeFactory

    GroupFactory()
    waiting = ProgrammeFactory().group
    assert list(selectors.groups_without_survey()) == [waiting]

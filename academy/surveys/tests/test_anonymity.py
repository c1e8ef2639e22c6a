"""TR-31 anonymity that holds against someone who reads the tables, and small groups hidden."""

import io
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from academy.surveys.models import Respondent, Response
from academy.surveys.testing import answer, group_listeners
from academy.training.models import Enrolment
from academy.training.testing import EnrolmentFactory, listener_factory

pytestmark = [pytest.mark.django_db, pytest.mark.clause("TR-31")]


def url(name, *args):
    return "/en" + reverse(name, args=args)[3:]


def _physical_order_column() -> str:
    # What an attacker with read access orders by: the storage order of the rows.
    return "ctid" if connection.vendor == "postgresql" else "rowid"


def _rows(sql: str, params) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def six_answered_in_reverse(survey):
    """Six listeners answer, the last enrolled first; each remark names its author."""
    EnrolmentFactory(
        group=survey.group, listener=listener_factory(), status=Enrolment.Status.ADMITTED
    )
    EnrolmentFactory(
        group=survey.group, listener=listener_factory(), status=Enrolment.Status.ADMITTED
    )
    listeners = sorted(group_listeners(survey.group), key=lambda user: user.pk, reverse=True)
    assert len(listeners) == 6
    for listener in listeners:
        answer(survey, listener, remarks=f"by {listener.pk}")
    return survey, listeners


@pytest.mark.parametrize("order_by", ["physical", "id"])
def test_an_attacker_ordering_both_tables_cannot_pair_answers_with_listeners(
    six_answered_in_reverse, order_by
):
    survey, listeners = six_answered_in_reverse
    column = _physical_order_column() if order_by == "physical" else "id"
    respondents = _rows(
        f"SELECT listener_id FROM surveys_respondent WHERE survey_id = %s ORDER BY {column}",  # noqa: S608
        [survey.pk],
    )
    remarks = _rows(
        f"SELECT remarks FROM surveys_response WHERE survey_id = %s ORDER BY "  # noqa: S608
        f"{_physical_order_column()}",
        [survey.pk],
    )
    assert remarks == [f"by {listener.pk}" for listener in listeners]  # answers in answer order
    guessed = [f"by {listener_id}" for listener_id in respondents]
    matched = sum(1 for guess, real in zip(guessed, remarks, strict=True) if guess == real)
    assert matched == 0
    # The respondent rows tell who answered, in listener order – never when.
    assert respondents == sorted(listener.pk for listener in listeners)


def test_responses_carry_no_time_and_a_random_key(six_answered_in_reverse):
    survey, _listeners = six_answered_in_reverse
    columns = {field.get_internal_type() for field in Response._meta.concrete_fields}
    assert not columns & {"DateTimeField", "DateField", "TimeField", "AutoField", "BigAutoField"}
    keys = list(Response.objects.filter(survey=survey).values_list("pk", flat=True))
    assert all(key.version == 4 for key in keys)


def test_the_migration_reorders_respondents_written_in_answer_order(survey):
    from importlib import import_module

    listeners = sorted(group_listeners(survey.group), key=lambda user: user.pk, reverse=True)
    for listener in listeners:  # as the old code wrote them: appended on each answer
        Respondent.objects.create(survey=survey, listener=listener)
    migration = import_module("academy.surveys.migrations.0002_respondents_in_listener_order")
    migration.rewrite_respondents(apps, SimpleNamespace(connection=connection))
    physical = _rows(
        f"SELECT listener_id FROM surveys_respondent WHERE survey_id = %s ORDER BY "  # noqa: S608
        f"{_physical_order_column()}",
        [survey.pk],
    )
    assert physical == sorted(listener.pk for listener in listeners)


@pytest.fixture
def four_answered(survey, settings, lecturer):
    settings.SURVEY_MIN_RESPONSES = 5
    for n, listener in enumerate(group_listeners(survey.group)):
        answer(
            survey,
            listener,
            remarks=f"secret remark {n}",
            comments={lecturer: f"secret comment {n}"},
        )
    return survey


def test_results_of_a_group_below_the_minimum_are_withheld_on_the_results_page(
    client_as, methodologist, four_answered
):
    html = client_as(methodologist).get(url("surveys:survey_results", four_answered.pk))
    text = html.content.decode()
    assert 'data-testid="results-withheld"' in text
    assert "at least 5 listeners" in text
    assert "secret" not in text
    assert 'data-testid="question-table"' not in text


def test_results_of_a_group_below_the_minimum_are_withheld_from_the_xlsx(
    client_as, methodologist, four_answered
):
    response = client_as(methodologist).get(url("surveys:survey_results_xlsx", four_answered.pk))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Summary"]
    cells = [str(c) for row in workbook["Summary"].iter_rows(values_only=True) for c in row]
    assert "Withheld: fewer than 5 answers." in cells
    assert not [cell for cell in cells if "secret" in cell]


def test_a_lecturer_sees_no_rating_from_a_group_below_the_minimum(
    client_as, lecturer, methodologist, four_answered
):
    mine = client_as(lecturer).get(url("surveys:my_ratings")).content.decode()
    assert "secret comment" not in mine and 'data-testid="my-ratings"' not in mine
    overview = client_as(methodologist).get(url("surveys:lecturer_overview")).content.decode()
    assert lecturer.full_name not in overview


def test_the_fifth_answer_shows_the_results(client_as, methodologist, lecturer, four_answered):
    fifth = listener_factory()
    EnrolmentFactory(group=four_answered.group, listener=fifth, status=Enrolment.Status.ADMITTED)
    answer(four_answered, fifth, remarks="secret remark 5")
    text = client_as(methodologist).get(url("surveys:survey_results", four_answered.pk))
    assert "secret remark 5" in text.content.decode()
    mine = client_as(lecturer).get(url("surveys:my_ratings")).content.decode()
    assert "secret comment 0" in mine

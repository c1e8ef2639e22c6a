"""Pages of the final survey: role and object checks, refusals shown, XLSX export."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from academy.accounts.roles import Role
from academy.surveys import services
from academy.surveys.models import Respondent, Response, Survey
from academy.surveys.testing import answer, group_listeners
from academy.training.models import Enrolment
from academy.training.testing import EnrolmentFactory, LessonFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def url(name, *args, lang="en"):
    return f"/{lang}" + reverse(name, args=args)[3:]


def _form_data(survey, *, scores=(5, 4, 3), rating=5, remarks=""):
    from academy.surveys import selectors

    data = {
        "satisfaction": scores[0],
        "knowledge_use": scores[1],
        "effectiveness": scores[2],
        "remarks": remarks,
    }
    for lecturer in selectors.group_lecturers(survey.group):
        data[f"lecturer_{lecturer.pk}"] = rating
        data[f"lecturer_{lecturer.pk}_comment"] = ""
    return data


@pytest.fixture
def answered(survey, lecturer, second_lecturer):
    first, second, *_ = group_listeners(survey.group)
    answer(
        survey,
        first,
        scores=(5, 4, 3),
        ratings={lecturer: 5, second_lecturer: 2},
        remarks="Більше практики",
        comments={second_lecturer: "Секрет Петровой"},
    )
    answer(survey, second, scores=(4, 2, 3), ratings={lecturer: 4, second_lecturer: 3})
    return survey


# ---- Anonymous visitors ----


@pytest.mark.parametrize(
    ("name", "needs_pk"),
    [
        ("surveys:survey_list", False),
        ("surveys:my_surveys", False),
        ("surveys:my_ratings", False),
        ("surveys:lecturer_overview", False),
        ("surveys:survey_results", True),
        ("surveys:survey_answer", True),
        ("surveys:survey_results_xlsx", True),
        ("surveys:survey_open", True),
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, survey, name, needs_pk):
    response = client.get(url(name, *([survey.pk] if needs_pk else [])))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# ---- Opening ----


@pytest.mark.clause("TR-31")
def test_a_methodologist_opens_the_survey_from_the_group(client_as, methodologist, group):
    client = client_as(methodologist)
    response = client.get(url("surveys:group_survey", group.pk))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/surveys/groups/{group.pk}/open/")
    page = client.get(url("surveys:survey_open", group.pk))
    assert page.status_code == 200
    today = timezone.localdate()
    response = client.post(
        url("surveys:survey_open", group.pk),
        {"opens_on": today.isoformat(), "closes_on": (today + timedelta(days=5)).isoformat()},
    )
    survey = Survey.objects.get(group=group)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/surveys/{survey.pk}/")
    # From now on the group's link leads to the results.
    assert client.get(url("surveys:group_survey", group.pk))["Location"].endswith(
        f"/surveys/{survey.pk}/"
    )


@pytest.mark.clause("TR-31")
def test_opening_twice_shows_the_refusal_on_the_page(client_as, methodologist, survey):
    today = timezone.localdate()
    response = client_as(methodologist).post(
        url("surveys:survey_open", survey.group.pk),
        {"opens_on": today.isoformat(), "closes_on": today.isoformat()},
    )
    assert response.status_code == 200
    assert "already been opened" in response.content.decode()


@pytest.mark.parametrize("role", [Role.RECTOR, Role.LISTENER, Role.LECTURER])
def test_only_methodologists_and_administrators_open_surveys(client_as, make_persona, group, role):
    assert (
        client_as(make_persona(role)).get(url("surveys:survey_open", group.pk)).status_code == 403
    )


def test_a_methodologist_closes_the_survey(client_as, methodologist, survey):
    response = client_as(methodologist).post(url("surveys:survey_close", survey.pk))
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.closed_at is not None


def test_a_rector_cannot_close_the_survey(client_as, rector, survey):
    assert client_as(rector).post(url("surveys:survey_close", survey.pk)).status_code == 403


# ---- Answering ----


@pytest.mark.clause("TR-31")
def test_a_listener_sees_the_open_survey_and_answers_it(client_as, listener, survey, lecturer):
    client = client_as(listener)
    listing = client.get(url("surveys:my_surveys")).content.decode()
    assert reverse("surveys:survey_answer", args=[survey.pk])[3:] in listing
    page = client.get(url("surveys:survey_answer", survey.pk)).content.decode()
    assert lecturer.full_name in page
    response = client.post(url("surveys:survey_answer", survey.pk), _form_data(survey))
    assert response.status_code == 302
    assert Respondent.objects.filter(survey=survey, listener=listener).exists()
    assert "answered" in client.get(url("surveys:my_surveys")).content.decode()


@pytest.mark.clause("TR-31")
def test_the_dashboard_shows_the_listener_a_survey_tile(client_as, listener):
    page = client_as(listener).get(url("core:dashboard")).content.decode()
    assert reverse("surveys:my_surveys")[3:] in page


@pytest.mark.clause("TR-31")
def test_a_second_answer_is_refused_on_the_page(client_as, listener, survey):
    client = client_as(listener)
    client.post(url("surveys:survey_answer", survey.pk), _form_data(survey))
    response = client.post(url("surveys:survey_answer", survey.pk), _form_data(survey))
    assert response.status_code == 200
    assert "You have already answered this survey." in response.content.decode()
    assert Response.objects.count() == 1


@pytest.mark.clause("TR-31")
def test_an_answer_after_closing_is_refused_on_the_page(client_as, listener, survey, methodologist):
    services.survey_close(survey=survey, by=methodologist)
    client = client_as(listener)
    assert "closed" in client.get(url("surveys:survey_answer", survey.pk)).content.decode()
    response = client.post(url("surveys:survey_answer", survey.pk), _form_data(survey))
    assert response.status_code == 200
    assert "answers are no longer accepted" in response.content.decode()
    assert not Response.objects.exists()


@pytest.mark.clause("TR-31")
def test_the_refusal_is_translated(client_as, listener, survey):
    client = client_as(listener)
    client.post(url("surveys:survey_answer", survey.pk), _form_data(survey))
    response = client.post(url("surveys:survey_answer", survey.pk, lang="ru"), _form_data(survey))
    assert "Вы уже ответили на эту анкету." in response.content.decode()


def test_an_invalid_score_is_shown_on_the_form(client_as, listener, survey):
    response = client_as(listener).post(
        url("surveys:survey_answer", survey.pk), _form_data(survey, scores=(9, 4, 3))
    )
    assert response.status_code == 200
    assert not Response.objects.exists()


@pytest.mark.clause("TR-31")
def test_a_listener_cannot_see_another_groups_survey(client_as, survey):
    outsider = EnrolmentFactory(status=Enrolment.Status.ADMITTED).listener
    client = client_as(outsider)
    assert client.get(url("surveys:survey_answer", survey.pk)).status_code == 403
    assert (
        client.post(url("surveys:survey_answer", survey.pk), _form_data(survey)).status_code == 403
    )
    assert str(survey.group) not in client.get(url("surveys:my_surveys")).content.decode()


@pytest.mark.clause("TR-31")
def test_a_listener_cannot_see_results(client_as, listener, answered):
    client = client_as(listener)
    assert client.get(url("surveys:survey_results", answered.pk)).status_code == 403
    assert client.get(url("surveys:survey_results_xlsx", answered.pk)).status_code == 403
    assert client.get(url("surveys:lecturer_overview")).status_code == 403
    assert client.get(url("surveys:survey_list")).status_code == 403


# ---- Results ----


@pytest.mark.clause("TR-31")
@pytest.mark.parametrize(
    "role", [Role.METHODOLOGIST, Role.RECTOR, Role.VICE_RECTOR, Role.ADMINISTRATOR]
)
def test_staff_see_the_results_with_the_charts(client_as, make_persona, answered, role):
    page = client_as(make_persona(role)).get(url("surveys:survey_results", answered.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert "2 of 4 listeners answered (50.0%)" in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 2
    assert "4.50" in html  # satisfaction: (5 + 4) / 2
    assert "Більше практики" in html


@pytest.mark.clause("TR-31")
def test_results_do_not_name_the_respondents(client_as, methodologist, answered):
    html = client_as(methodologist).get(url("surveys:survey_results", answered.pk)).content.decode()
    for person in group_listeners(answered.group):
        assert person.surname not in html
        assert person.iin not in html


@pytest.mark.clause("TR-31")
def test_a_lecturer_sees_only_their_own_ratings(client_as, lecturer, second_lecturer, answered):
    client = client_as(lecturer)
    html = client.get(url("surveys:my_ratings")).content.decode()
    assert "4.50" in html  # (5 + 4) / 2
    assert second_lecturer.surname not in html
    assert "Секрет Петровой" not in html
    assert "2.50" not in html  # the other lecturer's mean
    assert client.get(url("surveys:survey_results", answered.pk)).status_code == 403
    assert client.get(url("surveys:lecturer_overview")).status_code == 403
    assert client.get(url("surveys:survey_results_xlsx", answered.pk)).status_code == 403
    # The other lecturer finds their own comment on their own page.
    assert (
        "Секрет Петровой"
        in client_as(second_lecturer).get(url("surveys:my_ratings")).content.decode()
    )


def test_the_rector_sees_every_lecturers_mean(
    client_as, rector, answered, lecturer, second_lecturer
):
    html = client_as(rector).get(url("surveys:lecturer_overview")).content.decode()
    assert lecturer.full_name in html and second_lecturer.full_name in html
    assert "4.50" in html and "2.50" in html
    assert 'class="chart"' in html


def test_the_survey_list_offers_groups_without_a_survey(client_as, methodologist, survey):
    waiting = ProgrammeFactory().group
    LessonFactory(programme=waiting.programme)
    html = client_as(methodologist).get(url("surveys:survey_list")).content.decode()
    assert reverse("surveys:survey_open", args=[waiting.pk])[3:] in html
    assert reverse("surveys:survey_results", args=[survey.pk])[3:] in html


def test_the_group_page_links_to_its_survey(client_as, methodologist, group):
    html = client_as(methodologist).get(url("training:group_detail", group.pk)).content.decode()
    assert reverse("surveys:group_survey", args=[group.pk])[3:] in html


@pytest.mark.clause("TR-31")
def test_the_xlsx_export_has_the_figures(
    client_as, vice_rector, answered, lecturer, second_lecturer
):
    response = client_as(vice_rector).get(url("surveys:survey_results_xlsx", answered.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Summary", "Questions", "Lecturers", "Remarks"]
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(values_only=True)}
    assert (summary["Listeners"], summary["Responses"], summary["Response rate, %"]) == (4, 2, 50.0)
    questions = list(workbook["Questions"].iter_rows(values_only=True))
    assert questions[0][:3] == ("Question", "Mean", "Answers")
    assert questions[1][1:] == (4.5, 2, 0, 0, 0, 1, 1)  # satisfaction 5 and 4
    assert questions[2][1:] == (3.0, 2, 0, 1, 0, 1, 0)  # knowledge use 4 and 2
    lecturers = {row[0]: row[1:3] for row in workbook["Lecturers"].iter_rows(values_only=True)}
    assert lecturers[lecturer.full_name] == (4.5, 2)
    assert lecturers[second_lecturer.full_name] == (2.5, 2)
    remarks = [row[0] for row in workbook["Remarks"].iter_rows(min_row=2, values_only=True)]
    assert remarks == ["Більше практики"]


def test_a_remark_that_looks_like_a_formula_stays_text(client_as, methodologist, survey):
    answer(survey, group_listeners(survey.group)[0], remarks='=HYPERLINK("http://x")')
    response = client_as(methodologist).get(url("surveys:survey_results_xlsx", survey.pk))
    cell = load_workbook(io.BytesIO(response.content))["Remarks"]["A2"]
    assert cell.data_type == "s"

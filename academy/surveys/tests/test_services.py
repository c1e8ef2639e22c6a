"""Opening, closing and answering the final survey (TR-31), and every refusal."""

from datetime import timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from academy.accounts.roles import Role
from academy.surveys import services
from academy.surveys.models import LecturerRating, Respondent, Response, Survey
from academy.surveys.testing import answer, group_listeners
from academy.training.models import Enrolment
from academy.training.testing import EnrolmentFactory, GroupFactory, listener_factory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # The default language is Kazakh; the messages are checked in their English source.
    with translation.override("en"):
        yield


def _codes(excinfo) -> set[str]:
    error = excinfo.value
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def _open(group, by, **dates):
    today = timezone.localdate()
    return services.survey_open(
        group=group,
        opens_on=dates.get("opens_on", today),
        closes_on=dates.get("closes_on", today + timedelta(days=7)),
        by=by,
    )


# ---- Opening and closing ----


@pytest.mark.clause("TR-31")
def test_a_methodologist_opens_a_survey_and_it_is_audited(group, methodologist):
    survey = _open(group, methodologist)
    assert survey.is_open
    assert survey.opened_by == methodologist
    entry = LogEntry.objects.get(additional_data__event="survey_opened")
    assert entry.actor == methodologist
    assert entry.object_pk == str(survey.pk)


@pytest.mark.clause("TR-31")
def test_an_administrator_may_open_a_survey(group, administrator):
    assert _open(group, administrator).pk


@pytest.mark.clause("TR-31")
@pytest.mark.parametrize("role", [Role.LISTENER, Role.LECTURER, Role.RECTOR])
def test_it_refuses_to_open_for_other_roles(group, make_persona, role):
    with pytest.raises(ValidationError) as excinfo:
        _open(group, make_persona(role))
    assert _codes(excinfo) == {"role"}
    assert not Survey.objects.exists()


@pytest.mark.clause("TR-31")
def test_it_refuses_a_second_survey_for_the_same_group(group, methodologist):
    _open(group, methodologist)
    with pytest.raises(ValidationError) as excinfo:
        _open(group, methodologist)
    assert _codes(excinfo) == {"exists"}
    assert "already been opened" in str(excinfo.value)


@pytest.mark.clause("TR-31")
def test_the_database_also_allows_one_survey_per_group(survey, methodologist):
    today = timezone.localdate()
    with pytest.raises(IntegrityError), transaction.atomic():
        Survey.objects.create(
            group=survey.group, opens_on=today, closes_on=today, opened_by=methodologist
        )


@pytest.mark.clause("TR-31")
def test_it_refuses_a_group_without_a_programme(methodologist):
    with pytest.raises(ValidationError) as excinfo:
        _open(GroupFactory(), methodologist)
    assert _codes(excinfo) == {"no_programme"}


@pytest.mark.clause("TR-31")
def test_it_refuses_a_programme_without_lecturers(methodologist):
    from academy.training.testing import LessonFactory, ProgrammeFactory

    programme = ProgrammeFactory()
    LessonFactory(programme=programme, lecturer=None)
    with pytest.raises(ValidationError) as excinfo:
        _open(programme.group, methodologist)
    assert _codes(excinfo) == {"no_lecturers"}


@pytest.mark.clause("TR-31")
def test_it_refuses_dates_out_of_order_or_past(group, methodologist):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as excinfo:
        _open(group, methodologist, opens_on=today + timedelta(days=3), closes_on=today)
    assert "closes_on" in excinfo.value.error_dict
    with pytest.raises(ValidationError) as excinfo:
        _open(
            group,
            methodologist,
            opens_on=today - timedelta(days=9),
            closes_on=today - timedelta(days=2),
        )
    assert "closes_on" in excinfo.value.error_dict


@pytest.mark.clause("TR-31")
def test_closing_a_survey_is_audited_and_cannot_be_repeated(survey, methodologist):
    services.survey_close(survey=survey, by=methodologist)
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    assert LogEntry.objects.filter(additional_data__event="survey_closed").count() == 1
    with pytest.raises(ValidationError) as excinfo:
        services.survey_close(survey=survey, by=methodologist)
    assert _codes(excinfo) == {"closed"}


def test_a_listener_cannot_close_a_survey(survey, listener):
    with pytest.raises(ValidationError):
        services.survey_close(survey=survey, by=listener)


# ---- Answering ----


@pytest.mark.clause("TR-31")
@pytest.mark.clause("TR-8")
def test_a_listener_answers_once_and_the_answer_does_not_name_them(
    survey, listener, lecturer, second_lecturer
):
    answer(
        survey,
        listener,
        scores=(5, 4, 3),
        ratings={lecturer: 5, second_lecturer: 2},
        remarks="  More practice, please.  ",
        comments={second_lecturer: "Too fast"},
    )
    response = Response.objects.get()
    assert (response.satisfaction, response.knowledge_use, response.effectiveness) == (5, 4, 3)
    assert response.remarks == "More practice, please."
    assert dict(LecturerRating.objects.values_list("lecturer", "score")) == {
        lecturer.pk: 5,
        second_lecturer.pk: 2,
    }
    assert Respondent.objects.get().listener == listener
    # Anonymity: no field of the answer refers to a user other than the rated lecturers.
    user_fields = [
        f.name
        for f in Response._meta.get_fields()
        if f.is_relation and f.related_model and f.related_model._meta.label == "accounts.User"
    ]
    assert user_fields == []
    assert not [f for f in Respondent._meta.get_fields() if f.related_model is Response]
    # Nothing about the answer is in the audit log (its entries name the actor).
    assert not LogEntry.objects.filter(actor=listener).exists()


@pytest.mark.clause("TR-31")
def test_a_completed_listener_may_answer(survey):
    completed = EnrolmentFactory(group=survey.group, status=Enrolment.Status.COMPLETED)
    answer(survey, completed.listener)
    assert Respondent.objects.filter(listener=completed.listener).exists()


@pytest.mark.clause("TR-31")
def test_it_refuses_a_second_answer(survey, listener):
    answer(survey, listener)
    with pytest.raises(ValidationError) as excinfo:
        answer(survey, listener)
    assert _codes(excinfo) == {"duplicate"}
    assert "already answered" in str(excinfo.value)
    assert Response.objects.count() == 1


@pytest.mark.clause("TR-31")
def test_it_refuses_a_listener_of_another_group(survey):
    outsider = EnrolmentFactory(status=Enrolment.Status.ADMITTED).listener
    with pytest.raises(ValidationError) as excinfo:
        answer(survey, outsider)
    assert _codes(excinfo) == {"not_member"}
    assert not Response.objects.exists()


@pytest.mark.clause("TR-31")
@pytest.mark.parametrize(
    "status",
    [
        Enrolment.Status.LISTED,
        Enrolment.Status.WITHDRAWN,
        Enrolment.Status.REPLACED,
        Enrolment.Status.EXPELLED,
    ],
)
def test_it_refuses_a_listener_not_admitted_or_withdrawn_or_expelled(survey, status):
    enrolment = EnrolmentFactory(group=survey.group, listener=listener_factory(), status=status)
    with pytest.raises(ValidationError) as excinfo:
        answer(survey, enrolment.listener)
    assert _codes(excinfo) == {"not_member"}


@pytest.mark.clause("TR-31")
def test_it_refuses_an_answer_after_the_closing_date(survey, listener):
    later = timezone.now() + timedelta(days=8)
    with time_machine.travel(later), pytest.raises(ValidationError) as excinfo:
        answer(survey, listener)
    assert _codes(excinfo) == {"closed"}
    assert "closed" in str(excinfo.value)


@pytest.mark.clause("TR-31")
def test_it_refuses_an_answer_after_the_survey_was_closed_early(survey, listener, methodologist):
    services.survey_close(survey=survey, by=methodologist)
    with pytest.raises(ValidationError) as excinfo:
        answer(survey, listener)
    assert _codes(excinfo) == {"closed"}


@pytest.mark.clause("TR-31")
def test_it_refuses_an_answer_before_the_survey_opens(group, methodologist, listener):
    today = timezone.localdate()
    survey = _open(
        group,
        methodologist,
        opens_on=today + timedelta(days=2),
        closes_on=today + timedelta(days=5),
    )
    with pytest.raises(ValidationError) as excinfo:
        answer(survey, listener)
    assert _codes(excinfo) == {"not_open"}


@pytest.mark.clause("TR-31")
def test_it_refuses_a_rating_of_someone_who_is_not_a_lecturer_of_the_group(
    survey, listener, lecturer, second_lecturer, make_persona
):
    stranger = make_persona(Role.LECTURER)
    with pytest.raises(ValidationError) as excinfo:
        answer(survey, listener, ratings={lecturer: 5, second_lecturer: 4, stranger: 1})
    assert _codes(excinfo) == {"not_lecturer"}
    assert "Only the lecturers of this group" in str(excinfo.value)
    assert not Respondent.objects.exists()


@pytest.mark.clause("TR-31")
def test_it_requires_a_rating_of_every_lecturer(survey, listener, lecturer):
    with pytest.raises(ValidationError) as excinfo:
        answer(survey, listener, ratings={lecturer: 5})
    assert _codes(excinfo) == {"lecturer_missing"}


@pytest.mark.clause("TR-31")
@pytest.mark.parametrize("scores", [(0, 3, 3), (3, 6, 3), (3, 3, -1)])
def test_it_refuses_scores_outside_1_to_5(survey, listener, scores):
    with pytest.raises(ValidationError) as excinfo:
        answer(survey, listener, scores=scores)
    assert _codes(excinfo) == {"score"}
    assert not Respondent.objects.exists()


@pytest.mark.clause("TR-31")
def test_it_refuses_a_lecturer_rating_outside_1_to_5(survey, listener, lecturer, second_lecturer):
    with pytest.raises(ValidationError) as excinfo:
        answer(survey, listener, ratings={lecturer: 6, second_lecturer: 3})
    assert _codes(excinfo) == {"score"}


@pytest.mark.clause("TR-31")
@pytest.mark.parametrize("field", ["satisfaction", "knowledge_use", "effectiveness"])
def test_the_database_checks_the_1_to_5_range(survey, field):
    values = {"satisfaction": 3, "knowledge_use": 3, "effectiveness": 3, field: 6}
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, **values)


@pytest.mark.clause("TR-31")
def test_the_database_checks_the_lecturer_rating_range(survey, lecturer):
    response = Response.objects.create(
        survey=survey, satisfaction=3, knowledge_use=3, effectiveness=3
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        LecturerRating.objects.create(response=response, lecturer=lecturer, score=0)


def test_every_listener_of_the_group_can_answer(survey):
    for person in group_listeners(survey.group):
        answer(survey, person)
    assert Respondent.objects.count() == Response.objects.count() == 4

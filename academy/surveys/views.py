"""Pages of the final survey (TR-31): thin views over services and selectors."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy.accounts.permissions import role_required, user_has_role
from academy.accounts.roles import Role
from academy.core.service_calls import run_service as _attempt
from academy.training.models import Group

from . import exports, selectors, services
from .forms import ResponseForm, SurveyOpenForm
from .models import Survey

STAFF = selectors.STAFF_ROLES
MANAGE = selectors.MANAGE_ROLES


def _survey(pk: int) -> Survey:
    return get_object_or_404(Survey.objects.select_related("group", "group__course"), pk=pk)


@role_required(*STAFF)
def survey_list(request: HttpRequest) -> HttpResponse:
    can_manage = user_has_role(request.user, *MANAGE)
    return render(
        request,
        "surveys/survey_list.html",
        {
            "surveys": selectors.surveys_list(),
            "groups": selectors.groups_without_survey()[:30] if can_manage else [],
            "can_manage": can_manage,
        },
    )


@role_required(*STAFF)
def group_survey(request: HttpRequest, pk: int) -> HttpResponse:
    """From a group's page: its survey's results, or the form to open one."""
    group = get_object_or_404(Group, pk=pk)
    survey = Survey.objects.filter(group=group).first()
    if survey is not None:
        return redirect(survey)
    if user_has_role(request.user, *MANAGE):
        return redirect("surveys:survey_open", pk=group.pk)
    # Rector and vice-rector follow the group page's link before the survey is opened:
    # tell them so instead of a dead link.
    return render(request, "surveys/group_survey_none.html", {"group": group})


@role_required(*MANAGE)
def survey_open(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(Group.objects.select_related("course"), pk=pk)
    form = SurveyOpenForm(request.POST or None, group=group)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := _attempt(
                request,
                lambda: services.survey_open(group=group, by=request.user, **form.cleaned_data),
                form=form,
            )
        )
    ):
        messages.success(request, _("The final survey is open to the group's listeners."))
        return redirect(done.result)
    return render(
        request,
        "surveys/survey_open.html",
        {"form": form, "group": group, "lecturers": selectors.group_lecturers(group)},
    )


@role_required(*STAFF)
def survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    results = selectors.survey_results(survey)
    return render(
        request,
        "surveys/survey_results.html",
        {
            "survey": survey,
            "results": results,
            "question_rows": [
                (question.short_label, question.mean or 0) for question in results.questions
            ],
            "lecturer_rows": [
                (row.lecturer.short_name, row.mean or 0) for row in results.lecturers
            ],
            "can_manage": user_has_role(request.user, *MANAGE),
        },
    )


@require_POST
@role_required(*MANAGE)
def survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    if _attempt(request, lambda: services.survey_close(survey=survey, by=request.user)):
        messages.success(request, _("The survey is closed."))
    return redirect(survey)


@role_required(*STAFF)
def survey_results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    response = HttpResponse(
        exports.survey_results_xlsx(selectors.survey_results(survey)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}.xlsx"'
    return response


@role_required(Role.LISTENER)
def my_surveys(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "surveys/my_surveys.html",
        {"items": selectors.listener_open_surveys(request.user)},
    )


@role_required(Role.LISTENER)
def survey_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """TR-31, TR-8: a listener of the group answers the questionnaire once."""
    survey = _survey(pk)
    if not selectors.is_eligible_listener(request.user, survey.group):
        raise PermissionDenied  # another group's survey is none of this listener's business
    form = ResponseForm(request.POST or None, lecturers=selectors.group_lecturers(survey.group))
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.response_submit(
                survey=survey, by=request.user, **form.service_arguments()
            ),
            form=form,
        )
    ):
        messages.success(request, _("Thank you: your answers have been recorded anonymously."))
        return redirect("surveys:my_surveys")
    return render(
        request,
        "surveys/survey_answer.html",
        {
            "survey": survey,
            "form": form,
            "answered": selectors.has_responded(request.user, survey),
        },
    )


@role_required(Role.LECTURER)
def my_ratings(request: HttpRequest) -> HttpResponse:
    """A lecturer's own ratings only; other lecturers' ratings are never shown here."""
    rows = selectors.lecturer_own_ratings(request.user)
    return render(
        request,
        "surveys/my_ratings.html",
        {
            "rows": rows,
            "min_responses": selectors.min_responses(),
            "chart_rows": [
                (
                    f"{Truncator(str(row.survey.group.course)).chars(28)} – {row.survey.group.name}",
                    row.mean,
                )
                for row in rows
            ],
        },
    )


@role_required(*STAFF)
def lecturer_overview(request: HttpRequest) -> HttpResponse:
    rows = selectors.lecturers_overview()
    return render(
        request,
        "surveys/lecturer_overview.html",
        {
            "rows": rows,
            "min_responses": selectors.min_responses(),
            "chart_rows": [(row.lecturer.short_name, row.mean) for row in rows],
        },
    )

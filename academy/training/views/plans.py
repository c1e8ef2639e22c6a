"""Training pages: Schedule plan and study plan (TR-10..TR-12)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy.accounts.permissions import role_required, user_has_role
from academy.accounts.roles import Role
from academy.core.service_calls import run_service as _attempt

from .. import forms as training_forms
from .. import selectors, services
from ..models import (
    SchedulePlan,
    SchedulePlanRow,
    StudyPlan,
    StudyPlanTopic,
)
from .common import MANAGE, VIEW


@role_required(*VIEW)
def schedule_plan_list(request: HttpRequest) -> HttpResponse:
    form = training_forms.SchedulePlanForm(request.POST or None)
    if request.method == "POST":
        if not user_has_role(request.user, *MANAGE):
            raise PermissionDenied
        if form.is_valid() and (
            done := _attempt(
                request,
                lambda: services.schedule_plan_create(by=request.user, **form.cleaned_data),
                form=form,
            )
        ):
            return redirect(done.result)
    return render(
        request,
        "training/plan_list.html",
        {
            "plans": selectors.schedule_plans(),
            "form": form,
            "kind": "schedule",
            "can_manage": user_has_role(request.user, *MANAGE),
        },
    )


@role_required(*VIEW)
def study_plan_list(request: HttpRequest) -> HttpResponse:
    form = training_forms.StudyPlanForm(request.POST or None)
    if request.method == "POST":
        if not user_has_role(request.user, *MANAGE):
            raise PermissionDenied
        if form.is_valid() and (
            done := _attempt(
                request,
                lambda: services.study_plan_create(by=request.user, **form.cleaned_data),
                form=form,
            )
        ):
            return redirect(done.result)
    return render(
        request,
        "training/plan_list.html",
        {
            "plans": selectors.study_plans(),
            "form": form,
            "kind": "study",
            "can_manage": user_has_role(request.user, *MANAGE),
        },
    )


@role_required(*VIEW)
def schedule_plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(SchedulePlan, pk=pk)
    form = training_forms.ScheduleRowForm(request.POST or None)
    if request.method == "POST":
        if not user_has_role(request.user, *MANAGE):
            raise PermissionDenied
        if form.is_valid() and _attempt(
            request,
            lambda: services.schedule_plan_row_add(plan=plan, by=request.user, **form.cleaned_data),
            form=form,
            success=_("The row has been added."),
        ):
            return redirect(plan)
    return render(
        request,
        "training/plan_detail.html",
        {
            "plan": plan,
            "items": plan.rows.prefetch_related("courses"),
            "form": form,
            "kind": "schedule",
            **_plan_flags(request),
        },
    )


@role_required(*VIEW)
def study_plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(StudyPlan, pk=pk)
    form = training_forms.StudyTopicForm(request.POST or None)
    if request.method == "POST":
        if not user_has_role(request.user, *MANAGE):
            raise PermissionDenied
        if form.is_valid() and _attempt(
            request,
            lambda: services.study_plan_topic_add(plan=plan, by=request.user, **form.cleaned_data),
            form=form,
            success=_("The topic has been added."),
        ):
            return redirect(plan)
    return render(
        request,
        "training/plan_detail.html",
        {
            "plan": plan,
            "items": plan.topics.select_related("lecturer"),
            "form": form,
            "kind": "study",
            **_plan_flags(request),
        },
    )


PLAN_STEPS = {
    "council": services.plan_agree_council,
    "supreme_court": services.plan_agree_supreme_court,
    "approve": services.plan_approve,
}


@require_POST
@role_required(Role.METHODOLOGIST, Role.RECTOR)
def plan_step(request: HttpRequest, kind: str, pk: int, step: str) -> HttpResponse:
    model = {"schedule": SchedulePlan, "study": StudyPlan}.get(kind)
    if model is None or step not in PLAN_STEPS:
        raise Http404
    plan = get_object_or_404(model, pk=pk)
    _attempt(
        request,
        lambda: PLAN_STEPS[step](plan=plan, by=request.user),
        success=_("The plan's status has been updated."),
    )
    return redirect(plan)


@require_POST
@role_required(*MANAGE)
def plan_new_version(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model = {"schedule": SchedulePlan, "study": StudyPlan}.get(kind)
    if model is None:
        raise Http404
    plan = get_object_or_404(model, pk=pk)
    create = (
        services.schedule_plan_new_version
        if kind == "schedule"
        else services.study_plan_new_version
    )
    if done := _attempt(request, lambda: create(plan=plan, by=request.user)):
        messages.success(request, _("A new draft version has been created."))
        return redirect(done.result)
    return redirect(plan)


@require_POST
@role_required(*MANAGE)
def plan_item_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind == "schedule":
        item = get_object_or_404(SchedulePlanRow, pk=pk)
        _attempt(request, lambda: services.schedule_plan_row_delete(row=item, by=request.user))
    elif kind == "study":
        item = get_object_or_404(StudyPlanTopic, pk=pk)
        _attempt(request, lambda: services.study_plan_topic_delete(topic=item, by=request.user))
    else:
        raise Http404
    return redirect(item.plan)


def _plan_flags(request: HttpRequest) -> dict[str, bool]:
    """Which plan buttons to show; the services refuse the rest anyway."""
    return {
        "can_manage": user_has_role(request.user, *MANAGE),
        "can_agree": user_has_role(request.user, Role.METHODOLOGIST),
        "is_rector": user_has_role(request.user, Role.RECTOR),
    }

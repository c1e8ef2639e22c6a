"""Training pages: Courses and groups (TR-5, TR-16, TR-17)."""

from datetime import timedelta
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy.accounts.permissions import role_required, user_has_role
from academy.accounts.roles import Role
from academy.core.media import serve_file
from academy.core.service_calls import run_service as _attempt

from .. import forms as training_forms
from .. import selectors, services
from ..models import (
    Attendance,
    Course,
    Group,
    Material,
    SchedulePlanRow,
)
from .common import LIST_ROLES, MANAGE, MATERIAL_ROLES, VIEW_GROUPS, _group_for


@role_required(*VIEW_GROUPS)
def course_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "training/course_list.html",
        {"courses": selectors.courses_list(), "can_manage": user_has_role(request.user, *MANAGE)},
    )


@role_required(*MANAGE)
def course_create(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    row = SchedulePlanRow.objects.filter(pk=request.GET.get("row") or 0).first()
    if row is not None:
        initial = {
            "title_kk": row.title,
            "kind": row.kind,
            "audience": row.audience,
            "start_date": row.start_date,
            "end_date": row.end_date,
            "schedule_row": row,
        }
    form = training_forms.CourseForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := _attempt(
                request,
                lambda: services.course_create(by=request.user, **form.cleaned_data),
                form=form,
            )
        )
    ):
        messages.success(request, _("The course has been created."))
        return redirect(done.result)
    return render(request, "training/form_page.html", {"form": form, "title": _("New course")})


@role_required(*VIEW_GROUPS)
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        course = selectors.course_detail(pk)
    except Course.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "training/course_detail.html",
        {
            "course": course,
            "is_rector": user_has_role(request.user, Role.RECTOR),
            "can_manage": user_has_role(request.user, *MANAGE),
        },
    )


@require_POST
@role_required(Role.RECTOR)
def course_approve(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(Course, pk=pk)
    _attempt(
        request,
        lambda: services.course_approve(course=course, by=request.user),
        success=_("The course is approved."),
    )
    return redirect(course)


def _online_course_link(user: Any, group: Group) -> dict[str, Any]:
    """The group's online course (academy.learning, IS-13) for those who may open or start it."""
    from academy.learning import selectors as learning

    course = getattr(group, "online_course", None)
    if course is not None:
        return {"online_course": course if learning.can_view_course(user, course) else None}
    return {"can_start_online_course": learning.can_author(user, group)}


@role_required(*MANAGE)
def group_create(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(Course, pk=pk)
    form = training_forms.GroupForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := _attempt(
                request,
                lambda: services.group_create(course=course, by=request.user, **form.cleaned_data),
                form=form,
            )
        )
    ):
        messages.success(request, _("The group has been created."))
        return redirect(done.result)
    return render(
        request,
        "training/form_page.html",
        {"form": form, "title": _("New group"), "subtitle": course},
    )


@role_required(*VIEW_GROUPS, Role.LECTURER)
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group_for(request, pk)
    today = timezone.localdate()
    enrolments = selectors.group_enrolments(group).annotate(
        present=Count("attendance", filter=Q(attendance__mark=Attendance.Mark.PRESENT)),
        excused=Count("attendance", filter=Q(attendance__mark=Attendance.Mark.EXCUSED)),
        unexcused=Count("attendance", filter=Q(attendance__mark=Attendance.Mark.UNEXCUSED)),
    )
    low, high = services.SIZE_BOUNDS[Group.Audience(group.audience)]
    list_deadline = services.group_list_deadline(group)
    programme = getattr(group, "programme", None)
    return render(
        request,
        "training/group_detail.html",
        {
            "group": group,
            "enrolments": enrolments,
            "size": sum(1 for e in enrolments if e.status in ("listed", "admitted")),
            "low": low,
            "high": high,
            "list_deadline": list_deadline,
            "list_due_soon": not group.list_received_at
            and today >= list_deadline - timedelta(days=2),
            "list_overdue": not group.list_received_at and today > list_deadline,
            "programme": programme,
            "orders": selectors.group_orders(group),
            "materials": group.materials.all(),
            "upload_form": training_forms.ListUploadForm(),
            "row_form": training_forms.ListRowForm(),
            "confirm_form": training_forms.ConfirmGroupForm(),
            "material_form": training_forms.MaterialForm(),
            "can_list": user_has_role(request.user, *LIST_ROLES),
            "can_manage": user_has_role(request.user, *MANAGE),
            "can_share": user_has_role(request.user, *MANAGE, Role.LECTURER),
            # Lecturers reach this page only for groups they teach.
            "can_download": user_has_role(request.user, *selectors.MANAGER_ROLES, Role.LECTURER),
            # TR-31: the group's final survey (academy.surveys) – results for the managers.
            "can_view_survey": user_has_role(request.user, *selectors.MANAGER_ROLES),
            # Certificates and references (the documents app) are for the managers.
            "can_see_documents": user_has_role(request.user, *selectors.MANAGER_ROLES),
            **_online_course_link(request.user, group),
        },
    )


@require_POST
@role_required(*LIST_ROLES)
def group_list_upload(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(Group.objects.select_related("course"), pk=pk)
    form = training_forms.ListUploadForm(request.POST, request.FILES)
    result = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if done := _attempt(
            request,
            lambda: services.group_list_import(
                group=group, content=upload, filename=upload.name, by=request.user
            ),
            form=form,
        ):
            result = done.result
    return render(
        request, "training/list_result.html", {"group": group, "form": form, "result": result}
    )


@require_POST
@role_required(*LIST_ROLES)
def group_list_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(Group.objects.select_related("course"), pk=pk)
    form = training_forms.ListRowForm(request.POST)
    if form.is_valid():
        _attempt(
            request,
            lambda: services.group_list_add_row(group=group, by=request.user, **form.cleaned_data),
            success=_("The listener has been added to the list."),
        )
    else:
        messages.error(request, _("Check the IIN."))
    return redirect(group)


@require_POST
@role_required(*MANAGE)
def group_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(Group.objects.select_related("course"), pk=pk)
    form = training_forms.ConfirmGroupForm(request.POST)
    form.is_valid()
    _attempt(
        request,
        lambda: services.group_confirm(
            group=group,
            by=request.user,
            override_reason=form.cleaned_data.get("override_reason", ""),
        ),
        success=_("The group is confirmed."),
    )
    return redirect(group)


@require_POST
@role_required(*MANAGE, Role.LECTURER)
def material_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group_for(request, pk)
    form = training_forms.MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        _attempt(
            request,
            lambda: services.material_add(group=group, by=request.user, **form.cleaned_data),
            success=_("The material has been shared with the group."),
        )
    return redirect(group)


@role_required(*MATERIAL_ROLES)
def material_download(request: HttpRequest, pk: int) -> HttpResponse:
    """TR-8: a material file, only for those the group's materials are meant for."""
    material = get_object_or_404(Material, pk=pk)
    if not selectors.can_download_material(request.user, material):
        raise PermissionDenied
    return serve_file(material.file, filename=Path(material.file.name or "").name)

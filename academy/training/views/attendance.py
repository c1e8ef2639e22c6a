"""Training pages: Attendance register (TR-18)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from academy.accounts.permissions import role_required
from academy.accounts.roles import Role
from academy.core.service_calls import run_service as _attempt

from .. import selectors, services
from ..models import (
    Attendance,
    Enrolment,
    Lesson,
)
from ..services.attendance import can_mark


def _lesson_for_marking(request: HttpRequest, pk: int) -> Lesson:
    lesson = get_object_or_404(
        Lesson.objects.select_related("programme__group__course", "lecturer"), pk=pk
    )
    if not can_mark(request.user, lesson):
        raise PermissionDenied
    return lesson


@role_required(Role.LECTURER, Role.METHODOLOGIST)
def attendance_register(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _lesson_for_marking(request, pk)
    return render(
        request,
        "training/attendance.html",
        {
            "lesson": lesson,
            "rows": selectors.attendance_grid(lesson),
            "marks": Attendance.Mark.choices,
            "started": lesson.starts_at is not None
            and timezone.localtime(lesson.starts_at).date() <= timezone.localdate(),
        },
    )


@require_POST
@role_required(Role.LECTURER, Role.METHODOLOGIST)
def attendance_mark(request: HttpRequest, pk: int, enrolment_pk: int) -> HttpResponse:
    lesson = _lesson_for_marking(request, pk)
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("listener"), pk=enrolment_pk, group=lesson.programme.group
    )
    mark = request.POST.get("mark", "")
    error = ""
    if mark not in Attendance.Mark.values:
        error = _("Choose a mark.")
    else:
        try:
            services.attendance_mark(lesson=lesson, enrolment=enrolment, mark=mark, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    current = dict(lesson.attendance.values_list("enrolment_id", "mark")).get(enrolment.pk, "")
    context = {
        "lesson": lesson,
        "enrolment": enrolment,
        "mark": current,
        "marks": Attendance.Mark.choices,
        "error": error,
        "started": True,
    }
    if request.htmx:
        return render(request, "training/_attendance_row.html", context)
    if error:
        messages.error(request, error)
    return redirect("training:attendance", pk=lesson.pk)


@require_POST
@role_required(Role.LECTURER, Role.METHODOLOGIST)
def attendance_rest_present(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _lesson_for_marking(request, pk)
    if done := _attempt(
        request,
        lambda: services.attendance_mark_rest_present(lesson=lesson, by=request.user),
    ):
        messages.success(
            request,
            ngettext(
                "%(count)s listener marked present.",
                "%(count)s listeners marked present.",
                done.result,
            )
            % {"count": done.result},
        )
    return redirect("training:attendance", pk=lesson.pk)

"""Training pages: Course programme and timetable (TR-13, TR-19, TR-20)."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy.accounts.permissions import role_required, user_has_role
from academy.accounts.roles import Role
from academy.core.service_calls import run_service as _attempt

from .. import forms as training_forms
from .. import selectors, services
from ..models import (
    CourseProgramme,
    Lesson,
)
from .common import MANAGE, VIEW, _group_for


@role_required(*VIEW, Role.LECTURER)
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group_for(request, pk)
    programme = getattr(group, "programme", None)
    can_manage = user_has_role(request.user, *MANAGE)
    form = training_forms.ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            if programme is None:
                ok = _attempt(
                    request,
                    lambda: services.programme_create(group=group, by=request.user, **data),
                    form=form,
                    success=_("The programme has been created."),
                )
            else:
                programme.refresh_from_db()
                ok = _attempt(
                    request,
                    lambda: services.programme_set_exam(
                        programme=programme, by=request.user, **data
                    ),
                    form=form,
                    success=_("The exam has been changed."),
                )
            if ok:
                return redirect("training:programme", pk=group.pk)
    today = timezone.localdate()
    deadline = services.programme_deadline(group)
    return render(
        request,
        "training/programme.html",
        {
            "group": group,
            "programme": programme,
            "form": form,
            "lessons": selectors.programme_lessons(programme) if programme else [],
            "lesson_form": training_forms.LessonForm(),
            "questions_form": training_forms.QuestionsForm(
                initial={"questions": programme.sample_questions if programme else ""}
            ),
            "deadline": deadline,
            # TR-13: warn from 5 days before the start (2 days before the deadline).
            "deadline_warning": (programme is None or not programme.sent_at)
            and today >= deadline - timedelta(days=2),
            "limit_errors": services.course_limit_errors(
                group.course, list(programme.lessons.all())
            )
            if programme
            else [],
            "notice_days": services.exam_notice_days(group),
            "can_manage": can_manage,
            "is_rector": user_has_role(request.user, Role.RECTOR),
            "study_plan": group.course.study_plan,
        },
    )


def _programme(pk: int) -> CourseProgramme:
    return get_object_or_404(CourseProgramme.objects.select_related("group__course"), pk=pk)


@require_POST
@role_required(*MANAGE)
def lesson_add(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    form = training_forms.LessonForm(request.POST)
    if form.is_valid():
        _attempt(
            request,
            lambda: services.lesson_add(programme=programme, by=request.user, **form.cleaned_data),
            success=_("The class has been added to the timetable."),
        )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("training:programme", pk=programme.group_id)


@role_required(*MANAGE)
def lesson_change(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = get_object_or_404(Lesson.objects.select_related("programme__group"), pk=pk)
    form = training_forms.LessonChangeForm(
        request.POST or None,
        initial={
            "topic": lesson.topic_kk or lesson.topic,
            "topic_ru": lesson.topic_ru,
            "topic_en": lesson.topic_en,
            "lecturer": lesson.lecturer,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.lesson_change(lesson=lesson, by=request.user, **form.cleaned_data),
            form=form,
            success=_("The change has been recorded."),
        )
    ):
        return redirect("training:programme", pk=lesson.programme.group_id)
    return render(
        request,
        "training/form_page.html",
        {"form": form, "title": _("Change the topic or lecturer"), "subtitle": lesson},
    )


@require_POST
@role_required(*MANAGE)
def programme_fill(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the programme's classes from the approved study plan (TR-11..TR-13)."""
    programme = _programme(pk)
    if done := _attempt(
        request,
        lambda: services.programme_fill_from_study_plan(programme=programme, by=request.user),
    ):
        messages.success(
            request,
            _(
                "%(count)s classes have been taken from the study plan; set the date and time of each."
            )
            % {"count": len(done.result)},
        )
    return redirect("training:programme", pk=programme.group_id)


@role_required(*MANAGE)
def lesson_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = get_object_or_404(Lesson.objects.select_related("programme__group__course"), pk=pk)
    form = training_forms.LessonScheduleForm(request.POST or None, instance=lesson)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.lesson_schedule(
                lesson=Lesson.objects.get(pk=lesson.pk), by=request.user, **form.cleaned_data
            ),
            form=form,
            success=_("The date and time of the class have been set."),
        )
    ):
        return redirect("training:programme", pk=lesson.programme.group_id)
    return render(
        request,
        "training/form_page.html",
        {"form": form, "title": _("Date and time of the class"), "subtitle": lesson},
    )


@require_POST
@role_required(Role.RECTOR)
def programme_approve(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    _attempt(
        request,
        lambda: services.programme_approve(programme=programme, by=request.user),
        success=_("The programme is approved."),
    )
    return redirect("training:programme", pk=programme.group_id)


@require_POST
@role_required(Role.RECTOR, *MANAGE)
def programme_send(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    _attempt(
        request,
        lambda: services.programme_send(programme=programme, by=request.user),
        success=_("The programme is marked as sent to the Council and the Supreme Court."),
    )
    return redirect("training:programme", pk=programme.group_id)


@require_POST
@role_required(*MANAGE)
def programme_questions(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    form = training_forms.QuestionsForm(request.POST)
    if form.is_valid():
        _attempt(
            request,
            lambda: services.programme_publish_questions(
                programme=programme, questions=form.cleaned_data["questions"], by=request.user
            ),
            success=_("The sample exam questions are published to the group's listeners."),
        )
    return redirect("training:programme", pk=programme.group_id)

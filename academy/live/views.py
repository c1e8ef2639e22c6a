"""Pages of live sessions: thin views over services and selectors.

Every page requires a role, then checks the object: a listener of another group, or
someone who is not an exam's participant or examiner, gets 403.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy.accounts.permissions import role_required
from academy.core.service_calls import run_service
from academy.exams import selectors as exams
from academy.exams.models import Exam
from academy.training import services as training
from academy.training.models import Group

from . import selectors, services
from .calendar import sessions_to_ics
from .forms import ExamSessionForm, SessionForm
from .models import LiveSession

ROLES = selectors.LIVE_ROLES
FEED_PAST = timedelta(days=90)  # how far back the calendar feed goes


def _session(request: HttpRequest, pk: int) -> LiveSession:
    session = get_object_or_404(
        LiveSession.objects.select_related("group__course", "exam", "lesson"), pk=pk
    )
    if not selectors.can_view(request.user, session):
        raise PermissionDenied
    return session


def _group(request: HttpRequest, pk: int) -> Group:
    group = get_object_or_404(Group.objects.select_related("course"), pk=pk)
    if not selectors.can_view_group(request.user, group):
        raise PermissionDenied
    return group


@role_required(*ROLES)
def my_sessions(request: HttpRequest) -> HttpResponse:
    sessions = selectors.sessions_for(request.user)
    key = training.calendar_feed_key(request.user)
    feed = request.build_absolute_uri(
        reverse("live:calendar_feed", args=[training.calendar_feed_token(key)])
    )
    return render(
        request,
        "live/my_sessions.html",
        {
            "upcoming": selectors.upcoming(sessions),
            "past": sessions.filter(ends_at__lt=timezone.now()).order_by("-starts_at")[:20],
            "feed_url": feed,
            "feed_expires": training.calendar_feed_expires(key),
        },
    )


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The user's live sessions for a calendar app; the signed link is the only key."""
    user = training.calendar_feed_user(token)
    if user is None:
        raise Http404
    body = sessions_to_ics(
        selectors.sessions_for(user).filter(starts_at__gte=timezone.now() - FEED_PAST),
        name=_("Live sessions"),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="live-sessions.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@role_required(*ROLES)
def group_sessions(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    return render(
        request,
        "live/group_sessions.html",
        {
            "group": group,
            "sessions": selectors.group_sessions(group),
            "can_schedule": selectors.can_schedule(request.user, group),
        },
    )


@role_required(*ROLES)
def session_new(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    if not selectors.can_schedule(request.user, group):
        raise PermissionDenied
    form = SessionForm(request.POST or None, group=group)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := run_service(
                request,
                lambda: services.session_schedule(
                    group=group, by=request.user, **form.cleaned_data
                ),
                form=form,
            )
        )
    ):
        messages.success(request, _("The live session is scheduled; the listeners are told."))
        return redirect(done.result)
    return render(
        request,
        "live/session_form.html",
        {"form": form, "group": group},
        status=400 if form.is_bound else 200,
    )


@role_required(*ROLES)
def exam_sessions(request: HttpRequest, pk: int) -> HttpResponse:
    """TR-23: the online oral exam's sessions, set from the exam's own page."""
    exam = get_object_or_404(Exam.objects.select_related("group"), pk=pk)
    can_schedule = exam.kind == Exam.Kind.ORAL and selectors.can_schedule_exam(request.user, exam)
    if not (can_schedule or selectors.is_exam_participant(request.user, exam)):
        if not exams.exam_visible_to_staff(exam, request.user):
            raise PermissionDenied
    if request.method == "POST" and not can_schedule:
        raise PermissionDenied
    form = ExamSessionForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            lambda: services.oral_exam_schedule(exam=exam, by=request.user, **form.cleaned_data),
            form=form,
        )
    ):
        messages.success(request, _("The online oral exam is scheduled; its people are told."))
        return redirect("live:exam_sessions", exam.pk)
    return render(
        request,
        "live/exam_sessions.html",
        {
            "exam": exam,
            "sessions": selectors.exam_sessions(exam),
            "form": form,
            "can_schedule": can_schedule,
        },
        status=400 if form.is_bound else 200,
    )


@role_required(*ROLES)
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    can_manage = selectors.can_manage(request.user, session)
    return render(
        request,
        "live/session_detail.html",
        {
            "session": session,
            "is_open": selectors.is_open(session),
            "can_manage": can_manage,
            "attendance": selectors.attendance(session) if can_manage else [],
            "expected": len(selectors.participants(session)) if can_manage else 0,
        },
    )


@require_POST
@role_required(*ROLES)
def session_join(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the joining, then send the browser to the video room."""
    session = _session(request, pk)
    done = run_service(request, lambda: services.session_join(session=session, by=request.user))
    if not done:
        return redirect(session)
    return redirect(done.result)


@require_POST
@role_required(*ROLES)
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    run_service(
        request,
        lambda: services.session_cancel(session=session, by=request.user),
        success=_("The session is cancelled."),
    )
    return redirect(session)

"""Training pages: Listeners and lecturers (TR-8)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy.accounts.permissions import role_required
from academy.accounts.roles import Role

from .. import calendar, selectors, services
from ..models import (
    Enrolment,
)


@role_required(Role.LISTENER)
def my_courses(request: HttpRequest) -> HttpResponse:
    enrolments = list(selectors.listener_enrolments(request.user))
    cards = [
        {
            "enrolment": enrolment,
            "summary": selectors.attendance_summary(enrolment),
            "programme": getattr(enrolment.group, "programme", None),
            "materials": enrolment.group.materials.all()
            if enrolment.status == Enrolment.Status.ADMITTED
            else [],
        }
        for enrolment in enrolments
    ]
    key = services.calendar_feed_key(request.user)
    token = services.calendar_feed_token(key)
    return render(
        request,
        "training/my_courses.html",
        {
            "cards": cards,
            "calendar_url": request.build_absolute_uri(
                reverse("training:calendar_feed", args=[token])
            ),
            "calendar_expires": services.calendar_feed_expires(key),
        },
    )


@require_POST
@role_required(Role.LISTENER)
def calendar_link_renew(request: HttpRequest) -> HttpResponse:
    """Issue a new feed link (the old one, perhaps shared by mistake, stops working)."""
    services.calendar_feed_renew(user=request.user, by=request.user)
    messages.success(
        request,
        _(
            "A new calendar link has been issued; the old link no longer works. Add the new one to your calendar."
        ),
    )
    return redirect("training:my_courses")


@role_required(Role.LISTENER)
def my_timetable(request: HttpRequest) -> HttpResponse:
    return render(
        request, "training/timetable.html", {"lessons": selectors.listener_lessons(request.user)}
    )


@role_required(Role.LISTENER)
def my_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("group__course"), pk=pk, listener=request.user
    )
    records = enrolment.attendance.select_related("lesson").order_by("lesson__starts_at")
    return render(
        request,
        "training/my_attendance.html",
        {
            "enrolment": enrolment,
            "records": records,
            "summary": selectors.attendance_summary(enrolment),
        },
    )


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """iCalendar feed of a listener's timetable; the signed, expiring token stands in for a login."""
    user = services.calendar_feed_user(token)
    if user is None:  # forged, expired or replaced by a renewed link
        raise Http404
    body = calendar.lessons_to_ics(selectors.listener_lessons(user), name=_("Academy of Justice"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="timetable.ics"'
    return response


@role_required(Role.LECTURER)
def my_classes(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "training/timetable.html",
        {"lessons": selectors.lecturer_lessons(request.user), "lecturer_view": True},
    )

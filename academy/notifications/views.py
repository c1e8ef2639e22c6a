"""Pages of notifications: a user sees, opens and marks only their own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy.core.service_calls import run_service

from . import selectors, services
from .forms import PreferencesForm


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/list.html",
        {"page_obj": page, "unread": selectors.unread_count(request.user)},
    )


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go to the page it is about."""
    notification = selectors.own_notification(request.user, pk)
    if notification is None:
        raise Http404
    services.notification_mark_read(notification=notification, by=request.user)
    target = notification.target_url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect("notifications:list")
    return redirect(target)


@require_POST
@login_required
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.own_notification(request.user, pk)
    if notification is None:
        raise Http404
    services.notification_mark_read(notification=notification, by=request.user)
    return redirect("notifications:list")


@require_POST
@login_required
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, choices=selectors.preferences_for(request.user))
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            lambda: services.preferences_save(user=request.user, choices=form.choices()),
            form=form,
        )
    ):
        messages.success(request, _("Your choice of notifications has been saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})

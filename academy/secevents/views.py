"""The security officer's page: search the recorded security events."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from academy.accounts.permissions import role_required
from academy.accounts.roles import Role
from academy.core.views import error_403

from . import selectors
from .forms import EventSearchForm
from .services import access_refused

# No separate security officer role exists yet: the administrator holds the duty.
SECURITY_ROLES = (Role.ADMINISTRATOR,)


@role_required(*SECURITY_ROLES)
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.security_events_search(
        kind=filters.get("kind", ""),
        text=filters.get("text", ""),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "secevents/event_list.html", {"form": form, "page": page})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403: every refused page is a security event, then the site's own 403 page."""
    access_refused(request=request, detail=str(exception or ""))
    return error_403(request, exception)

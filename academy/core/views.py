"""Pages every user shares: home, dashboard, language switch, health, audit log."""

import hmac
import time

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from academy.accounts.permissions import role_required, user_has_role
from academy.accounts.roles import Role
from academy.accounts.services import user_set_language
from academy.core.audit_labels import entry_rows

from . import search as staff_search
from . import selectors
from .agenda import agenda_for
from .navigation import alerts_for, tiles_for


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    from academy.portal import selectors as portal

    # IS-14, IS-15: visitors see the website's latest news and upcoming events at once.
    return render(
        request,
        "core/home.html",
        {"news": portal.latest_news(3), "events": list(portal.upcoming_events()[:3])},
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/dashboard.html",
        {
            "tiles": tiles_for(request.user),
            "agenda": agenda_for(request.user),
            "alerts": alerts_for(request.user),
        },
    )


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """Staff search: each kind of record only for the roles whose pages show it."""
    if not staff_search.can_search(request.user):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "core/search.html",
        {
            "search_query": query,
            "blocks": staff_search.search(request.user, query),
            "too_short": 0 < len(query) < staff_search.MIN_LENGTH,
            "min_length": staff_search.MIN_LENGTH,
        },
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language, remember it for the user and stay on the same page."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    if language not in dict(settings.LANGUAGES):
        return HttpResponseRedirect(next_url)
    response = HttpResponseRedirect(translate_url(next_url, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax", max_age=365 * 24 * 3600
    )
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=language)
    return response


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: send them the SVG icon."""
    return HttpResponseRedirect(static("core/favicon.svg"))


favicon.account_gate_exempt = True  # type: ignore[attr-defined]


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Database, cache and broker status as JSON; 503 when any is down.

    The public learns only ``ok`` or ``failing``; which database, cache or broker the
    system runs on is for staff and for probes that send the configured token.
    """
    checks: dict[str, dict[str, object]] = {}

    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = {"status": "ok", "vendor": connection.vendor}
    except Exception as exc:  # any failure is the answer here
        checks["database"] = {"status": "error", "error": exc.__class__.__name__}
    checks["database"]["ms"] = round((time.perf_counter() - started) * 1000, 2)

    try:
        cache.set("healthz", "1", 10)
        ok = cache.get("healthz") == "1"
        checks["cache"] = {
            "status": "ok" if ok else "error",
            "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        }
    except Exception as exc:
        checks["cache"] = {"status": "error", "error": exc.__class__.__name__}

    if settings.CELERY_TASK_ALWAYS_EAGER:
        checks["broker"] = {"status": "ok", "mode": "eager"}
    else:
        try:
            import redis

            redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2).ping()
            checks["broker"] = {"status": "ok", "mode": "redis"}
        except Exception as exc:
            checks["broker"] = {"status": "error", "mode": "redis", "error": exc.__class__.__name__}

    healthy = all(check["status"] == "ok" for check in checks.values())
    body: dict[str, object] = {"status": "ok" if healthy else "failing"}
    if _may_see_health_details(request):
        body["checks"] = checks
    return JsonResponse(body, status=200 if healthy else 503)


def _may_see_health_details(request: HttpRequest) -> bool:
    token = settings.HEALTHZ_TOKEN
    if token and hmac.compare_digest(request.headers.get("X-Health-Token", ""), token):
        return True
    user = request.user
    return user.is_authenticated and (user.is_staff or user_has_role(user, Role.ADMINISTRATOR))


@role_required(Role.ADMINISTRATOR)
def audit_log(request: HttpRequest) -> HttpResponse:
    model = request.GET.get("model", "")
    entries = selectors.audit_entries(model=model, actor_query=request.GET.get("actor", "").strip())
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    rows = entry_rows(list(page.object_list))
    return render(request, "core/audit_log.html", {"page": page, "rows": rows, "model": model})


# ---- Error pages: the site's layout, the user's language, a way back ----


def _back_url(request: HttpRequest) -> str:
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, {request.get_host()}, request.is_secure()
    ):
        return referer
    return ""


def _error_page(
    request: HttpRequest, template: str, response_class: type[HttpResponse]
) -> HttpResponse:
    context = {"back_url": _back_url(request), "request_path": request.path}
    return response_class(loader.render_to_string(template, context, request))


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A bad request may carry a disallowed host or a broken session: render without them.
    return HttpResponseBadRequest(loader.render_to_string("400.html", {}))


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "403.html", HttpResponseForbidden)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "404.html", HttpResponseNotFound)


def error_500(request: HttpRequest) -> HttpResponse:
    # No request context: no user, session or menu, so the page renders with the database down.
    return HttpResponseServerError(loader.render_to_string("500.html", {}))

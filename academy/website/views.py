"""Public views of the website beside Wagtail's own page serving: search, sitemap, robots;
and the admin's "checked, still correct" action (IS-17)."""

from typing import Any

from django.contrib import messages
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from academy.accounts.permissions import user_has_role
from academy.core.audit import audit_event

from . import selectors, services
from .models import HomePage, StandardPage

SEARCH_PER_PAGE = 20


def search(request: HttpRequest) -> HttpResponse:
    """Site search in the language of the address (/<lang>/site/search/?q=…)."""
    query = request.GET.get("q", "").strip()[:200]
    locale = Locale.get_active()
    results = Paginator(list(selectors.search(query, locale)), SEARCH_PER_PAGE).get_page(
        request.GET.get("page")
    )
    home = selectors.home_for(locale)
    return render(
        request,
        "website/search.html",
        {
            "query": query,
            "results": results,
            "home": home,
            "page": home,
            "menu": selectors.menu(home) if home else [],
            "translations": [
                selectors.Version(
                    code=v.code,
                    name=v.name,
                    url=_search_url(v.code, query),
                    current=v.current,
                )
                for v in (selectors.translations_of(home) if home else [])
            ],
        },
    )


def _search_url(code: str, query: str) -> str:
    from urllib.parse import urlencode

    from django.utils import translation

    with translation.override(code):
        url = reverse("website_search")
    return url + (f"?{urlencode({'q': query})}" if query else "")


class PagesSitemap(Sitemap):
    def items(self) -> Any:
        return selectors.sitemap_pages()

    def location(self, item: Any) -> str:
        return item.url

    def lastmod(self, item: Any) -> Any:
        return item.last_published_at


def sitemap(request: HttpRequest) -> HttpResponse:
    return sitemap_view(request, sitemaps={"pages": PagesSitemap()})


def robots(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /cms/",
        "Disallow: /admin/",
        "Disallow: /api/",
        *(f"Disallow: /{code}/accounts/" for code in services.languages()),
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_POST
def page_checked(request: HttpRequest, pk: int) -> HttpResponse:
    """IS-17: an editor confirms that a static page is still correct; a new quarter starts."""
    if not user_has_role(request.user, *selectors.EDITOR_ROLES, *selectors.APPROVER_ROLES):
        raise PermissionDenied
    page = get_object_or_404(StandardPage, pk=pk)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    previous = page.reviewed_at
    services.mark_checked(page)
    audit_event(
        actor=request.user,
        obj=page,
        event="website_page_checked",
        details={"previously_checked": previous.isoformat() if previous else None},
    )
    messages.success(request, _("The page is marked as checked today."))
    return redirect("wagtailadmin_home")


def home_redirect(request: HttpRequest) -> HttpResponse:
    home = HomePage.objects.filter(locale=Locale.get_active()).first()
    return redirect(home.url if home else "/")

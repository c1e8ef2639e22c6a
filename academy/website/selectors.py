"""Reads of the website: menus, language versions, news and events, stale pages, search."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from wagtail.models import Locale, Page

from academy.accounts.roles import Role
from academy.portal.models import stale_before

# IS-18: the units' content editors draft and submit; an authorised person approves.
EDITOR_ROLES = (Role.CONTENT_EDITOR,)
APPROVER_ROLES = (Role.ADMINISTRATOR,)


@dataclass(frozen=True)
class Version:
    code: str
    name: str
    url: str
    current: bool


def home_for(locale: Locale) -> Page | None:
    from .models import HomePage

    return HomePage.objects.filter(locale=locale).first()


def menu(page: Page) -> list[Page]:
    """IS-14: the menu of a language: the live children of its home page shown in menus."""
    home = home_for(page.locale)
    if home is None:
        return []
    return list(home.get_children().live().public().in_menu().specific())


def translations_of(page: Page) -> list[Version]:
    """The same page in every language (its live translation, else that language's home)."""
    names = dict(settings.LANGUAGES)
    live = {
        p.locale.language_code: p
        for p in page.get_translations(inclusive=True).live().select_related("locale")
    }
    versions = []
    for code, name in names.items():
        target = live.get(code)
        if target is None:
            locale = Locale.objects.filter(language_code=code).first()
            target = home_for(locale) if locale else None
        if target is None:
            continue
        versions.append(
            Version(
                code=code,
                name=str(name),
                url=target.url or "",
                current=code == page.locale.language_code,
            )
        )
    return versions


def news_of(index: Page) -> QuerySet:
    from .models import NewsPage

    return (
        NewsPage.objects.live()
        .public()
        .descendant_of(index)
        .order_by("-date", "-first_published_at")
    )


def latest_news(locale: Locale, limit: int = 5) -> list[Any]:
    from .models import NewsPage

    return list(
        NewsPage.objects.live()
        .public()
        .filter(locale=locale)
        .order_by("-date", "-first_published_at")[:limit]
    )


def upcoming_events(locale: Locale, today: date | None = None) -> QuerySet:
    """IS-15: events not over yet, the soonest first."""
    from .models import EventPage

    today = today or timezone.localdate()
    return (
        EventPage.objects.live()
        .public()
        .filter(locale=locale, ends_on__gte=today)
        .order_by("starts_on", "pk")
    )


def past_events(locale: Locale, today: date | None = None) -> QuerySet:
    from .models import EventPage

    today = today or timezone.localdate()
    return (
        EventPage.objects.live()
        .public()
        .filter(locale=locale, ends_on__lt=today)
        .order_by("-starts_on", "-pk")
    )


def stale_pages(today: date | None = None) -> QuerySet:
    """IS-17: live static pages not checked for more than a quarter, the oldest first."""
    from django.db.models import Q

    from .models import StandardPage

    return (
        StandardPage.objects.live()
        .filter(Q(reviewed_at__lt=stale_before(today)) | Q(reviewed_at__isnull=True))
        .select_related("locale")
        .order_by("reviewed_at", "path")
    )


def search(query: str, locale: Locale) -> Any:
    """Site search over pages, news, events and documents pages of one language."""
    query = (query or "").strip()
    if not query:
        return Page.objects.none()
    return Page.objects.live().public().filter(locale=locale).specific().search(query)


def sitemap_pages() -> QuerySet:
    """Every live public page of every language's tree."""
    from .models import HomePage

    homes = list(HomePage.objects.live())
    if not homes:
        return Page.objects.none()
    queryset = Page.objects.none()
    for home in homes:
        queryset = queryset | Page.objects.descendant_of(home, inclusive=True)
    return queryset.live().public().order_by("path").specific()

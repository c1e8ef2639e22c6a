"""Reads of the website: what the public sees, and the editors' lists with stale flags."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from academy.accounts.models import User
from academy.accounts.roles import Role

from .models import Event, NewsItem, Page, Partner, Section, Status, stale_before
from .text import host_of

# IS-18: content editors draft and publish; administrators may publish too.
EDITOR_ROLES = (Role.CONTENT_EDITOR, Role.ADMINISTRATOR)
# IS-15: urgent unplanned items are published on the instruction of management.
MANAGEMENT_ROLES = (Role.RECTOR, Role.VICE_RECTOR)


@dataclass(frozen=True)
class MenuSection:
    value: str
    label: str
    pages: list[Page]


def language_names(codes: list[str]) -> list[str]:
    names = dict(settings.LANGUAGES)
    return [str(names.get(code, code)) for code in codes]


# ---- Public ----


def published_pages() -> QuerySet[Page]:
    return Page.objects.filter(status=Status.PUBLISHED)


def sections_menu() -> list[MenuSection]:
    """IS-14: every section in menu order with its published pages."""
    by_section: dict[str, list[Page]] = {}
    for page in published_pages().order_by("order", "pk"):
        by_section.setdefault(page.section, []).append(page)
    return [
        MenuSection(value=value, label=str(label), pages=by_section.get(value, []))
        for value, label in Section.choices
    ]


def section_pages(section: str) -> QuerySet[Page]:
    return published_pages().filter(section=section).order_by("order", "pk")


def published_page(*, section: str, slug: str) -> Page | None:
    return published_pages().filter(section=section, slug=slug).first()


def published_news() -> QuerySet[NewsItem]:
    return NewsItem.objects.filter(status=Status.PUBLISHED).order_by("-published_at", "-pk")


def latest_news(limit: int = 5) -> list[NewsItem]:
    return list(published_news()[:limit])


def published_events() -> QuerySet[Event]:
    return Event.objects.filter(status=Status.PUBLISHED)


def upcoming_events(today: date | None = None) -> QuerySet[Event]:
    """IS-15: events not over yet, the soonest first."""
    today = today or timezone.localdate()
    return published_events().filter(ends_on__gte=today).order_by("starts_on", "pk")


def past_events(today: date | None = None) -> QuerySet[Event]:
    today = today or timezone.localdate()
    return published_events().filter(ends_on__lt=today).order_by("-starts_on", "-pk")


# ---- Editors ----


def stale_pages(today: date | None = None) -> QuerySet[Page]:
    """IS-17: published pages not checked for more than a quarter, the oldest first."""
    return published_pages().filter(reviewed_at__lt=stale_before(today)).order_by("reviewed_at")


def stale_page_count(today: date | None = None) -> int:
    return stale_pages(today).count()


def pages_for_editors() -> QuerySet[Page]:
    return Page.objects.select_related("published_by", "reviewed_by").order_by(
        "section", "order", "pk"
    )


def news_for_editors() -> QuerySet[NewsItem]:
    return NewsItem.objects.select_related("created_by", "published_by", "initiator").order_by(
        "status", "-published_at", "-created_at"
    )


def events_for_editors() -> QuerySet[Event]:
    return Event.objects.select_related("published_by").order_by("-starts_on", "-pk")


def partners() -> QuerySet[Partner]:
    return Partner.objects.order_by("name")


def partner_hosts() -> list[str]:
    """IS-20: the hosts of the partners' sites."""
    return [
        host
        for host in (host_of(url) for url in Partner.objects.values_list("url", flat=True))
        if host
    ]


def management_users() -> QuerySet[User]:
    """IS-15: the people who may order an urgent publication."""
    return (
        User.objects.filter(is_active=True, groups__name__in=MANAGEMENT_ROLES)
        .distinct()
        .order_by("surname", "first_name")
    )


def publish_summary(item: Any) -> dict[str, Any]:
    """What publishing `item` puts before the public (IS-15, IS-18, IS-21): its title in
    each language, the languages still missing, and for an urgent item who asked and why."""
    from .services import missing_languages

    names = dict(settings.LANGUAGES)
    titles = [
        (str(names.get(code, code)), getattr(item, f"title_{code}", "") or "")
        for code in settings.MODELTRANSLATION_LANGUAGES
    ]
    return {
        "titles": titles,
        "missing": language_names(missing_languages(item)),
        "urgent": getattr(item, "urgent", False),
        "initiator": getattr(item, "initiator", None),
        "urgent_reason": getattr(item, "urgent_reason", ""),
        "starts_on": getattr(item, "starts_on", None),
        "ends_on": getattr(item, "ends_on", None),
        "kind": item.get_kind_display() if hasattr(item, "get_kind_display") else "",
    }

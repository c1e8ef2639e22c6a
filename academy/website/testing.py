"""Helpers for the website's tests: pages with their kk/ru/en translations."""

from typing import Any

from django.utils.text import slugify
from wagtail.models import Locale, Page

from .models import EventIndexPage, NewsIndexPage, NewsPage, SectionPage

LANGS = ("kk", "ru", "en")


def locale(code: str) -> Locale:
    return Locale.objects.get(language_code=code)


def news_index(code: str = "kk") -> NewsIndexPage:
    return NewsIndexPage.objects.get(locale__language_code=code)


def events_index(code: str = "kk") -> EventIndexPage:
    return EventIndexPage.objects.get(locale__language_code=code)


def section(slug: str = "about", code: str = "kk") -> SectionPage:
    return SectionPage.objects.get(slug=slug, locale__language_code=code)


def translate(
    page: Page, *, skip: tuple[str, ...] = (), user: Any = None, **per_language: Any
) -> None:
    """Drafts of `page` in the other languages; `per_language[code]` sets their fields
    (default: the kk values with " [code]" appended to text fields)."""
    for code in LANGS:
        if code == page.locale.language_code or code in skip:
            continue
        copy = page.copy_for_translation(locale(code))
        values = per_language.get(code) or {
            "title": f"{page.title} [{code}]",
            **({"body": f"{page.body}<p>[{code}]</p>"} if hasattr(page, "body") else {}),
        }
        for field, value in values.items():
            setattr(copy, field, value)
        copy.save()
        copy.save_revision(user=user)


def add(
    parent: Page,
    page: Page,
    *,
    user: Any = None,
    translated: bool = True,
    skip: tuple[str, ...] = (),
    publish: bool = True,
) -> Page:
    page.slug = page.slug or slugify(page.title) or "page"
    page.live = False  # a draft until its revision is published
    parent.add_child(instance=page)
    revision = page.save_revision(user=user)
    if translated:
        translate(page, skip=skip, user=user)
    if publish:
        revision.publish(user=user)
        page.refresh_from_db()
    return page


def make_news(
    title: str = "News",
    body: str = "News body",
    *,
    user: Any = None,
    publish: bool = True,
    skip: tuple[str, ...] = (),
    **fields: Any,
) -> NewsPage:
    page = NewsPage(
        title=title, slug=slugify(title) or "news-item", body=f"<p>{body}</p>", **fields
    )
    return add(news_index("kk"), page, user=user, publish=publish, skip=skip)


def live_versions(page: Page) -> set[str]:
    return {
        p.locale.language_code
        for p in page.get_translations(inclusive=True).live().select_related("locale")
    }

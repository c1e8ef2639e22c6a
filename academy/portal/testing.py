"""Helpers for the website's tests: complete kk/ru/en texts and published items."""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from . import services
from .models import Event, NewsItem, Page, Section


def texts(stem: str, *, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """`stem` in every language but those in `skip` (left empty)."""
    return {code: "" if code in skip else f"{stem} [{code}]" for code in ("kk", "ru", "en")}


def make_page(
    editor: Any,
    *,
    slug: str = "about-academy",
    section: str = Section.ABOUT,
    publish: bool = True,
    skip: tuple[str, ...] = (),
) -> Page:
    page = services.page_create(
        section=section,
        slug=slug,
        title=texts(f"Page {slug}"),
        body=texts(f"Text of {slug}", skip=skip),
        by=editor,
    )
    return services.page_publish(page=page, by=editor) if publish else page


def make_news(
    editor: Any, *, stem: str = "News", publish: bool = True, skip: tuple[str, ...] = ()
) -> NewsItem:
    news = services.news_create(title=texts(stem), body=texts(f"{stem} body", skip=skip), by=editor)
    return services.news_publish(news=news, by=editor) if publish else news


def make_event(
    editor: Any,
    *,
    stem: str = "Conference",
    starts_on: date | None = None,
    days: int = 1,
    publish: bool = True,
) -> Event:
    start = starts_on or timezone.localdate() + timedelta(days=10)
    event = services.event_create(
        kind=Event.Kind.CONFERENCE,
        title=texts(stem),
        body=texts(f"{stem} description"),
        place=texts("Astana"),
        starts_on=start,
        ends_on=start + timedelta(days=days - 1),
        by=editor,
    )
    return services.event_publish(event=event, by=editor) if publish else event

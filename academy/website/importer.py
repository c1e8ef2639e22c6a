"""Move the old portal's published content into the Wagtail trees (idempotent).

`manage.py import_portal` runs it; the demo seed calls it after the portal's demo. Static
pages go under their IS-14 section with the date of their last check kept (IS-17); news
keep their old number (so /site/news/<pk>/ still answers) and urgent records (IS-15);
events keep their kind and dates. Texts become rich text (paragraphs and links).
"""

from typing import Any

from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail.images.models import Image
from wagtail.models import Locale, Page

from academy.portal.models import Event, NewsItem, Status
from academy.portal.models import Page as PortalPage
from academy.portal.text import render_body

from . import services
from .models import EventIndexPage, EventPage, NewsIndexPage, NewsPage, SectionPage, StandardPage


def _locales() -> dict[str, Locale]:
    return {locale.language_code: locale for locale in services.ensure_locales()}


def _add_translated(parent: Page, page: Page, item: Any, fields: dict[str, str]) -> Page:
    """`page` in kk under `parent`, copies in ru and en with `item`'s texts, published."""
    locales = _locales()
    codes = services.languages()
    for field, source in fields.items():
        setattr(page, field, _value(item, source, codes[0]))
    page.live = False
    parent.add_child(instance=page)
    page.save_revision()
    for code in codes[1:]:
        copy = page.copy_for_translation(locales[code])
        for field, source in fields.items():
            setattr(copy, field, _value(item, source, code))
        copy.save()
        copy.save_revision()
    page.get_latest_revision().publish()  # the translations go live with it (IS-21)
    page.refresh_from_db()
    return page


def _value(item: Any, source: str, code: str) -> str:
    value = getattr(item, f"{source}_{code}", "") or ""
    return str(render_body(value)) if source == "body" else value


def import_pages() -> int:
    count = 0
    for old in PortalPage.objects.filter(status=Status.PUBLISHED).order_by("section", "order"):
        section = SectionPage.objects.filter(
            slug=old.section, locale__language_code=services.languages()[0]
        ).first()
        if section is None or section.get_children().filter(slug=old.slug).exists():
            continue
        page = _add_translated(
            section, StandardPage(slug=old.slug), old, {"title": "title", "body": "body"}
        )
        # IS-17: the page was last checked when the portal says, not today.
        StandardPage.objects.filter(translation_key=page.translation_key).update(
            reviewed_at=old.reviewed_at
        )
        count += 1
    return count


def _image(old: NewsItem) -> Image | None:
    if not old.image:
        return None
    try:
        with old.image.open("rb") as handle:
            content = handle.read()
    except OSError:
        return None
    name = old.image.name.rsplit("/", 1)[-1]
    return Image.objects.create(
        title=old.title_en or old.title_kk or name, file=ContentFile(content, name)
    )


def import_news() -> int:
    index = NewsIndexPage.objects.filter(locale__language_code=services.languages()[0]).first()
    if index is None:
        return 0
    count = 0
    for old in NewsItem.objects.filter(status=Status.PUBLISHED).order_by("published_at"):
        if NewsPage.objects.filter(legacy_pk=old.pk).exists():
            continue
        page = NewsPage(
            slug=f"{slugify(old.title_en)[:60] or 'news'}-{old.pk}",
            date=(old.published_at or old.created_at).date(),
            urgent=old.urgent,
            initiator=old.initiator,
            urgent_reason=old.urgent_reason,
            legacy_pk=old.pk,
            image=_image(old),
        )
        page = _add_translated(index, page, old, {"title": "title", "body": "body"})
        NewsPage.objects.filter(translation_key=page.translation_key).update(legacy_pk=old.pk)
        count += 1
    return count


def import_events() -> int:
    index = EventIndexPage.objects.filter(locale__language_code=services.languages()[0]).first()
    if index is None:
        return 0
    count = 0
    for old in Event.objects.filter(status=Status.PUBLISHED).order_by("starts_on"):
        slug = f"{slugify(old.title_en)[:60] or 'event'}-{old.pk}"
        if index.get_children().filter(slug=slug).exists():
            continue
        page = EventPage(
            slug=slug, kind=old.kind, starts_on=old.starts_on, ends_on=old.ends_on, link=old.link
        )
        _add_translated(index, page, old, {"title": "title", "body": "body", "place": "place"})
        count += 1
    return count


def import_portal() -> dict[str, int]:
    return {"pages": import_pages(), "news": import_news(), "events": import_events()}

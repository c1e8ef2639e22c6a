"""Writes of the website (IS-14 – IS-21): drafts, publication, quarterly checks, partners.

Every change goes through a function here: it checks the editor's role, the links
(IS-20), the languages of a published item (IS-21) and the urgent-item record (IS-15),
saves, and writes the audit log (IS-18: who published what, and when).
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.accounts.permissions import user_has_role
from academy.core.audit import audit_event

from . import selectors
from .models import Event, NewsItem, Page, Partner, Publishable, Status
from .text import disallowed_links

Translations = Mapping[str, str]
# IS-21: the fields a published item must have in every language.
REQUIRED_TRANSLATED = ("title", "body")


def languages() -> tuple[str, ...]:
    return tuple(settings.MODELTRANSLATION_LANGUAGES)


def _require_editor(user: Any) -> None:
    # IS-18: only content editors (and administrators) draft and publish.
    if not user_has_role(user, *selectors.EDITOR_ROLES):
        raise ValidationError(
            _("Only a content editor or an administrator may do this."), code="role"
        )


def _set_translations(obj: models.Model, field: str, values: Translations | None) -> None:
    for language in languages():
        value = (values or {}).get(language, "") or ""
        setattr(obj, f"{field}_{language}", value.strip())


def missing_languages(
    obj: models.Model, fields: tuple[str, ...] = REQUIRED_TRANSLATED
) -> list[str]:
    """IS-21: the languages in which any of `fields` is still empty."""
    return [
        language
        for language in languages()
        if any(not (getattr(obj, f"{field}_{language}") or "").strip() for field in fields)
    ]


def _check_languages(obj: models.Model) -> None:
    # IS-21: published in Kazakh, Russian and English – all three, or not at all.
    missing = missing_languages(obj)
    if missing:
        raise ValidationError(
            _(
                "Fill in the title and the text in every language before publishing; "
                "missing: %(languages)s."
            )
            % {"languages": ", ".join(selectors.language_names(missing))},
            code="missing_language",
        )


def _check_links(obj: models.Model, fields: tuple[str, ...] = ("body",)) -> None:
    # IS-20: links only to the Academy's own resources and its partners'.
    hosts = selectors.partner_hosts()
    errors: dict[str, list[ValidationError]] = {}
    for field in fields:
        for language in languages():
            name = f"{field}_{language}"
            for link in disallowed_links(getattr(obj, name) or "", hosts):
                errors.setdefault(name, []).append(
                    ValidationError(
                        _(
                            "The link %(link)s leads outside the Academy's and its partners' "
                            "sites; only they may be linked."
                        )
                        % {"link": link},
                        code="foreign_link",
                    )
                )
    if errors:
        raise ValidationError(errors)


def _check_title(obj: models.Model) -> None:
    if not any((getattr(obj, f"title_{language}") or "").strip() for language in languages()):
        raise ValidationError(
            {
                f"title_{languages()[0]}": ValidationError(
                    _("Give the title in at least one language."), code="no_title"
                )
            }
        )


def _save(obj: models.Model) -> None:
    _check_title(obj)
    _check_links(obj)
    if getattr(obj, "status", None) == Status.PUBLISHED:
        _check_languages(obj)  # a published item stays complete after editing
    obj.full_clean()
    obj.save()


def _publish(obj: Publishable, *, by: Any) -> None:
    """IS-18: check the item, then record the publication (who and when)."""
    _require_editor(by)
    if obj.status == Status.PUBLISHED:
        raise ValidationError(_("It is already published."), code="published")
    _check_languages(obj)
    _check_links(obj)
    obj.status = Status.PUBLISHED
    obj.published_at = timezone.now()
    obj.published_by = by
    obj.full_clean()
    obj.save()
    audit_event(
        actor=by,
        obj=obj,
        event=f"{obj._meta.model_name}_published",
        details={"published_at": obj.published_at.isoformat()},
    )


# ---- Pages (IS-14, IS-17) ----


@transaction.atomic
def page_create(
    *,
    section: str,
    slug: str,
    title: Translations,
    body: Translations,
    order: int = 0,
    by: Any,
) -> Page:
    """Draft a static page; writing it counts as its first check (IS-17)."""
    _require_editor(by)
    page = Page(
        section=section,
        slug=slug,
        order=order,
        created_by=by,
        reviewed_at=timezone.localdate(),
        reviewed_by=by,
    )
    _set_translations(page, "title", title)
    _set_translations(page, "body", body)
    _save(page)
    audit_event(actor=by, obj=page, event="page_drafted", details={"section": section})
    return page


@transaction.atomic
def page_update(
    *,
    page: Page,
    section: str,
    slug: str,
    title: Translations,
    body: Translations,
    order: int = 0,
    by: Any,
) -> Page:
    """Change a page; the editor has checked it, so it is no longer stale (IS-17)."""
    _require_editor(by)
    page = Page.objects.select_for_update().get(pk=page.pk)
    page.section, page.slug, page.order = section, slug, order
    _set_translations(page, "title", title)
    _set_translations(page, "body", body)
    page.reviewed_at = timezone.localdate()
    page.reviewed_by = by
    _save(page)
    audit_event(actor=by, obj=page, event="page_changed", details={"status": page.status})
    return page


@transaction.atomic
def page_publish(*, page: Page, by: Any) -> Page:
    """IS-18, IS-21: publish a page complete in kk/ru/en; publishing is also a check."""
    page = Page.objects.select_for_update().get(pk=page.pk)
    page.reviewed_at = timezone.localdate()
    page.reviewed_by = by
    _publish(page, by=by)
    return page


@transaction.atomic
def page_mark_reviewed(*, page: Page, by: Any) -> Page:
    """IS-17: the editor confirms the page is still correct; the quarter starts again."""
    _require_editor(by)
    page = Page.objects.select_for_update().get(pk=page.pk)
    previous: date = page.reviewed_at
    page.reviewed_at = timezone.localdate()
    page.reviewed_by = by
    page.save(update_fields=["reviewed_at", "reviewed_by", "updated_at"])
    audit_event(
        actor=by,
        obj=page,
        event="page_reviewed",
        details={"previously_checked": previous.isoformat()},
    )
    return page


# ---- News (IS-14, IS-15, IS-16) ----


def _set_urgency(news: NewsItem, *, urgent: bool, initiator: Any, urgent_reason: str) -> None:
    # IS-15: an urgent unplanned item is published on management's instruction,
    # and the initiator and the reason are recorded with it.
    news.urgent = urgent
    if not urgent:
        news.initiator, news.urgent_reason = None, ""
        return
    errors: dict[str, ValidationError] = {}
    if initiator is None:
        errors["initiator"] = ValidationError(
            _("Name the member of management who ordered the urgent item."), code="initiator"
        )
    elif not user_has_role(initiator, *selectors.MANAGEMENT_ROLES):
        errors["initiator"] = ValidationError(
            _("The initiator of an urgent item must be the rector or a vice-rector."),
            code="initiator",
        )
    if not (urgent_reason or "").strip():
        errors["urgent_reason"] = ValidationError(
            _("Give the reason for the urgent publication."), code="urgent_reason"
        )
    if errors:
        raise ValidationError(errors)
    news.initiator, news.urgent_reason = initiator, urgent_reason.strip()


@transaction.atomic
def news_create(
    *,
    title: Translations,
    body: Translations,
    image: UploadedFile | None = None,
    urgent: bool = False,
    initiator: Any = None,
    urgent_reason: str = "",
    by: Any,
) -> NewsItem:
    """Draft a news item (IS-16: news are added as they arrive)."""
    _require_editor(by)
    news = NewsItem(created_by=by)
    _set_translations(news, "title", title)
    _set_translations(news, "body", body)
    _set_urgency(news, urgent=urgent, initiator=initiator, urgent_reason=urgent_reason)
    if image:
        news.image = image
    _save(news)
    audit_event(
        actor=by,
        obj=news,
        event="news_drafted",
        details={"urgent": news.urgent, "initiator": getattr(news.initiator, "pk", None)},
    )
    return news


@transaction.atomic
def news_update(
    *,
    news: NewsItem,
    title: Translations,
    body: Translations,
    image: UploadedFile | None = None,
    remove_image: bool = False,
    urgent: bool = False,
    initiator: Any = None,
    urgent_reason: str = "",
    by: Any,
) -> NewsItem:
    _require_editor(by)
    news = NewsItem.objects.select_for_update().get(pk=news.pk)
    _set_translations(news, "title", title)
    _set_translations(news, "body", body)
    _set_urgency(news, urgent=urgent, initiator=initiator, urgent_reason=urgent_reason)
    if image:
        news.image = image
    elif remove_image:
        news.image = ""
    _save(news)
    audit_event(actor=by, obj=news, event="news_changed", details={"status": news.status})
    return news


@transaction.atomic
def news_publish(*, news: NewsItem, by: Any) -> NewsItem:
    """IS-18, IS-21, IS-15: publish a complete item; an urgent one names initiator and reason."""
    news = NewsItem.objects.select_for_update().get(pk=news.pk)
    if news.urgent:
        _set_urgency(news, urgent=True, initiator=news.initiator, urgent_reason=news.urgent_reason)
    _publish(news, by=by)
    if news.urgent:
        audit_event(
            actor=by,
            obj=news,
            event="news_urgent_published",
            details={"initiator": news.initiator_id, "reason": news.urgent_reason},
        )
    return news


# ---- Events (IS-15) ----


@transaction.atomic
def event_create(
    *,
    kind: str,
    title: Translations,
    body: Translations,
    place: Translations,
    starts_on: date,
    ends_on: date,
    link: str = "",
    by: Any,
) -> Event:
    _require_editor(by)
    event = Event(kind=kind, starts_on=starts_on, ends_on=ends_on, link=link, created_by=by)
    _set_translations(event, "title", title)
    _set_translations(event, "body", body)
    _set_translations(event, "place", place)
    _check_event_link(event)
    _save(event)
    audit_event(actor=by, obj=event, event="event_drafted", details={"kind": kind})
    return event


@transaction.atomic
def event_update(
    *,
    event: Event,
    kind: str,
    title: Translations,
    body: Translations,
    place: Translations,
    starts_on: date,
    ends_on: date,
    link: str = "",
    by: Any,
) -> Event:
    _require_editor(by)
    event = Event.objects.select_for_update().get(pk=event.pk)
    event.kind, event.starts_on, event.ends_on, event.link = kind, starts_on, ends_on, link
    _set_translations(event, "title", title)
    _set_translations(event, "body", body)
    _set_translations(event, "place", place)
    _check_event_link(event)
    _save(event)
    audit_event(actor=by, obj=event, event="event_changed", details={"status": event.status})
    return event


def _check_event_link(event: Event) -> None:
    # IS-20: the event's own link too leads only to the Academy or a partner.
    if event.link and disallowed_links(event.link, selectors.partner_hosts()):
        raise ValidationError(
            {
                "link": ValidationError(
                    _(
                        "The link %(link)s leads outside the Academy's and its partners' "
                        "sites; only they may be linked."
                    )
                    % {"link": event.link},
                    code="foreign_link",
                )
            }
        )


@transaction.atomic
def event_publish(*, event: Event, by: Any) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    _check_event_link(event)
    _publish(event, by=by)
    return event


# ---- Partners (IS-20) ----


@transaction.atomic
def partner_create(*, name: Translations, url: str, by: Any) -> Partner:
    _require_editor(by)
    partner = Partner(url=url.strip())
    _set_translations(partner, "name", name)
    if not any((getattr(partner, f"name_{language}") or "") for language in languages()):
        raise ValidationError(
            {f"name_{languages()[0]}": ValidationError(_("Give the partner's name."))}
        )
    partner.full_clean()
    partner.save()
    audit_event(actor=by, obj=partner, event="partner_added", details={"url": partner.url})
    return partner


@transaction.atomic
def partner_delete(*, partner: Partner, by: Any) -> None:
    """Remove a partner; texts already published keep their links until next edited."""
    _require_editor(by)
    audit_event(actor=by, obj=partner, event="partner_removed", details={"url": partner.url})
    partner.delete()

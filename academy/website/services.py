"""The rules of the website, applied to Wagtail pages (IS-15, IS-17, IS-18, IS-20, IS-21).

- `check_page` runs on every save of a page (Page.clean): links only to the Academy's
  own and partners' sites (IS-20), urgent items name initiator and reason (IS-15).
- `missing_languages` is asked before a page is submitted for review, published or
  approved (IS-21): the page and its translations complete in kk, ru and en.
- `publish_translations` publishes the ru/en versions together with the page that was
  approved, so a page goes live in all three languages at once.
"""

import re
import threading
from collections.abc import Mapping
from typing import Any

from bs4 import BeautifulSoup
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from academy.accounts.permissions import user_has_role
from academy.portal import selectors as portal_selectors
from academy.portal.text import is_allowed_link

_state = threading.local()


def languages() -> tuple[str, ...]:
    return tuple(code for code, _name in settings.LANGUAGES)


def language_names(codes: list[str]) -> list[str]:
    names = dict(settings.LANGUAGES)
    return [str(names.get(code, code)) for code in codes]


# ---- IS-20: links ----


def links_in_html(html: str) -> list[str]:
    """The addresses of the external links of a rich text (page and document links are
    Wagtail's own references, stored without an address)."""
    if not html or "<a" not in html:
        return []
    soup = BeautifulSoup(html, "html.parser")
    return [a.get("href", "") for a in soup.find_all("a") if a.get("href") is not None]


def _link_error(link: str) -> ValidationError:
    return ValidationError(
        _(
            "The link %(link)s leads outside the Academy's and its partners' sites; "
            "only they may be linked."
        )
        % {"link": link},
        code="foreign_link",
    )


def _rich_text_fields(page: Page) -> list[str]:
    from wagtail.fields import RichTextField

    return [f.name for f in page._meta.get_fields() if isinstance(f, RichTextField)]


def check_links(page: Page) -> dict[str, list[ValidationError]]:
    """IS-20: every link of the page's texts and its link field, as a browser reads it."""
    hosts = portal_selectors.partner_hosts()
    errors: dict[str, list[ValidationError]] = {}
    for name in _rich_text_fields(page):
        for link in links_in_html(getattr(page, name) or ""):
            if not is_allowed_link(link, hosts):
                errors.setdefault(name, []).append(_link_error(link))
    link = getattr(page, "link", "") or ""
    if link and not is_allowed_link(link, hosts):
        errors.setdefault("link", []).append(_link_error(link))
    return errors


# ---- IS-15: urgent items ----


def check_urgency(page: Any) -> dict[str, list[ValidationError]]:
    """IS-15: an urgent unplanned item names the rector or a vice-rector who ordered it,
    and the reason."""
    if not getattr(page, "urgent", False):
        return {}
    errors: dict[str, list[ValidationError]] = {}
    initiator = page.initiator if page.initiator_id else None
    if initiator is None:
        errors["initiator"] = [
            ValidationError(
                _("Name the member of management who ordered the urgent item."),
                code="initiator",
            )
        ]
    elif not user_has_role(initiator, *portal_selectors.MANAGEMENT_ROLES):
        errors["initiator"] = [
            ValidationError(
                _("The initiator of an urgent item must be the rector or a vice-rector."),
                code="initiator",
            )
        ]
    if not (page.urgent_reason or "").strip():
        errors["urgent_reason"] = [
            ValidationError(_("Give the reason for the urgent publication."), code="urgent_reason")
        ]
    return errors


def check_page(page: Page) -> None:
    """Run on every save of a website page (Page.clean)."""
    errors = check_links(page)
    for field, found in check_urgency(page).items():
        errors.setdefault(field, []).extend(found)
    if errors:
        raise ValidationError(errors)


# ---- IS-21: three languages ----


def _plain(value: Any) -> str:
    return re.sub(r"\s+", " ", strip_tags(str(value or ""))).strip()


def _values(source: Any, fields: tuple[str, ...]) -> tuple[str, ...]:
    if isinstance(source, Mapping):
        return tuple(_plain(source.get(field)) for field in fields)
    return tuple(_plain(getattr(source, field, "")) for field in fields)


def missing_languages(page: Page, own: Any = None) -> list[str]:
    """IS-21: the languages in which the page is missing, empty or still a copy.

    The page's own language counts with `own` (the values being saved, a mapping or a
    page) or its latest revision; every other language with the latest revision of its
    translation. A translation whose texts are all identical to those of the language it
    was copied from (an older page) is not translated yet.
    """
    fields = getattr(page, "translated_fields", ("title",))
    versions: dict[str, tuple[int, tuple[str, ...]]] = {}
    own_code = page.locale.language_code if page.locale_id else languages()[0]
    if own is None:
        own = page.get_latest_revision_as_object() if page.pk else page
    versions[own_code] = (page.pk or 10**12, _values(own, fields))
    if page.pk or page.translation_key:
        others = (
            Page.objects.filter(translation_key=page.translation_key)
            .exclude(pk=page.pk)
            .select_related("locale")
            .specific()
        )
        for other in others:
            code = other.locale.language_code
            if code not in versions:
                latest = other.get_latest_revision_as_object()
                versions[code] = (other.pk, _values(latest, fields))
    missing = []
    for code in languages():
        if code not in versions:
            missing.append(code)
            continue
        order, values = versions[code]
        if not all(values):
            missing.append(code)
        elif any(
            other_order < order and other_values == values
            for other_code, (other_order, other_values) in versions.items()
            if other_code != code
        ):
            missing.append(code)  # a copy of an older language, not translated yet
    return missing


def languages_message(missing: list[str]) -> str:
    return _(
        "Fill in the page in every language before it is submitted or published; "
        "missing: %(languages)s."
    ) % {"languages": ", ".join(language_names(missing))}


# ---- Publishing ----


def publish_translations(page: Page, *, user: Any = None) -> list[Page]:
    """The ru/en (kk) versions of a page just published go live with it (IS-21).

    Only when the page is complete in every language; a translation already live with
    nothing new is left alone.
    """
    if getattr(_state, "publishing", False) or missing_languages(page):
        return []
    published = []
    _state.publishing = True
    try:
        for other in page.get_translations().specific():
            if other.live and not other.has_unpublished_changes:
                continue
            revision = other.get_latest_revision() or other.save_revision(user=user)
            # The page itself was approved or published by someone allowed to.
            revision.publish(user=user, skip_permission_checks=True)
            published.append(other)
    finally:
        _state.publishing = False
    return published


def mark_checked(page: Any) -> None:
    """IS-17: a static page is checked today (its publication or an editor's confirmation)."""
    from .models import StandardPage

    StandardPage.objects.filter(pk=page.pk).update(reviewed_at=timezone.localdate())


def ensure_locales() -> list[Locale]:
    return [Locale.objects.get_or_create(language_code=code)[0] for code in languages()]


def _stale_recipients(page: Any) -> list[Any]:
    """The unit responsible for a page: its owner and whoever last edited it (IS-17)."""
    people = [page.owner, getattr(page.get_latest_revision(), "user", None)]
    return [p for p in dict.fromkeys(people) if p is not None and p.is_active and p.email]


def remind_stale_pages(today: Any = None) -> int:
    """IS-17: the weekly reminder. Each unit's editor gets one e-mail (in their language)
    listing their static pages not checked this quarter; pages whose people are gone go
    to every content editor. Returns the number of e-mails sent."""
    from django.contrib.auth import get_user_model
    from django.core.mail import send_mail
    from django.utils import translation

    from academy.accounts.roles import Role

    from . import selectors

    base = str(getattr(settings, "SITE_URL", "")).rstrip("/")
    editors = [
        u
        for u in get_user_model().objects.filter(is_active=True).exclude(email="")
        if u.has_role(Role.CONTENT_EDITOR)
    ]
    pages_of: dict[Any, list[Any]] = {}
    for page in selectors.stale_pages(today).select_related("owner"):
        for person in _stale_recipients(page) or editors:
            pages_of.setdefault(person, []).append(page)
    for person, pages in pages_of.items():
        with translation.override(person.preferred_language or "kk"):
            lines = "\n".join(
                f"- {p.title} ({p.locale.language_code}): {base}/cms/pages/{p.pk}/edit/"
                for p in pages
            )
            subject = _("Website pages not checked this quarter: %(count)d") % {"count": len(pages)}
            body = _(
                "These pages of the website have not been checked for more than a quarter. "
                "Open each one, check that it is still correct and confirm it "
                "(“Checked, still correct”) or correct it and submit it for review:\n\n"
                "%(pages)s"
            ) % {"pages": lines}
        send_mail(subject, body, None, [person.email])
    return len(pages_of)

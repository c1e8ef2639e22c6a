"""Pages of the website: public ones without login, editors' ones for content editors.

Thin views over selectors (reads) and services (writes, where the rules live).
"""

from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy.accounts.permissions import role_required, user_has_role
from academy.core.media import serve_file
from academy.core.service_calls import run_service as _attempt

from . import selectors, services
from .forms import EventForm, NewsForm, PageForm, PartnerForm
from .models import Event, NewsItem, Page, Partner, Section

EDITORS = selectors.EDITOR_ROLES
NEWS_PER_PAGE = 10


def _is_editor(request: HttpRequest) -> bool:
    return user_has_role(request.user, *EDITORS)


def _site(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A public page: the sections menu is on every one of them (IS-14)."""
    return render(request, template, {"menu": selectors.sections_menu(), **context})


# ---- Public (IS-14, IS-15, IS-16) ----


def front(request: HttpRequest) -> HttpResponse:
    return _site(
        request,
        "portal/front.html",
        {
            "news": selectors.latest_news(5),
            "events": list(selectors.upcoming_events()[:5]),
        },
    )


def section(request: HttpRequest, section: str) -> HttpResponse:
    if section not in Section.values:
        raise Http404
    pages = list(selectors.section_pages(section))
    if len(pages) == 1:
        return redirect(pages[0])
    return _site(
        request,
        "portal/section.html",
        {"section": section, "section_label": Section(section).label, "pages": pages},
    )


def page(request: HttpRequest, section: str, slug: str) -> HttpResponse:
    item = selectors.published_page(section=section, slug=slug)
    if item is None and _is_editor(request):
        item = Page.objects.filter(section=section, slug=slug).first()  # an editor's preview
    if item is None:
        raise Http404
    return _site(
        request,
        "portal/page.html",
        {
            "page": item,
            "section_label": Section(item.section).label,
            "siblings": selectors.section_pages(item.section),
        },
    )


def news_list(request: HttpRequest) -> HttpResponse:
    page_obj = Paginator(selectors.published_news(), NEWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return _site(request, "portal/news_list.html", {"page": page_obj})


def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = NewsItem.objects.all() if _is_editor(request) else selectors.published_news()
    item = get_object_or_404(queryset, pk=pk)  # a draft is not there for the public
    return _site(request, "portal/news_detail.html", {"item": item})


def news_image(request: HttpRequest, pk: int) -> HttpResponse:
    """IS-16: a news item's image, public once the item is published (editors: drafts too)."""
    queryset = NewsItem.objects.all() if _is_editor(request) else selectors.published_news()
    item = get_object_or_404(queryset, pk=pk)
    extension = PurePath(item.image.name or "").suffix
    return serve_file(item.image, filename=f"news-{item.pk}{extension}", as_attachment=False)


def event_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return _site(
        request,
        "portal/event_list.html",
        {
            "upcoming": selectors.upcoming_events(today),
            "past": selectors.past_events(today)[:20],
        },
    )


# ---- Editors (IS-17, IS-18) ----


@role_required(*EDITORS)
def editor_pages(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    pages = [
        (item, item.is_published and item.is_stale(today)) for item in selectors.pages_for_editors()
    ]
    return render(
        request,
        "portal/editor/pages.html",
        {"pages": pages, "stale_count": sum(1 for _item, stale in pages if stale)},
    )


@role_required(*EDITORS)
def editor_news(request: HttpRequest) -> HttpResponse:
    page_obj = Paginator(selectors.news_for_editors(), 30).get_page(request.GET.get("page"))
    return render(request, "portal/editor/news.html", {"page": page_obj})


@role_required(*EDITORS)
def editor_events(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/editor/events.html", {"events": selectors.events_for_editors()})


def _edit(
    request: HttpRequest,
    *,
    form_class: type[forms.Form],
    instance: Any,
    save: Callable[[Any], Any],
    title: str,
    back: str,
) -> HttpResponse:
    files = request.FILES if request.method == "POST" else None
    data = request.POST if request.method == "POST" else None
    form = form_class(data, files, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved: list[Any] = []
        if _attempt(request, lambda: saved.append(save(form)), form=form):
            messages.success(request, _("Saved."))
            return redirect(f"portal:{back}", saved[0].pk)
    return render(
        request,
        "portal/editor/edit.html",
        {"form": form, "object": instance, "title": title, "kind": back},
    )


def _publish(
    request: HttpRequest, action: Callable[[], Any], back: str, pk: int, item: Any = None
) -> HttpResponse:
    """Publishing shows a summary first (GET); the public sees the item once it is confirmed."""
    if request.method != "POST":
        if item is None or item.is_published:
            return redirect(f"portal:{back}", pk)
        return render(
            request,
            "portal/editor/publish_confirm.html",
            {"item": item, "summary": selectors.publish_summary(item), "back": back},
        )
    if _attempt(request, action, form=None):
        messages.success(request, _("Published."))
    return redirect(f"portal:{back}", pk)


@role_required(*EDITORS)
def page_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    item = get_object_or_404(Page, pk=pk) if pk else None

    def save(form: Any) -> Page:
        fields = {
            "section": form.cleaned_data["section"],
            "slug": form.cleaned_data["slug"],
            "order": form.cleaned_data["order"] or 0,
            "title": form.translations("title"),
            "body": form.translations("body"),
        }
        if item is None:
            return services.page_create(**fields, by=request.user)
        return services.page_update(page=item, **fields, by=request.user)

    return _edit(
        request,
        form_class=PageForm,
        instance=item,
        save=save,
        title=_("Edit the page") if item else _("New page"),
        back="page_edit",
    )


@role_required(*EDITORS)
def page_publish(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Page, pk=pk)
    return _publish(
        request, lambda: services.page_publish(page=item, by=request.user), "page_edit", pk, item
    )


@require_POST
@role_required(*EDITORS)
def page_reviewed(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Page, pk=pk)
    if _attempt(
        request, lambda: services.page_mark_reviewed(page=item, by=request.user), form=None
    ):
        messages.success(request, _("The page is marked as checked today."))
    return redirect("portal:editor_pages")


@role_required(*EDITORS)
def news_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    item = get_object_or_404(NewsItem, pk=pk) if pk else None

    def save(form: Any) -> NewsItem:
        data = form.cleaned_data
        fields = {
            "title": form.translations("title"),
            "body": form.translations("body"),
            "image": data.get("image") or None,
            "urgent": data["urgent"],
            "initiator": data["initiator"],
            "urgent_reason": data["urgent_reason"],
        }
        if item is None:
            return services.news_create(**fields, by=request.user)
        return services.news_update(
            news=item, **fields, remove_image=data.get("image") is False, by=request.user
        )

    return _edit(
        request,
        form_class=NewsForm,
        instance=item,
        save=save,
        title=_("Edit the news item") if item else _("New news item"),
        back="news_edit",
    )


@role_required(*EDITORS)
def news_publish(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(NewsItem, pk=pk)
    return _publish(
        request, lambda: services.news_publish(news=item, by=request.user), "news_edit", pk, item
    )


@role_required(*EDITORS)
def event_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    item = get_object_or_404(Event, pk=pk) if pk else None

    def save(form: Any) -> Event:
        data = form.cleaned_data
        fields = {
            "kind": data["kind"],
            "title": form.translations("title"),
            "body": form.translations("body"),
            "place": form.translations("place"),
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "link": data["link"],
        }
        if item is None:
            return services.event_create(**fields, by=request.user)
        return services.event_update(event=item, **fields, by=request.user)

    return _edit(
        request,
        form_class=EventForm,
        instance=item,
        save=save,
        title=_("Edit the event") if item else _("New event"),
        back="event_edit",
    )


@role_required(*EDITORS)
def event_publish(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Event, pk=pk)
    return _publish(
        request,
        lambda: services.event_publish(event=item, by=request.user),
        "event_edit",
        pk,
        item,
    )


@role_required(*EDITORS)
def editor_partners(request: HttpRequest) -> HttpResponse:
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = lambda: services.partner_create(  # noqa: E731
            name=form.translations("name"), url=form.cleaned_data["url"], by=request.user
        )
        if _attempt(request, action, form=form):
            messages.success(request, _("The partner is added."))
            return redirect("portal:editor_partners")
    return render(
        request, "portal/editor/partners.html", {"form": form, "partners": selectors.partners()}
    )


@require_POST
@role_required(*EDITORS)
def partner_delete(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=pk)
    if _attempt(
        request, lambda: services.partner_delete(partner=partner, by=request.user), form=None
    ):
        messages.success(request, _("The partner is removed."))
    return redirect("portal:editor_partners")


def editor_moved(request: HttpRequest, rest: str = "") -> HttpResponse:
    """The editors' pages were at /site/editor/…; the Wagtail site took /site/, so they
    answer at /site/legacy/editor/… (no old address returns 404, issue 16)."""
    return redirect(reverse("portal:editor_pages") + rest, permanent=True)

"""The rules of the regulation inside Wagtail's admin (IS-17, IS-18, IS-21)."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from wagtail import hooks

from . import selectors, services, views
from .models import WebsitePage


@hooks.register("before_publish_page")
def refuse_incomplete_languages(request: HttpRequest, page: Any) -> HttpResponse | None:
    """IS-21: nothing is published until it is complete in Kazakh, Russian and English;
    the draft is kept and the editor told which languages are missing."""
    if not isinstance(page, WebsitePage):
        return None
    missing = services.missing_languages(page)
    if not missing:
        return None
    messages.error(request, services.languages_message(missing))
    return redirect("wagtailadmin_pages:edit", page.pk)


class StalePagesPanel:
    """IS-17: the static pages not checked for more than a quarter, on the admin's home."""

    name = "stale_pages"
    order = 50

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    @property
    def media(self) -> Any:
        from django.forms import Media

        return Media()

    def render_html(self, parent_context: Any = None) -> str:
        pages = list(selectors.stale_pages()[:50])
        return render_to_string(
            "website/admin/stale_pages_panel.html",
            {"pages": pages, "request": self.request},
            request=self.request,
        )

    def render(self) -> str:
        return mark_safe(self.render_html())  # noqa: S308 – a template's output


@hooks.register("construct_homepage_panels")
def add_stale_pages_panel(request: HttpRequest, panels: list[Any]) -> None:
    panels.append(StalePagesPanel(request))


@hooks.register("register_admin_urls")
def website_admin_urls() -> list[Any]:
    return [
        path(
            "website/pages/<int:pk>/checked/",
            views.page_checked,
            name="website_page_checked",
        ),
    ]


def checked_url(page: Any) -> str:
    return reverse("website_page_checked", args=[page.pk])

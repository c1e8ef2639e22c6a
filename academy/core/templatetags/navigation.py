"""Breadcrumbs for every page: home › section › what the view adds › this page."""

from typing import Any

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.urls import reverse
from django.utils.translation import gettext as _

from academy.core import navigation as nav

register = template.Library()


def _page_title(context: template.Context) -> str:
    """The text of the page's `title` block, rendered a second time for the last crumb."""
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    blocks = block_context.blocks.get("title", []) if block_context else []
    if len(blocks) < 2:  # only base.html's own title: the page names itself no better
        return ""
    block = blocks[-1]
    with context.push(block=block):
        return block.nodelist.render(context).strip()


@register.inclusion_tag("core/_breadcrumbs.html", takes_context=True)
def breadcrumbs(context: template.Context) -> dict[str, Any]:
    """Crumbs as (label, url); the last one is the current page (no url).

    A view or template adds intermediate crumbs with a `breadcrumbs` context variable: a
    list of (label, url) pairs between the section and the page.
    """
    request = context.get("request")
    user = context.get("user")
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    path = request.path if request else ""
    authenticated = getattr(user, "is_authenticated", False)
    home = (
        (_("Dashboard"), reverse("core:dashboard"))
        if authenticated
        else (_("Home"), reverse("core:home"))
    )
    crumbs: list[tuple[str, str]] = [home]
    section = nav.section_for_view(view_name)
    if section is not None:
        start = nav.section_start(user, section)
        crumbs.append((str(section.label), start))
    crumbs.extend((str(label), url) for label, url in context.get("breadcrumbs") or [])
    title = _page_title(context)
    if crumbs[-1][1] == path:
        crumbs[-1] = (crumbs[-1][0], "")
    elif title:
        crumbs.append((title, ""))
    return {"crumbs": crumbs}

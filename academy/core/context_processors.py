from typing import Any

from django.conf import settings
from django.http import HttpRequest

from . import navigation as nav
from .search import can_search


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The language list, the top menu and whether the staff search box shows.

    The menu and the search flag are callables, so a template that shows no menu (an htmx
    fragment) costs nothing.
    """
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    return {
        "LANGUAGE_CHOICES": settings.LANGUAGES,
        "main_menu": lambda: nav.menu_for(user, view_name),
        "show_search": lambda: user is not None and can_search(user),
    }

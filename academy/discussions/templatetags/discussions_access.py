from typing import Any

from django import template

from .. import selectors

register = template.Library()


@register.filter
def may_discuss(user: Any, course: Any) -> bool:
    """Whether the course's forum is open to `user` (links are shown only to them)."""
    return selectors.can_view_forum(user, course)

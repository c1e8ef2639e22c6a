from typing import Any

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context: template.Context) -> dict[str, Any]:
    """The bell in the top bar: a link to the notifications with the unread count."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"count": selectors.unread_count(user) if user is not None else 0}

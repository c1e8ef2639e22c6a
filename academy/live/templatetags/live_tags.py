from typing import Any

from django import template

from .. import selectors

register = template.Library()
SHOWN = 20


@register.inclusion_tag("live/_timetable.html", takes_context=True)
def upcoming_live_sessions(context: template.Context) -> dict[str, Any]:
    """The user's coming live sessions, for the training timetable page."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"sessions": []}
    return {"sessions": list(selectors.upcoming(selectors.sessions_for(user))[:SHOWN])}

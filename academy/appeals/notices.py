"""What the system tells people about their appeals and sittings.

Like reasons.py: a notification keeps a message code and its parameters, never its
wording, so that each reader sees it in their own language and each e-mail goes out in
the recipient's preferred language.
"""

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

APPEAL_FILED = "appeal_filed"  # AP-10
SITTING_SCHEDULED = "sitting_scheduled"  # AP-11
MATERIALS_READY = "materials_ready"  # AP-12, AP-13
POSTPONEMENT_ASKED = "postponement_asked"  # AP-14
POSTPONED = "postponed"  # AP-14
DECIDED = "decided"  # AP-22, AP-23
# Text written before notifications were coded, kept word for word in `params["text"]`.
LEGACY = "legacy"

MESSAGES = {
    APPEAL_FILED: _("A new appeal has been filed: %(appeal)s."),
    SITTING_SCHEDULED: _("Your appeal will be heard on %(when)s, %(place)s."),
    MATERIALS_READY: _("Materials for the sitting of %(when)s are ready for study."),
    POSTPONEMENT_ASKED: _("The candidate asks to postpone %(appeal)s."),
    POSTPONED: _("The hearing of %(appeal)s has been postponed; a new date will follow."),
    DECIDED: _("The commission has decided on %(appeal)s: %(decision)s."),
}


def moment(value: datetime) -> str:
    """A date and time as a JSON-safe parameter."""
    return value.isoformat()


def _param(name: str, value: Any) -> Any:
    if name == "appeal":
        return gettext("Appeal No. %(number)s") % {"number": value}
    if name == "when":
        return timezone.localtime(datetime.fromisoformat(value)).strftime("%d.%m.%Y %H:%M")
    if name == "decision":
        from .models import Appeal

        try:
            return str(Appeal.Decision(value).label)
        except ValueError:
            return str(value)
    return value


def render(code: str, params: dict[str, Any] | None = None) -> str:
    """The message in the active language."""
    params = dict(params or {})
    if not code:
        return ""
    if code == LEGACY:
        return str(params.get("text", ""))
    message = MESSAGES.get(code)
    if message is None:
        return code  # a code from a newer version: better shown than lost
    return str(message) % {name: _param(name, value) for name, value in params.items()}

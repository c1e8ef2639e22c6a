from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from academy.accounts.permissions import user_has_role
from academy.accounts.roles import Role
from academy.core.navigation import Tile, register_alerts, register_tiles

from . import selectors
from .services import programme_send_deadline

RESPONSIBLE = (Role.METHODOLOGIST, Role.ADMINISTRATOR)

register_tiles(
    [
        Tile(
            gettext_lazy("Outgoing documents"),
            gettext_lazy("What is sent to the Council, the courts and the HR service, and when."),
            "outgoing:register",
            frozenset(RESPONSIBLE),
        )
    ]
)


def _overdue(user: Any) -> list[dict[str, str]]:
    """The methodologist (the study department) answers for sending on time (TR-13)."""
    if not user_has_role(user, *RESPONSIBLE):
        return []
    url = reverse("outgoing:register")
    alerts = [
        {
            "text": _(
                "The programme of %(group)s was due at the Council and the Supreme Court by "
                "%(date)s and has not been sent (TR-13)."
            )
            % {"group": programme.group, "date": programme_send_deadline(programme).isoformat()},
            "url": programme.group.get_absolute_url(),
        }
        for programme in selectors.programmes_not_sent_in_time()[:20]
    ]
    alerts += [
        {
            "text": _("%(document)s to %(recipient)s was due by %(date)s and has not been sent.")
            % {
                "document": entry.get_kind_display(),
                "recipient": entry.recipient,
                "date": entry.due_on.isoformat() if entry.due_on else "",
            },
            "url": url,
        }
        for entry in selectors.overdue_outgoing().exclude(kind="programme")[:20]
    ]
    return alerts


register_alerts(_overdue)

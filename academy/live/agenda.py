"""Dashboard panel of live sessions: the user's next online classes and oral exams."""

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from academy.accounts.roles import Role
from academy.core.agenda import SHOWN, Agenda, AgendaItem, AgendaPanel, register_agenda

from .selectors import sessions_for


def _coming(user: Any, now: datetime) -> AgendaPanel | None:
    sessions = sessions_for(user).filter(ends_at__gte=now, cancelled=False).select_related("exam")
    shown = list(sessions[:SHOWN])
    if not shown:
        return None
    return AgendaPanel(
        title=_("Coming live sessions"),
        count=sessions.count() if len(shown) == SHOWN else len(shown),
        items=[
            AgendaItem(
                text=session.shown_title,
                url=reverse("live:session", args=[session.pk]),
                when=session.starts_at,
                note=session.get_kind_display(),
            )
            for session in shown
        ],
        more_url=reverse("live:my_sessions"),
    )


register_agenda(
    [
        Agenda(
            "live_sessions",
            frozenset({Role.LISTENER, Role.LECTURER, Role.EXAM_COMMISSION_MEMBER}),
            _coming,
            order=40,
        )
    ]
)

"""Dashboard panel of the discussions: listeners' questions waiting for the lecturer."""

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from academy.accounts.roles import Role
from academy.core.agenda import SHOWN, Agenda, AgendaItem, AgendaPanel, register_agenda

from .selectors import unanswered_questions


def _questions(user: Any, now: datetime) -> AgendaPanel | None:
    """TR-8: the questions to the lecturer in the groups `user` teaches, oldest first."""
    questions = unanswered_questions(user).select_related("course", "author").order_by("created_at")
    shown = list(questions[:SHOWN])
    if not shown:
        return None
    return AgendaPanel(
        title=_("Questions waiting for your answer"),
        count=questions.count() if len(shown) == SHOWN else len(shown),
        items=[
            AgendaItem(
                text=topic.title,
                url=reverse("discussions:topic", args=[topic.pk]),
                when=topic.created_at,
                note=f"{topic.author.full_name} · {topic.course.title}",
            )
            for topic in shown
        ],
    )


register_agenda([Agenda("questions_to_lecturer", frozenset({Role.LECTURER}), _questions)])

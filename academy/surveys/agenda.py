"""Dashboard panel of surveys: the listener's final surveys still to answer."""

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from academy.accounts.roles import Role
from academy.core.agenda import SHOWN, Agenda, AgendaItem, AgendaPanel, register_agenda

from .selectors import listener_open_surveys


def _pending_surveys(user: Any, now: datetime) -> AgendaPanel:
    pending = [row.survey for row in listener_open_surveys(user) if not row.answered]
    return AgendaPanel(
        title=_("Surveys to answer"),
        count=len(pending),
        items=[
            AgendaItem(
                text=survey.group.course.title,
                url=reverse("surveys:survey_answer", args=[survey.pk]),
                when=survey.closes_on,
                note=_("last day to answer"),
            )
            for survey in pending[:SHOWN]
        ],
        more_url=reverse("surveys:my_surveys"),
        empty=_("No survey is waiting for you."),
    )


register_agenda([Agenda("pending_surveys", frozenset({Role.LISTENER}), _pending_surveys, order=30)])

"""Dashboard panel of appeals: the secretary's and chair's open appeals, nearest sitting first."""

from datetime import datetime
from typing import Any

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academy.accounts.roles import Role
from academy.core.agenda import SHOWN, Agenda, AgendaItem, AgendaPanel, register_agenda

from .models import Appeal


def _open_appeals(user: Any, now: datetime) -> AgendaPanel:
    appeals = (
        Appeal.objects.filter(
            Q(commission__secretary=user) | Q(commission__chair=user),
            status__in=[Appeal.Status.FILED, Appeal.Status.SCHEDULED],
        )
        .select_related("result__candidate", "sitting")
        .order_by(F("sitting__starts_at").asc(nulls_first=True), "filed_at", "pk")
        .distinct()
    )
    shown = list(appeals[:SHOWN])
    items = []
    for appeal in shown:
        sitting = appeal.sitting
        text = f"{appeal.result.candidate.short_name} – {appeal.result.get_stage_display()}"
        url = reverse("appeals:appeal_detail", args=[appeal.pk])
        if sitting is None:
            items.append(
                AgendaItem(
                    text=text,
                    url=url,
                    when=timezone.localtime(appeal.filed_at),
                    note=_("filed, no sitting yet"),
                    urgent=True,
                )
            )
        else:
            items.append(
                AgendaItem(
                    text=text,
                    url=url,
                    when=timezone.localtime(sitting.starts_at),
                    note=_("sitting; materials not sent yet")
                    if sitting.materials_sent_at is None
                    else _("sitting"),
                    urgent=sitting.materials_sent_at is None,
                )
            )
    return AgendaPanel(
        title=_("Appeals to prepare"),
        count=appeals.count() if len(shown) == SHOWN else len(shown),
        items=items,
        more_url=reverse("appeals:index"),
        empty=_("No open appeals."),
    )


register_agenda(
    [
        Agenda(
            "open_appeals",
            frozenset({Role.APPEALS_SECRETARY, Role.APPEALS_CHAIR}),
            _open_appeals,
            order=10,
        )
    ]
)

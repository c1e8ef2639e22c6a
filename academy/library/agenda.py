"""Dashboard panels of the e-library: the reader's books due, the librarian's overdue loans
and open acquisition orders."""

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academy.core.agenda import SHOWN, Agenda, AgendaItem, AgendaPanel, register_agenda

from .models import AcquisitionOrder, Loan
from .roles import LIBRARY_STAFF, READER_ROLES
from .selectors import loans_list


def _books_due(user: Any, now: datetime) -> AgendaPanel | None:
    loans = list(
        Loan.objects.filter(reader__user=user, returned_at__isnull=True)
        .select_related("copy__record")
        .order_by("due_on", "pk")
    )
    today = timezone.localdate(now)
    return AgendaPanel(
        title=_("Books due"),
        count=len(loans),
        items=[
            AgendaItem(
                text=loan.copy.record.title,
                url=reverse("library:my_loans"),
                when=loan.due_on,
                note=_("overdue, was due") if loan.due_on < today else _("due date"),
                urgent=loan.due_on < today,
            )
            for loan in loans[:SHOWN]
        ],
        more_url=reverse("library:my_loans"),
        empty=_("You hold no books from the library."),
    )


def _overdue_loans(user: Any, now: datetime) -> AgendaPanel:
    overdue = loans_list(overdue_only=True)
    shown = list(overdue[:SHOWN])
    url = reverse("library:loans") + "?overdue=1"
    return AgendaPanel(
        title=_("Overdue loans"),
        count=overdue.count() if len(shown) == SHOWN else len(shown),
        items=[
            AgendaItem(
                text=loan.copy.record.title,
                url=url,
                when=loan.due_on,
                note=loan.reader.user.short_name,
                urgent=True,
            )
            for loan in shown
        ],
        more_url=url,
        empty=_("No overdue loans."),
    )


PENDING_ORDER_STATUSES = (
    AcquisitionOrder.Status.DRAFT,
    AcquisitionOrder.Status.ORDERED,
    AcquisitionOrder.Status.PARTLY_RECEIVED,
)


def _pending_orders(user: Any, now: datetime) -> AgendaPanel:
    orders = (
        AcquisitionOrder.objects.filter(status__in=PENDING_ORDER_STATUSES)
        .select_related("supplier")
        .order_by("ordered_on", "pk")
    )
    shown = list(orders[:SHOWN])
    return AgendaPanel(
        title=_("Pending orders"),
        count=orders.count() if len(shown) == SHOWN else len(shown),
        items=[
            AgendaItem(
                text=str(order.supplier),
                url=reverse("library:order_detail", args=[order.pk]),
                when=order.ordered_on,
                note=order.get_status_display(),
            )
            for order in shown
        ],
        more_url=reverse("library:orders"),
        empty=_("No pending orders."),
    )


register_agenda(
    [
        Agenda("books_due", frozenset(READER_ROLES), _books_due, order=40),
        Agenda("overdue_loans", frozenset(LIBRARY_STAFF), _overdue_loans, order=10),
        Agenda("pending_orders", frozenset(LIBRARY_STAFF), _pending_orders, order=20),
    ]
)

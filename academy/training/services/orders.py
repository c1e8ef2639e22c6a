"""Rector's orders (TR-15, TR-18, TR-28): draft, then signed; signing changes enrolments."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.accounts.models import User
from academy.accounts.roles import Role
from academy.core.audit import audit_event

from ..models import Enrolment, ExpulsionProposal, Group, Order, OrderItem
from ..notifications import notify_order_signed
from ..signals import order_signed
from .common import require_role


def _new_order(*, kind: str, group: Group, by: Any, **fields: Any) -> Order:
    require_role(by, Role.METHODOLOGIST, Role.VICE_RECTOR, Role.RECTOR)
    order = Order(kind=kind, group=group, created_by=by, **fields)
    order.full_clean()
    order.save()
    return order


def _add_items(order: Order, enrolments: list[Enrolment], replacement: Any = None) -> None:
    for enrolment in enrolments:
        item = OrderItem(order=order, enrolment=enrolment, replacement=replacement)
        item.full_clean()
        item.save()


@transaction.atomic
def order_create_admission(*, group: Group, by: Any) -> Order:
    """Draft the order admitting the listeners the Court Administration listed (TR-15)."""
    if group.status != Group.Status.CONFIRMED:
        raise ValidationError(
            _("Confirm the group before drafting its admission order."), code="group_forming"
        )
    listed = list(group.enrolments.filter(status=Enrolment.Status.LISTED))
    if not listed:
        raise ValidationError(_("There is nobody to admit in this group."), code="empty")
    order = _new_order(kind=Order.Kind.ADMISSION, group=group, by=by)
    _add_items(order, listed)
    audit_event(actor=by, obj=order, event="order_drafted")
    return order


def _check_proposal(reason: str, proposer: str, consent: bool) -> None:
    # TR-15: good reason, proposed by the regional chair or head of the court administrator,
    # with the Court Administration's consent.
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Give the good reason.")
    if proposer not in (Order.Proposer.REGIONAL_CHAIR, Order.Proposer.HEAD_OF_ADMINISTRATOR):
        errors["proposer"] = _(
            "A replacement or withdrawal is proposed by the chair of the regional court or the head of the court administrator."
        )
    if not consent:
        errors["court_administration_consent"] = _(
            "The Court Administration's consent is required."
        )
    if errors:
        raise ValidationError(errors, code="proposal")


@transaction.atomic
def order_create_withdrawal(
    *,
    enrolment: Enrolment,
    reason: str,
    proposer: str,
    proposer_name: str,
    court_administration_consent: bool,
    by: Any,
) -> Order:
    """Draft the withdrawal of a listener for good reason (TR-15)."""
    _check_proposal(reason, proposer, court_administration_consent)
    if enrolment.status not in (Enrolment.Status.LISTED, Enrolment.Status.ADMITTED):
        raise ValidationError(_("This listener is no longer in the group."), code="inactive")
    order = _new_order(
        kind=Order.Kind.WITHDRAWAL,
        group=enrolment.group,
        by=by,
        reason=reason.strip(),
        proposer=proposer,
        proposer_name=proposer_name,
        court_administration_consent=True,
    )
    _add_items(order, [enrolment])
    audit_event(actor=by, obj=order, event="order_drafted")
    return order


@transaction.atomic
def order_create_replacement(
    *,
    enrolment: Enrolment,
    replacement: User,
    reason: str,
    proposer: str,
    proposer_name: str,
    court_administration_consent: bool,
    by: Any,
) -> Order:
    """Draft the replacement of a listener by another person (TR-15)."""
    _check_proposal(reason, proposer, court_administration_consent)
    group = enrolment.group
    if enrolment.status not in (Enrolment.Status.LISTED, Enrolment.Status.ADMITTED):
        raise ValidationError(_("This listener is no longer in the group."), code="inactive")
    expected = User.Category.JUDGE if group.is_for_judges else User.Category.COURT_STAFF
    if replacement.category != expected:
        raise ValidationError(
            {
                "replacement": _("Wrong category for this group: the group is for “%(expected)s”.")
                % {"expected": User.Category(expected).label}
            },
            code="category",
        )
    if Enrolment.objects.filter(
        group__course=group.course,
        listener=replacement,
        status__in=(Enrolment.Status.LISTED, Enrolment.Status.ADMITTED),
    ).exists():
        raise ValidationError(
            {
                "replacement": _("%(name)s is already in a group of this course.")
                % {"name": replacement.full_name}
            },
            code="duplicate",
        )
    order = _new_order(
        kind=Order.Kind.REPLACEMENT,
        group=group,
        by=by,
        reason=reason.strip(),
        proposer=proposer,
        proposer_name=proposer_name,
        court_administration_consent=True,
    )
    _add_items(order, [enrolment], replacement=replacement)
    audit_event(actor=by, obj=order, event="order_drafted")
    return order


@transaction.atomic
def order_create_expulsion(*, proposal: ExpulsionProposal, reason: str = "", by: Any) -> Order:
    """The vice-rector proposes expulsion for unexcused absence (TR-18)."""
    require_role(by, Role.VICE_RECTOR)
    if proposal.status != ExpulsionProposal.Status.OPEN:
        raise ValidationError(_("This proposal has already been decided."), code="decided")
    order = _new_order(
        kind=Order.Kind.EXPULSION,
        group=proposal.enrolment.group,
        by=by,
        reason=reason.strip()
        or _("%(count)s classes missed without good reason.") % {"count": proposal.unexcused_count},
        proposer=Order.Proposer.VICE_RECTOR,
        proposer_name=by.full_name,
        # TR-18: the order goes to the Court Administration HR service and the regional chair.
        recipients=_(
            "Court Administration HR service; chair of the regional (or equivalent) court"
        ),
    )
    _add_items(order, [proposal.enrolment])
    proposal.status = ExpulsionProposal.Status.PROPOSED
    proposal.decided_at = timezone.now()
    proposal.decided_by = by
    proposal.order = order
    proposal.save(update_fields=["status", "decided_at", "decided_by", "order"])
    audit_event(actor=by, obj=order, event="order_drafted")
    return order


@transaction.atomic
def order_create_certificate(*, group: Group, enrolments: list[Enrolment], by: Any) -> Order:
    """Draft the certificate order for the listeners who passed (TR-28; exams decide who)."""
    if not enrolments:
        raise ValidationError(_("There is nobody to certify."), code="empty")
    for enrolment in enrolments:
        if enrolment.group_id != group.pk or enrolment.status != Enrolment.Status.ADMITTED:
            raise ValidationError(
                _("%(name)s is not an admitted listener of this group.")
                % {"name": enrolment.listener.full_name},
                code="not_admitted",
            )
    order = _new_order(kind=Order.Kind.CERTIFICATE, group=group, by=by)
    _add_items(order, enrolments)
    audit_event(actor=by, obj=order, event="order_drafted")
    return order


def _check_can_start(group: Group) -> None:
    # TR-13: the course starts only with a programme approved and sent in time.
    programme = getattr(group, "programme", None)
    if programme is None or not programme.is_approved or not programme.sent_at:
        raise ValidationError(
            _(
                "The group's course programme must be approved by the rector and sent to the Council and the Supreme Court before listeners are admitted."
            ),
            code="programme_missing",
        )


ORDER_EFFECT = {
    Order.Kind.ADMISSION: ((Enrolment.Status.LISTED,), Enrolment.Status.ADMITTED),
    Order.Kind.WITHDRAWAL: (
        (Enrolment.Status.LISTED, Enrolment.Status.ADMITTED),
        Enrolment.Status.WITHDRAWN,
    ),
    Order.Kind.REPLACEMENT: (
        (Enrolment.Status.LISTED, Enrolment.Status.ADMITTED),
        Enrolment.Status.REPLACED,
    ),
    Order.Kind.EXPULSION: ((Enrolment.Status.ADMITTED,), Enrolment.Status.EXPELLED),
    Order.Kind.CERTIFICATE: ((Enrolment.Status.ADMITTED,), Enrolment.Status.COMPLETED),
}


@transaction.atomic
def order_sign(*, order: Order, number: str, date: date, by: Any) -> Order:
    """The rector signs an order; only now do the listeners' statuses change.

    Steps: check the signer and the order; give it its number and date; apply the
    change to each listener it names; record the signature in the audit log.
    """
    require_role(by, Role.RECTOR)
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.is_signed:
        raise ValidationError(_("The order is already signed."), code="signed")
    if not number.strip():
        raise ValidationError({"number": _("Give the order number.")}, code="number")
    if order.kind == Order.Kind.ADMISSION:
        _check_can_start(order.group)
    order.number = number.strip()
    order.date = date
    order.status = Order.Status.SIGNED
    order.signed_at = timezone.now()
    order.signed_by = by
    order.full_clean()
    order.save()
    allowed, new_status = ORDER_EFFECT[Order.Kind(order.kind)]
    now = timezone.now()
    for item in order.items.select_related("enrolment", "enrolment__listener"):
        enrolment = item.enrolment
        if enrolment.status not in allowed:
            raise ValidationError(
                _("%(name)s is “%(status)s”; this order cannot apply to them.")
                % {"name": enrolment.listener.full_name, "status": enrolment.get_status_display()},
                code="status",
            )
        enrolment.status = new_status
        enrolment.status_changed_at = now
        enrolment.save(update_fields=["status", "status_changed_at"])
        if order.kind == Order.Kind.REPLACEMENT and item.replacement_id:
            Enrolment.objects.update_or_create(
                group=order.group,
                listener=item.replacement,
                defaults={
                    "status": Enrolment.Status.ADMITTED,
                    "status_changed_at": now,
                    "listed_by": order.created_by,
                },
            )
    # Receivers run in this transaction: documents issues certificates here (TR-28).
    order_signed.send(sender=Order, order=order, by=by)
    notify_order_signed(order)
    audit_event(
        actor=by,
        obj=order,
        event="order_signed",
        details={"number": order.number, "date": date.isoformat(), "kind": order.kind},
    )
    return order

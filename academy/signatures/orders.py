"""Rector's orders signed with a digital signature (TR-15, TR-18, TR-28).

The order's PDF is rendered by the server, deterministically, with the number and date the
rector gives; the rector signs those bytes in NCALayer; the server renders them again,
verifies the CMS over exactly them and only then lets training's ``order_sign`` change the
listeners' statuses (which sends ``order_signed``, so certificates are still issued).
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from academy.accounts.permissions import user_has_role
from academy.accounts.roles import Role
from academy.core.pdf import Block, render_blocks
from academy.training import services as training_services
from academy.training.models import Order

from .models import Signature, SignedDocument
from .services import document_store_signed, signature_verify_person


def order_filename(order: Order, number: str) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in number) or str(order.pk)
    return f"order-{safe}.pdf"


def render_order_pdf(*, order: Order, number: str, date: dt.date, rector: Any) -> bytes:
    """The order as the rector signs it: the same data gives the same bytes."""
    blocks: list[Block] = [
        ("sub", _("Academy of Justice under the Supreme Judicial Council")),
        ("head", _("ORDER No. %(number)s") % {"number": number}),
        ("text", _("Date: %(date)s") % {"date": date.strftime("%d.%m.%Y")}),
        ("sub", order.get_kind_display()),
        ("text", _("Group: %(group)s") % {"group": order.group}),
    ]
    if order.reason:
        blocks.append(("text", _("Reason: %(reason)s") % {"reason": order.reason}))
    if order.proposer:
        blocks.append(
            (
                "text",
                _("Proposed by: %(proposer)s")
                % {
                    "proposer": " – ".join(
                        p for p in (order.get_proposer_display(), order.proposer_name) if p
                    )
                },
            )
        )
    rows = [[_("No."), _("Listener"), _("IIN"), _("Court"), _("Replaced by")]]
    items = order.items.select_related("enrolment__listener__court", "replacement").order_by(
        "enrolment__listener__surname", "enrolment__listener__first_name", "pk"
    )
    for index, item in enumerate(items, start=1):
        listener = item.enrolment.listener
        rows.append(
            [
                str(index),
                listener.full_name,
                listener.iin,
                str(listener.court or "—"),
                item.replacement.full_name if item.replacement else "",
            ]
        )
    blocks.append(("table", rows))
    if order.recipients:
        blocks.append(("text", _("Recipients: %(names)s") % {"names": order.recipients}))
    blocks.append(("sub", _("Rector: %(name)s") % {"name": rector.full_name}))
    return render_blocks(
        blocks,
        title=_("ORDER No. %(number)s") % {"number": number},
        col_widths_mm=[12, 55, 30, 50, 28],
        invariant=True,
    )


def order_sign_with_signature(
    *, order: Order, number: str, date: dt.date, cms_bytes: bytes, by: Any
) -> SignedDocument:
    """TR-15, TR-18, TR-28: the order takes effect only with a valid signature over its PDF.

    Steps: the rector only; render the order's PDF again from the number and date; verify
    the CMS over exactly those bytes and the rector's IIN; then, in one transaction, keep
    the PDF and the signature and sign the order (training's ``order_sign``).
    """
    if not user_has_role(by, Role.RECTOR):
        raise ValidationError(_("Only the rector signs orders."), code="role")
    if order.is_signed:
        raise ValidationError(_("The order is already signed."), code="signed")
    number = number.strip()
    if not number:
        raise ValidationError({"number": _("Give the order number.")}, code="number")
    content = render_order_pdf(order=order, number=number, date=date, rector=by)
    verification = signature_verify_person(content=content, cms_bytes=cms_bytes, by=by)

    def take_effect(_document: SignedDocument) -> None:
        training_services.order_sign(order=order, number=number, date=date, by=by)

    return document_store_signed(
        kind=SignedDocument.Kind.ORDER,
        subject=order,
        title=_("ORDER No. %(number)s") % {"number": number},
        filename=order_filename(order, number),
        content=content,
        form=SignedDocument.Form.CMS,
        verification=verification,
        cms_bytes=cms_bytes,
        role=Signature.Role.PERSON,
        by=by,
        effect=take_effect,
    )

"""IS-12, IS-4.8: the librarian signs the act of the acquisition register of a period.

Turned on by ``SIGNATURES_LIBRARY_ACT``. The server renders the act (ReportLab with
``invariant``: the same register gives the same bytes), the librarian signs it in NCALayer,
and the act comes into being only with a valid signature over exactly those bytes.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from academy.accounts.permissions import user_has_role
from academy.accounts.roles import Role
from academy.core.pdf import render_blocks
from academy.library import selectors as library_selectors

from .models import LibraryRegisterAct, Signature, SignedDocument
from .services import document_store_signed, signature_verify_person


def library_act_enabled() -> bool:
    return bool(settings.SIGNATURES_LIBRARY_ACT)


def render_library_act(*, date_from: dt.date, date_to: dt.date) -> bytes:
    """The act: period, totals by fund source, write-offs and every entry of the register."""
    book = library_selectors.acquisition_register(date_from=date_from, date_to=date_to)
    period = f"{date_format(date_from, 'd.m.Y')} – {date_format(date_to, 'd.m.Y')}"
    totals = [[_("Fund source"), _("Copies received"), _("Sum, tenge")]]
    totals += [[t.label, t.copies, t.amount] for t in book.receipts_by_source]
    totals.append([_("Total received"), book.received_copies, book.received_amount])
    totals.append([_("Written off"), book.written_off_copies, book.written_off_amount])
    entries = [[_("No."), _("Date"), _("Entry"), _("Barcode"), _("Price, tenge")]]
    entries += [
        [
            index,
            date_format(entry.entered_on, "d.m.Y"),
            entry.get_kind_display(),
            entry.copy.barcode,
            entry.price,
        ]
        for index, entry in enumerate(book.entries, start=1)
    ]
    blocks = [
        ("head", _("Act of the acquisition register")),
        ("text", _("Period: %(period)s") % {"period": period}),
        ("table", totals),
        ("sub", _("Entries of the register")),
        ("table", entries),
    ]
    return render_blocks(
        blocks,
        title=str(_("Act of the acquisition register")),
        col_widths_mm=[15, 30, 45, 45, 40],
        invariant=True,
    )


def signed_act(*, date_from: dt.date, date_to: dt.date) -> LibraryRegisterAct | None:
    return LibraryRegisterAct.objects.filter(date_from=date_from, date_to=date_to).first()


def act_document(act: LibraryRegisterAct) -> SignedDocument | None:
    return (
        SignedDocument.objects.filter(
            kind=SignedDocument.Kind.LIBRARY_ACT,
            content_type=ContentType.objects.get_for_model(LibraryRegisterAct),
            object_id=act.pk,
        )
        .prefetch_related("signatures")
        .first()
    )


def library_act_sign(
    *, date_from: dt.date, date_to: dt.date, cms_bytes: bytes, by: Any
) -> LibraryRegisterAct:
    """The librarian signs the act of a period; the act exists only with a valid signature.

    Steps: refuse when turned off, for anyone but a librarian, or for a period signed
    already; render the act again and verify the signature over exactly those bytes
    (outside the transaction: OCSP may take seconds); then create the act and keep the PDF
    with the signature and the audit entry in one transaction.
    """
    if not library_act_enabled():
        raise ValidationError(_("Signing the acquisition register act is not turned on."))
    if not user_has_role(by, Role.LIBRARIAN):
        raise ValidationError(_("Only a librarian signs the acquisition register act."))
    if date_to < date_from:
        raise ValidationError(_("The period ends before it begins."))
    if signed_act(date_from=date_from, date_to=date_to) is not None:
        raise ValidationError(_("The act of this period is signed already."))
    content = render_library_act(date_from=date_from, date_to=date_to)
    verification = signature_verify_person(content=content, cms_bytes=cms_bytes, by=by)
    book = library_selectors.acquisition_register(date_from=date_from, date_to=date_to)
    try:
        return _act_store(
            date_from=date_from,
            date_to=date_to,
            book=book,
            content=content,
            verification=verification,
            cms_bytes=cms_bytes,
            by=by,
        )
    except IntegrityError as exc:  # signed at the same moment by another librarian
        raise ValidationError(_("The act of this period is signed already.")) from exc


@transaction.atomic
def _act_store(
    *,
    date_from: dt.date,
    date_to: dt.date,
    book: Any,
    content: bytes,
    verification: Any,
    cms_bytes: bytes,
    by: Any,
) -> LibraryRegisterAct:
    act = LibraryRegisterAct(
        date_from=date_from,
        date_to=date_to,
        received_copies=book.received_copies,
        written_off_copies=book.written_off_copies,
        signed_by=by,
    )
    act.full_clean()
    act.save()
    document_store_signed(
        kind=SignedDocument.Kind.LIBRARY_ACT,
        subject=act,
        title=_("Act of the acquisition register, %(period)s") % {"period": str(act)},
        filename=f"acquisition-act-{date_from:%Y%m%d}-{date_to:%Y%m%d}.pdf",
        content=content,
        form=SignedDocument.Form.CMS,
        verification=verification,
        cms_bytes=cms_bytes,
        role=Signature.Role.PERSON,
        by=by,
    )
    return act

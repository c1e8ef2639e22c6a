"""AP-5, AP-23: the minutes of an appeals sitting signed by its chair and its secretary.

The first of the two signs the minutes PDF as generated (``Sitting.minutes``), which is then
kept; the other signs exactly those kept bytes.
"""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from academy.appeals.models import Sitting

from .models import Signature, SignedDocument
from .services import document_store_signed, signature_add, signature_verify_person


def kept_minutes(sitting: Sitting) -> SignedDocument | None:
    return (
        SignedDocument.objects.filter(
            kind=SignedDocument.Kind.MINUTES,
            content_type=ContentType.objects.get_for_model(Sitting),
            object_id=sitting.pk,
        )
        .prefetch_related("signatures")
        .first()
    )


def minutes_signers(sitting: Sitting) -> list[Any]:
    commission = sitting.commission
    return [commission.chair, commission.secretary]


def minutes_to_sign(sitting: Sitting) -> bytes | None:
    kept = kept_minutes(sitting)
    if kept is not None:
        return bytes(kept.content)
    if not sitting.minutes:
        return None
    with sitting.minutes.open("rb") as handle:
        return handle.read()


def minutes_sign(*, sitting: Sitting, cms_bytes: bytes, by: Any) -> SignedDocument:
    """AP-5, AP-23: the chair or the secretary signs the sitting's minutes (once each)."""
    if by.pk not in {u.pk for u in minutes_signers(sitting)}:
        raise ValidationError(_("The minutes are signed by the chair and the secretary."))
    kept = kept_minutes(sitting)
    if kept is not None:
        signature_add(document=kept, cms_bytes=cms_bytes, by=by)
        return kept
    content = minutes_to_sign(sitting)
    if content is None:
        raise ValidationError(_("Generate the minutes before signing them."))
    verification = signature_verify_person(content=content, cms_bytes=cms_bytes, by=by)
    return document_store_signed(
        kind=SignedDocument.Kind.MINUTES,
        subject=sitting,
        title=_("Minutes of the sitting of %(date)s") % {"date": sitting.starts_at.date()},
        filename=f"minutes-{sitting.pk}.pdf",
        content=content,
        form=SignedDocument.Form.CMS,
        verification=verification,
        cms_bytes=cms_bytes,
        role=Signature.Role.PERSON,
        by=by,
    )

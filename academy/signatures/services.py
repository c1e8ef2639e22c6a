"""Writes of the signatures app: a document is stored only with a signature found valid.

Verification (network: OCSP/CRL) runs before the transaction; the transaction then stores
the document, the signature and the audit entry and runs the caller's effect (e.g. the
order taking effect), so that a failing effect leaves nothing signed behind.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from academy.core.audit import audit_event

from .models import Signature, SignedDocument
from .verification import Verification, sha256, verify_cms


def refusal(verification: Verification) -> ValidationError:
    """The translated reason a signature is refused."""
    return ValidationError(
        _("The signature is refused: %(reason)s.") % {"reason": verification.message},
        code=verification.outcome,
    )


def signature_verify_person(*, content: bytes, cms_bytes: bytes, by: Any) -> Verification:
    """Verify a personal signature by `by` over `content`; raise the reason if refused."""
    if not getattr(by, "iin", ""):
        raise ValidationError(_("Your account has no IIN to match a certificate."), code="no_iin")
    verification = verify_cms(cms_bytes=cms_bytes, content=content, expected_iin=by.iin)
    if not verification.ok:
        raise refusal(verification)
    return verification


def _signature_record(
    *, document: SignedDocument, verification: Verification, role: str, by: Any, cms_bytes: bytes
) -> Signature:
    signature = Signature(
        document=document,
        role=role,
        signer=by if getattr(by, "pk", None) else None,
        cms=cms_bytes,
        certificate=verification.cert_der,
        signer_name=verification.signer_name[:255],
        iin=verification.iin,
        bin=verification.bin,
        cert_serial=verification.cert_serial,
        issuer=verification.issuer[:500],
        signing_time=verification.signing_time,
        outcome=verification.outcome,
        reason=verification.reason[:500],
    )
    signature.full_clean()
    signature.save()
    return signature


@transaction.atomic
def document_store_signed(
    *,
    kind: str,
    subject: models.Model,
    title: str,
    filename: str,
    content: bytes,
    form: str,
    verification: Verification,
    cms_bytes: bytes,
    role: str,
    by: Any,
    effect: Callable[[SignedDocument], Any] | None = None,
) -> SignedDocument:
    """Store a document with its verified signature, then run `effect` in the same transaction.

    Steps: refuse an unverified signature; keep the exact bytes and their SHA-256; keep the
    signature with the signer, certificate and result; write the audit entry; run `effect`.
    """
    if not verification.ok:
        raise refusal(verification)
    document = SignedDocument(
        kind=kind,
        form=form,
        title=title[:255],
        filename=filename,
        content=content,
        sha256=sha256(content),
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        created_by=by if getattr(by, "pk", None) else None,
    )
    document.full_clean()
    document.save()
    signature = _signature_record(
        document=document, verification=verification, role=role, by=by, cms_bytes=cms_bytes
    )
    audit_event(
        actor=by,
        obj=document,
        event="document_signed",
        details={
            "kind": kind,
            "sha256": document.sha256,
            "signer": signature.signer_name,
            "iin": signature.iin,
            "bin": signature.bin,
            "cert_serial": signature.cert_serial,
            "issuer": signature.issuer,
            "subject": f"{subject._meta.label}:{subject.pk}",
            **({"level": verification.details["level"]} if "level" in verification.details else {}),
            **({"note": verification.reason} if verification.reason else {}),
        },
    )
    if effect is not None:
        effect(document)
    return document


@transaction.atomic
def signature_add(
    *, document: SignedDocument, cms_bytes: bytes, by: Any, effect: Callable[[], Any] | None = None
) -> Signature:
    """A further person signs the same stored bytes (e.g. a commission member)."""
    verification = signature_verify_person(
        content=bytes(document.content), cms_bytes=cms_bytes, by=by
    )
    if document.signatures.filter(iin=verification.iin).exists():
        raise ValidationError(_("You have already signed this document."), code="twice")
    signature = _signature_record(
        document=document,
        verification=verification,
        role=Signature.Role.PERSON,
        by=by,
        cms_bytes=cms_bytes,
    )
    audit_event(
        actor=by,
        obj=document,
        event="document_countersigned",
        details={"signer": signature.signer_name, "iin": signature.iin},
    )
    if effect is not None:
        effect()
    return signature


def academy_bin() -> str:
    return settings.SIGNATURES_ACADEMY_BIN

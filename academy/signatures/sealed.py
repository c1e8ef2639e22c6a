"""The Academy's seal kept with what it concerns: sealed once, the same bytes ever after.

Certificates (TR-28), the references of Appendix 3 and 4 (TR-29, TR-30) and the exam
statement (TR-26) are sealed as PAdES with the Academy's key (:mod:`.pades`) the first time
they are issued in final form, and the sealed bytes are kept as a signed document, so every
later download is byte-identical and verifiable, and the audit trail has the seal.
"""

from collections.abc import Callable
from typing import Any

from asn1crypto import x509 as asn1_x509
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from .models import Signature, SignedDocument
from .pades import Sealer
from .services import document_store_signed
from .verification import Outcome, Verification, subject_fields


def seal_verification(sealer: Sealer) -> Verification:
    """The seal's signer as a verified signature, with the seal's level noted."""
    cert: asn1_x509.Certificate = sealer.signer.signing_cert
    who = subject_fields(cert)
    return Verification(
        Outcome.VALID,
        reason=sealer.note,
        signer_name=who["name"],
        iin=who["iin"],
        bin=who["bin"],
        cert_serial=format(cert.serial_number, "X"),
        issuer=cert.issuer.human_friendly,
        cert_der=cert.dump(),
        details={"level": sealer.level},
    )


def kept_seal(kind: str, subject: models.Model) -> SignedDocument | None:
    """The kept sealed PDF of `subject`, if it has been sealed."""
    return (
        SignedDocument.objects.filter(
            kind=kind,
            form=SignedDocument.Form.PADES,
            content_type=ContentType.objects.get_for_model(subject),
            object_id=subject.pk,
        )
        .prefetch_related("signatures")
        .first()
    )


def seal_and_keep(
    *,
    kind: str,
    subject: models.Model,
    render: Callable[[], bytes],
    title: str,
    filename: str,
    by: Any = None,
    sealer: Sealer | None = None,
) -> SignedDocument:
    """Seal what `render` gives and keep it, once per (kind, subject).

    Steps: reuse the kept seal if there is one; render; seal (PAdES, visible box, timestamp);
    under a lock on the subject, keep the sealed bytes with the seal's record and audit entry
    (a concurrent seal of the same subject keeps the first one).
    """
    existing = kept_seal(kind, subject)
    if existing is not None:
        return existing
    sealer = sealer or Sealer()
    sealed = sealer.seal(render())
    verification = seal_verification(sealer)
    with transaction.atomic():
        type(subject)._default_manager.select_for_update().get(pk=subject.pk)
        existing = kept_seal(kind, subject)
        if existing is not None:
            return existing
        return document_store_signed(
            kind=kind,
            subject=subject,
            title=title,
            filename=filename,
            content=sealed,
            form=SignedDocument.Form.PADES,
            verification=verification,
            cms_bytes=b"",
            role=Signature.Role.SEAL,
            by=by,
        )

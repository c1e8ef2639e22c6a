"""The Academy's seal on certificates (TR-28, IS-4.8): PAdES, kept with the certificate.

A certificate is sealed once, in its own language, with the QR link to the site's public
address (``SITE_URL``), and the sealed bytes are kept as a signed document, so every later
download is byte-identical and verifiable. A print in another language is sealed on the fly.
"""

from typing import Any

from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from academy.documents.models import Certificate
from academy.documents.pdf import render_certificate

from .models import Signature, SignedDocument
from .pades import PdfCheck, Sealer, seal_available, verify_pdf
from .services import document_store_signed
from .verification import Outcome, Verification, subject_fields


def _seal_verification(sealer: Sealer) -> Verification:
    cert: asn1_x509.Certificate = sealer.signer.signing_cert
    who = subject_fields(cert)
    return Verification(
        Outcome.VALID,
        signer_name=who["name"],
        iin=who["iin"],
        bin=who["bin"],
        cert_serial=format(cert.serial_number, "X"),
        issuer=cert.issuer.human_friendly,
        cert_der=cert.dump(),
    )


def stored_seal(certificate: Certificate) -> SignedDocument | None:
    return (
        SignedDocument.objects.filter(
            kind=SignedDocument.Kind.CERTIFICATE,
            content_type=ContentType.objects.get_for_model(Certificate),
            object_id=certificate.pk,
        )
        .prefetch_related("signatures")
        .first()
    )


def certificate_seal(
    *, certificate: Certificate, by: Any = None, sealer: Sealer | None = None
) -> SignedDocument:
    """Seal the certificate's PDF with the Academy's key and keep it (once per certificate).

    Steps: reuse the kept seal if there is one; render the certificate; seal it (PAdES,
    visible box); keep the sealed bytes and the seal's signer in one transaction.
    """
    existing = stored_seal(certificate)
    if existing is not None:
        return existing
    sealer = sealer or Sealer()
    pdf = render_certificate(certificate, base_url=settings.SITE_URL.rstrip("/") + "/")
    sealed = sealer.seal(pdf)
    verification = _seal_verification(sealer)
    with transaction.atomic():
        Certificate.objects.select_for_update().get(pk=certificate.pk)
        existing = stored_seal(certificate)
        if existing is not None:
            return existing
        return document_store_signed(
            kind=SignedDocument.Kind.CERTIFICATE,
            subject=certificate,
            title=_("Certificate No. %(number)s") % {"number": certificate.number},
            filename=f"{certificate.number}.pdf",
            content=sealed,
            form=SignedDocument.Form.PADES,
            verification=verification,
            cms_bytes=b"",
            role=Signature.Role.SEAL,
            by=by,
        )


def certificate_pdf(
    certificate: Certificate, *, language: str | None, base_url: str, by: Any = None
) -> bytes:
    """What a certificate download gives: the sealed PDF when the Academy has a seal key."""
    if not seal_available():
        return render_certificate(certificate, language=language, base_url=base_url)
    if language in (None, certificate.language):
        return bytes(certificate_seal(certificate=certificate, by=by).content)
    return Sealer().seal(render_certificate(certificate, language=language, base_url=base_url))


def seal_status(certificate: Certificate) -> tuple[SignedDocument, PdfCheck] | None:
    """For the public QR page: the kept seal and whether it verifies now (no network)."""
    document = stored_seal(certificate)
    if document is None:
        return None
    return document, verify_pdf(bytes(document.content), fetch=False)

"""The Academy's seal on certificates (TR-28, IS-4.8): PAdES, kept with the certificate.

A certificate is sealed once, in its own language, with the QR link to the site's public
address (``SITE_URL``), and the sealed bytes are kept as a signed document, so every later
download is byte-identical and verifiable. A print in another language is sealed on the fly.
"""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from academy.documents.models import Certificate
from academy.documents.pdf import render_certificate

from .models import SignedDocument
from .pades import PdfCheck, Sealer, seal_available, verify_pdf
from .sealed import kept_seal, seal_and_keep


def stored_seal(certificate: Certificate) -> SignedDocument | None:
    return kept_seal(SignedDocument.Kind.CERTIFICATE, certificate)


def certificate_seal(
    *, certificate: Certificate, by: Any = None, sealer: Sealer | None = None
) -> SignedDocument:
    """Seal the certificate's PDF with the Academy's key and keep it (once per certificate)."""
    return seal_and_keep(
        kind=SignedDocument.Kind.CERTIFICATE,
        subject=certificate,
        render=lambda: render_certificate(
            certificate, base_url=settings.SITE_URL.rstrip("/") + "/"
        ),
        title=_("Certificate No. %(number)s") % {"number": certificate.number},
        filename=f"{certificate.number}.pdf",
        by=by,
        sealer=sealer,
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

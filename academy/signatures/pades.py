"""The Academy's seal on what it issues: PAdES signatures with pyHanko, and their check.

The seal key is the Academy's organisation PKCS#12 (``SIGNATURE_SEAL_PKCS12`` and
``SIGNATURE_SEAL_PASSWORD``; the demo uses the test PKI's organisation key). A seal is a
PAdES signature with a visible box on the first page; the certificate chain and the OCSP
answers are embedded (long-term validation data) when they can be fetched, and a timestamp
is added when ``SIGNATURE_TSA_URL`` names a time-stamping authority (then the seal is
PAdES B-LT; without one it is B-B with validation data).
"""

import asyncio
import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend

from .verification import Outcome, subject_fields, trust_anchors

SEAL_FIELD = "AcademySeal"
SIGNATURE_ROOM = 24 * 1024
# The box on the first page, in points from the bottom left: on a certificate it sits
# beside "Place of seal", below the rector's signature line.
SEAL_BOX = (160, 38, 400, 78)


def seal_pkcs12_path() -> Path | None:
    if settings.SIGNATURE_SEAL_PKCS12:
        return Path(settings.SIGNATURE_SEAL_PKCS12)
    if settings.SIGNATURES_ACCEPT_TEST_PKI:
        path = Path(settings.SIGNATURES_TEST_PKI_DIR) / "org.p12"
        if path.exists():
            return path
    return None


def seal_available() -> bool:
    return seal_pkcs12_path() is not None


class _KeptKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner parses (and checks) the RSA key for every signature, about
    0.1 s each; the seal signs dozens of certificates in a row, so parse it once."""

    def __init__(self, base: signers.SimpleSigner) -> None:
        super().__init__(
            signing_cert=base.signing_cert,
            signing_key=base.signing_key,
            cert_registry=base.cert_registry,
        )
        self._key = serialization.load_der_private_key(base.signing_key.dump(), password=None)

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        if mechanism.signature_algo == "rsassa_pkcs1v15" and isinstance(self._key, RSAPrivateKey):
            return self._key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        return super().sign_raw(data, digest_algorithm)


@lru_cache(maxsize=4)
def _load_signer(path: str, password: str, mtime: float) -> signers.SimpleSigner:
    signer = signers.SimpleSigner.load_pkcs12(pfx_file=path, passphrase=password.encode() or None)
    if signer is None:
        raise ImproperlyConfigured(f"Cannot read the seal PKCS#12 {path} with its password")
    return _KeptKeySigner(signer)


def seal_signer() -> signers.SimpleSigner:
    path = seal_pkcs12_path()
    if path is None:
        raise ImproperlyConfigured("No seal key: set SIGNATURE_SEAL_PKCS12")
    password = settings.SIGNATURE_SEAL_PASSWORD
    if not settings.SIGNATURE_SEAL_PKCS12:
        password = "test"  # the test PKI's password, see testpki.PASSWORD
    return _load_signer(str(path), password, path.stat().st_mtime)


def seal_validation_context(*, fetch: bool) -> ValidationContext:
    if fetch:
        return ValidationContext(
            trust_roots=trust_anchors(),
            allow_fetching=True,
            revocation_mode="soft-fail",
            fetcher_backend=AIOHttpFetcherBackend(
                per_request_timeout=settings.SIGNATURES_REVOCATION_TIMEOUT
            ),
        )
    return ValidationContext(trust_roots=trust_anchors())


class Sealer:
    """Seals many PDFs with one key and one validation context (revocation fetched once)."""

    def __init__(self, *, embed_validation_info: bool = True) -> None:
        self.signer = seal_signer()
        self.context = seal_validation_context(fetch=embed_validation_info)
        self.embed = embed_validation_info
        tsa = settings.SIGNATURE_TSA_URL
        self.timestamper = timestamps.HTTPTimeStamper(tsa) if tsa else None
        self.meta = signers.PdfSignatureMetadata(
            field_name=SEAL_FIELD,
            subfilter=fields.SigSeedSubFilter.PADES,
            embed_validation_info=self.embed,
            validation_context=self.context,
            reason=str(_("Seal of the Academy of Justice")),
            location="Astana, KZ",
        )
        name = subject_fields(self.signer.signing_cert)["name"]
        self.style = TextStampStyle(
            stamp_text=(
                "Electronic seal (PAdES)\n"
                + "".join(c if ord(c) < 128 else "?" for c in name)[:60]
                + "\n%(ts)s"
            ),
            border_width=1,
        )

    def seal(self, pdf: bytes) -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        fields.append_signature_field(
            writer, fields.SigFieldSpec(sig_field_name=SEAL_FIELD, on_page=0, box=SEAL_BOX)
        )
        pdf_signer = signers.PdfSigner(
            self.meta,
            signer=self.signer,
            timestamper=self.timestamper,
            stamp_style=self.style,
        )
        out = io.BytesIO()
        # Room for the CMS with chain (and OCSP when embedded): saves pyHanko a trial signature
        # to size it, a third of the time of a seal.
        pdf_signer.sign_pdf(writer, output=out, bytes_reserved=SIGNATURE_ROOM)
        return out.getvalue()


def seal_pdf(pdf: bytes) -> bytes:
    return Sealer().seal(pdf)


@dataclass
class PdfCheck:
    """The state of each signature of an uploaded PDF (the last one is reported)."""

    outcome: str
    reason: str = ""
    signer_name: str = ""
    iin: str = ""
    bin: str = ""
    signing_time: dt.datetime | None = None
    intact: bool = False
    trusted: bool = False
    covers_whole_file: bool = False
    count: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome == Outcome.VALID

    @property
    def message(self) -> str:
        label = str(Outcome(self.outcome).label)
        return f"{label}: {self.reason}" if self.reason else label


def _unchanged_after(status: PdfSignatureStatus) -> bool:
    """Only validation data (DSS, timestamps) may follow the signature, nothing else."""
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    level = status.modification_level
    return level is not None and level <= ModificationLevel.LTA_UPDATES


def verify_pdf(pdf: bytes, *, fetch: bool = True) -> PdfCheck:
    """Check the embedded signatures of a PDF: intact, unchanged after, and trusted."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - any unreadable upload is "not a signed PDF"
        return PdfCheck(Outcome.MALFORMED, reason=str(_("not a readable PDF")))
    if not embedded:
        return PdfCheck(Outcome.MALFORMED, reason=str(_("the PDF has no embedded signature")))
    context = ValidationContext(
        trust_roots=trust_anchors(),
        allow_fetching=fetch,
        revocation_mode="soft-fail",
    )
    last = embedded[-1]
    try:
        status = asyncio.run(async_validate_pdf_signature(last, context))
    except Exception:  # noqa: BLE001 - a damaged signature dictionary is a malformed signature
        return PdfCheck(Outcome.MALFORMED, reason=str(_("the signature cannot be read")))
    cert: asn1_x509.Certificate = status.signing_cert
    who = subject_fields(cert)
    check = PdfCheck(
        Outcome.VALID,
        signer_name=who["name"],
        iin=who["iin"],
        bin=who["bin"],
        signing_time=status.signer_reported_dt,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        covers_whole_file=_unchanged_after(status),
        count=len(embedded),
    )
    if not check.intact:
        check.outcome = Outcome.TAMPERED
        check.reason = str(_("the PDF was changed after it was signed"))
    elif not check.covers_whole_file:
        check.outcome = Outcome.TAMPERED
        check.reason = str(_("content was added to the PDF after it was signed"))
    elif status.revoked:
        check.outcome = Outcome.REVOKED
    elif not check.trusted:
        check.outcome = Outcome.UNTRUSTED
    return check

"""The Academy's seal on what it issues: PAdES signatures with pyHanko, and their check.

The seal key is the Academy's organisation PKCS#12 (``SIGNATURE_SEAL_PKCS12`` and
``SIGNATURE_SEAL_PASSWORD``; the demo uses the test PKI's organisation key). A seal is a
PAdES signature with a visible box on the first page; the certificate chain and the OCSP
answers are embedded (long-term validation data) when they can be fetched, and a timestamp
is added from the time-stamping authority (RFC 3161) of ``SIGNATURE_TSA_URL`` (or the test
PKI's, while it is trusted), which makes the seal PAdES B-LT. When the authority does not
answer, ``SIGNATURE_TSA_FALLBACK_BB`` decides: seal without a timestamp (B-B with validation
data; the seal's record and the public pages say so) or refuse to seal.

The visible box is written in DejaVu Sans (every Kazakh letter) through pyHanko's OpenType
engine (fonttools + uharfbuzz), embedded as a cut made once per process.
"""

import asyncio
import datetime as dt
import io
import json
import logging
import weakref
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from fontTools import subset as font_subset
from fontTools import ttLib
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend

from academy.core.pdf import FONTS

from .verification import Outcome, subject_fields, trust_anchors

logger = logging.getLogger(__name__)

LEVEL_LT = "PAdES B-LT"
LEVEL_B = "PAdES B-B"
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


def tsa_url() -> str:
    """The time-stamping authority: the setting, else the test PKI's while it is trusted."""
    if settings.SIGNATURE_TSA_URL:
        return settings.SIGNATURE_TSA_URL
    if settings.SIGNATURES_ACCEPT_TEST_PKI:
        manifest = Path(settings.SIGNATURES_TEST_PKI_DIR) / "manifest.json"
        if manifest.exists():
            return str(json.loads(manifest.read_text()).get("tsa_url", ""))
    return ""


class SealRefused(ValidationError):
    """The seal could not be made as configured (e.g. no timestamp and no fallback)."""


# ASCII, Russian and every Kazakh letter (Ә Ғ Қ Ң Ө Ұ Ү Һ І), «», № and the dashes.
KAZAKH_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"
STAMP_UNICODES = [
    *range(0x20, 0x7F),
    *range(0x400, 0x460),
    *map(ord, KAZAKH_LETTERS),
    *map(ord, "«»№–—"),
]


@lru_cache(maxsize=1)
def stamp_font_bytes() -> bytes:
    """DejaVu Sans cut to the letters a stamp uses, once per process.

    pyHanko parses the font it is given for every seal (and the seal embeds it, see
    ``_CutFontAccumulator``); the whole DejaVu Sans (700 kB) would cost more than the seal
    itself, this cut a few milliseconds.
    """
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # it logs every glyph kept
    font = ttLib.TTFont(str(FONTS / "DejaVuSans.ttf"))
    options = font_subset.Options()
    # No hinting and no OpenType layout: a stamp needs neither, and every seal parses and
    # embeds the cut, so every table kept is paid for in each one.
    options.hinting = False
    options.layout_features = []
    options.drop_tables += ["MATH", "GSUB", "GPOS", "kern"]
    subsetter = font_subset.Subsetter(options)
    subsetter.populate(unicodes=STAMP_UNICODES)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@lru_cache(maxsize=1)
def stamp_font_stream() -> bytes:
    """The cut font as a Flate-compressed PDF stream, once per process."""
    return zlib.compress(stamp_font_bytes())


class _CutFontAccumulator(GlyphAccumulator):
    """Embeds the cut font whole instead of subsetting it again for every seal.

    pyHanko's engine subsets the font to the glyphs of each stamp and writes it out with
    fontTools, a third of a seal's time; the cut font is small already (a few hundred
    glyphs) and its glyph IDs are the CIDs the stamp's text uses (``/CIDToGIDMap
    /Identity``), so the same compressed bytes serve every seal.
    """

    def prepare_write(self) -> None:
        self._subset_created = True  # nothing to cut: see the class docstring

        def set_font_file(writer):  # noqa: ANN001, ANN202
            stream = generic.StreamObject(
                {generic.NameObject("/Filter"): generic.NameObject("/FlateDecode")},
                encoded_data=stamp_font_stream(),
            )
            ref = writer.add_object(stream)
            self.cidfont_obj._font_descriptor[generic.NameObject("/FontFile2")] = ref
            return ref

        self.cidfont_obj.set_font_file = set_font_file  # type: ignore[method-assign]
        super().prepare_write()


class StampFont(GlyphAccumulatorFactory):
    """pyHanko's OpenType font engine over the cut DejaVu Sans kept in memory."""

    def create_font_engine(self, writer, obj_stream=None) -> GlyphAccumulator:  # noqa: ANN001
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return _CutFontAccumulator(
            writer=writer,
            font_handle=io.BytesIO(stamp_font_bytes()),
            font_size=self.font_size,
            obj_stream=obj_stream,
        )


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
            # requests, not aiohttp: a Sealer outlives the event loop of each seal (pyHanko
            # runs one per signature), and an aiohttp session is bound to its loop.
            fetcher_backend=RequestsFetcherBackend(
                per_request_timeout=settings.SIGNATURES_REVOCATION_TIMEOUT
            ),
        )
    return ValidationContext(trust_roots=trust_anchors())


class _BatchPdfSigner(signers.PdfSigner):
    """A PdfSigner whose pre-signing validation is done once for all the Sealer's seals.

    Before each signature pyHanko validates the seal's certificate path and the TSA's
    (signatures, OCSP answers) to collect the validation data for the DSS: the same
    certificates, the same answers, a fifth of a seal's time. The Sealer keeps the first
    result (``presigned``) and every further seal of the batch embeds it; a new Sealer (a
    new batch, a single download) validates afresh.
    """

    def __init__(self, *args: Any, presigned: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._presigned = presigned

    def init_signing_session(self, pdf_out, existing_fields_only=False):  # noqa: ANN001, ANN201, FBT002
        session = super().init_signing_session(pdf_out, existing_fields_only)
        validate = session.perform_presign_validation
        kept = self._presigned
        key = "with_tsa" if session.timestamper is not None else "without_tsa"

        async def perform_presign_validation(pdf_out=None):  # noqa: ANN001, ANN202
            if key not in kept:
                kept[key] = await validate(pdf_out)
            return kept[key]

        session.perform_presign_validation = perform_presign_validation  # type: ignore[method-assign]
        return session


class Sealer:
    """Seals many PDFs with one key and one validation context (revocation fetched once).

    ``level`` and ``note`` tell what the last seal is: PAdES B-LT with a timestamp, or B-B
    when the time-stamping authority did not answer and the fallback allowed it.

    What every seal of a batch shares is made once: the key, the validation context, the
    pre-signing validation of the seal's and the TSA's certificates, and one event loop
    (pyHanko's ``sign_pdf`` starts and tears down a loop and its thread pool per seal).
    """

    def __init__(self, *, embed_validation_info: bool = True) -> None:
        self.signer = seal_signer()
        self.context = seal_validation_context(fetch=embed_validation_info)
        self.embed = embed_validation_info
        url = tsa_url()
        # The requests client, not pyHanko's default aiohttp one: that opens (and leaves
        # open) an aiohttp session for every token, about 20 ms each.
        self.timestamper = (
            RequestsHTTPTimeStamper(url, timeout=settings.SIGNATURES_REVOCATION_TIMEOUT)
            if url
            else None
        )
        self.tsa_failed = False
        self._presigned: dict[str, Any] = {}
        # Closed without running anything, so it may happen while another loop runs (a
        # collection inside asyncio.run); the loop has no tasks left between seals.
        self._loop = asyncio.new_event_loop()
        self._finalizer = weakref.finalize(self, self._loop.close)
        self.level = LEVEL_B
        self.note = ""
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
            stamp_text=gettext("Electronic seal (PAdES)") + "\n" + name[:60] + "\n%(ts)s",
            text_box_style=TextBoxStyle(font=StampFont(font_file="DejaVuSans", font_size=9)),
            border_width=1,
        )

    def _sign(self, pdf: bytes, timestamper: timestamps.TimeStamper | None) -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        fields.append_signature_field(
            writer, fields.SigFieldSpec(sig_field_name=SEAL_FIELD, on_page=0, box=SEAL_BOX)
        )
        pdf_signer = _BatchPdfSigner(
            self.meta,
            signer=self.signer,
            timestamper=timestamper,
            stamp_style=self.style,
            presigned=self._presigned,
        )
        out = io.BytesIO()
        # Room for the CMS with chain and timestamp token: saves pyHanko a trial signature
        # to size it, a third of the time of a seal.
        self._loop.run_until_complete(
            pdf_signer.async_sign_pdf(writer, output=out, bytes_reserved=SIGNATURE_ROOM)
        )
        return out.getvalue()

    def close(self) -> None:
        """Close the event loop (also done when the Sealer is collected)."""
        self._finalizer()

    def seal(self, pdf: bytes) -> bytes:
        """Seal `pdf`; B-LT with a timestamp, else B-B if allowed, else SealRefused."""
        if self.timestamper is not None and not self.tsa_failed:
            try:
                sealed = self._sign(pdf, self.timestamper)
            except TimestampRequestError as exc:
                logger.warning("The time-stamping authority did not answer: %s", exc)
                if not settings.SIGNATURE_TSA_FALLBACK_BB:
                    raise SealRefused(
                        _(
                            "The time-stamping authority did not answer, so the document "
                            "is not sealed. Try again later."
                        ),
                        code="tsa_down",
                    ) from exc
                # One failure is enough for a batch: the rest go without waiting for it.
                self.tsa_failed = True
            else:
                self.level, self.note = (LEVEL_LT if self.embed else "PAdES B-T"), ""
                return sealed
        sealed = self._sign(pdf, None)
        self.level = LEVEL_B
        self.note = (
            str(_("sealed without a timestamp: the time-stamping authority did not answer"))
            if self.tsa_failed
            else str(_("sealed without a timestamp: no time-stamping authority is configured"))
        )
        return sealed


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
    timestamped: bool = False
    timestamp_time: dt.datetime | None = None
    validation_data: bool = False

    @property
    def level(self) -> str:
        """The PAdES baseline level read from the file: B-LT, B-T or B-B."""
        if self.timestamped:
            return LEVEL_LT if self.validation_data else "PAdES B-T"
        return LEVEL_B

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
        fetcher_backend=RequestsFetcherBackend(
            per_request_timeout=settings.SIGNATURES_REVOCATION_TIMEOUT
        ),
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
        timestamped=status.timestamp_validity is not None,
        timestamp_time=(
            status.timestamp_validity.timestamp if status.timestamp_validity is not None else None
        ),
        validation_data="/DSS" in reader.root,
    )
    if check.timestamp_time is not None:
        check.signing_time = check.timestamp_time
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

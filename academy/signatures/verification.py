"""Server-side verification of a CMS signature; the browser is never trusted.

Steps (:func:`verify_cms`):
1. parse the CMS (a truncated or foreign blob is refused);
2. GOST keys go to the pluggable verifier (``SIGNATURES_GOST_VERIFIER``), or are reported
   "not verifiable here";
3. the signed digest must equal the digest of exactly the bytes the server rendered;
4. the signer's certificate path must end at a configured trust anchor, be valid now (the
   signature has just arrived) and not be revoked (OCSP/CRL from the certificate, with a
   timeout; "could not check revocation" is its own state);
5. the subject serialNumber ``IIN…`` must be the user's IIN, and the ``BIN…`` in the OU the
   Academy's BIN for a signature on its behalf.
"""

import asyncio
import datetime as dt
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asn1crypto import cms, pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from pyhanko.sign.general import extract_certificate_info, extract_signer_info
from pyhanko.sign.validation.generic_cms import extract_self_reported_ts, validate_sig_integrity
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import (
    ExpiredError,
    InsufficientRevinfoError,
    NotYetValidError,
    PathBuildingError,
    PathValidationError,
    RevokedError,
)
from pyhanko_certvalidator.errors import ValidationError as CertValidationError
from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend

# Kazakhstan's GOST 34.310 key algorithms (НУЦ РК) and the Russian GOST family.
GOST_OID_PREFIXES = ("1.2.398.3.10.1.1", "1.2.643.")


class Outcome(models.TextChoices):
    VALID = "valid", _("Valid")
    TAMPERED = "tampered", _("The signature does not match the document")
    UNTRUSTED = "untrusted", _("The certificate is not issued by a trusted certification centre")
    EXPIRED = "expired", _("The certificate was not valid at the time of signing")
    REVOKED = "revoked", _("The certificate is revoked")
    REVOCATION_UNKNOWN = "revocation_unknown", _("Could not check revocation")
    WRONG_SIGNER = "wrong_signer", _("The certificate belongs to someone else")
    MALFORMED = "malformed", _("Not a readable CMS signature")
    NOT_VERIFIABLE = "not_verifiable", _("Not verifiable here (GOST key)")


@dataclass
class Verification:
    """What the server found; only ``outcome == VALID`` lets a document change state."""

    outcome: str
    reason: str = ""
    signer_name: str = ""
    iin: str = ""
    bin: str = ""
    cert_serial: str = ""
    issuer: str = ""
    signing_time: dt.datetime | None = None
    cert_der: bytes = b""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.outcome == Outcome.VALID

    @property
    def message(self) -> str:
        label = str(Outcome(self.outcome).label)
        return f"{label}: {self.reason}" if self.reason else label


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_cms(cms_bytes: bytes) -> cms.SignedData:
    """Parse DER (or base64/PEM of it, as NCALayer returns) into SignedData; ValueError if not."""
    # DER may end in bytes that look like whitespace: only text forms are stripped.
    data = cms_bytes if cms_bytes[:1] == b"\x30" else cms_bytes.strip()
    if pem.detect(data):
        _, _, data = pem.unarmor(data)
    elif data[:1] != b"\x30":
        import base64
        import binascii

        try:
            data = base64.b64decode(data, validate=False)
        except binascii.Error as exc:
            raise ValueError("not base64") from exc
    try:
        info = cms.ContentInfo.load(data, strict=True)
        if info["content_type"].native != "signed_data":
            raise ValueError("not signed data")
        signed = info["content"]
        signed.native  # noqa: B018 - forces a full parse, so truncation shows here
    except (ValueError, TypeError, KeyError, OverflowError) as exc:
        raise ValueError(str(exc)) from exc
    return signed


def subject_fields(cert: asn1_x509.Certificate) -> dict[str, str]:
    """Name, IIN and BIN as НУЦ РК writes them: serialNumber ``IIN…``, OU ``BIN…``."""
    native = cert.subject.native
    serial = str(native.get("serial_number", ""))
    units = native.get("organizational_unit_name", "")
    units = units if isinstance(units, list) else [units]
    bin_ = next((u[3:] for u in units if str(u).startswith("BIN")), "")
    name = str(native.get("common_name", ""))
    given = native.get("given_name")
    if given and given not in name:
        name = f"{name} {given}"
    return {
        "name": name,
        "iin": serial[3:] if serial.startswith("IIN") else "",
        "bin": bin_,
        "organisation": str(native.get("organization_name", "")),
    }


def trust_anchors() -> list[asn1_x509.Certificate]:
    """The configured roots: files or folders of .pem/.cer/.crt (replaceable, see README)."""
    paths = [Path(p) for p in settings.SIGNATURES_TRUST_ANCHORS]
    if settings.SIGNATURES_ACCEPT_TEST_PKI:
        paths.append(Path(settings.SIGNATURES_TEST_PKI_DIR) / "root.pem")
    certs = []
    for path in paths:
        files = sorted(path.iterdir()) if path.is_dir() else [path]
        for file in files:
            if file.suffix.lower() not in (".pem", ".cer", ".crt", ".der") or not file.exists():
                continue
            data = file.read_bytes()
            if pem.detect(data):
                for _type, _headers, der in pem.unarmor(data, multiple=True):
                    certs.append(asn1_x509.Certificate.load(der))
            else:
                certs.append(asn1_x509.Certificate.load(data))
    return certs


def is_gost(cert: asn1_x509.Certificate) -> bool:
    oid = cert.public_key["algorithm"]["algorithm"].dotted
    return oid.startswith(GOST_OID_PREFIXES)


def verify_cms(
    *,
    cms_bytes: bytes,
    content: bytes,
    expected_iin: str | None = None,
    expected_bin: str | None = None,
    check_revocation: bool = True,
) -> Verification:
    """Verify `cms_bytes` over exactly `content` (see the module's steps)."""
    started = time.perf_counter()
    try:
        signed_data = load_cms(cms_bytes)
        signer_info = extract_signer_info(signed_data)
        cert_info = extract_certificate_info(signed_data)
    except (ValueError, TypeError, KeyError, IndexError):
        return Verification(Outcome.MALFORMED, reason=_("the file is damaged or truncated"))
    cert = cert_info.signer_cert
    who = subject_fields(cert)
    result = Verification(
        Outcome.VALID,
        signer_name=who["name"],
        iin=who["iin"],
        bin=who["bin"],
        cert_serial=format(cert.serial_number, "X"),
        issuer=cert.issuer.human_friendly,
        signing_time=extract_self_reported_ts(signer_info),
        cert_der=cert.dump(),
    )
    if is_gost(cert):
        result = _verify_gost(result, cms_bytes=cms_bytes, content=content)
        if result.ok:
            _check_identity(result, expected_iin=expected_iin, expected_bin=expected_bin)
        return result

    # Attached CMS: the enclosed content must be the server's document, byte for byte.
    enclosed = signed_data["encap_content_info"]["content"]
    if enclosed.native is not None and bytes(enclosed.native) != content:
        result.outcome = Outcome.TAMPERED
        result.reason = str(_("the signed content is another document"))
        return result
    digest_algorithm = signer_info["digest_algorithm"]["algorithm"].native
    try:
        digest = hashlib.new(digest_algorithm, content).digest()
        intact, valid = validate_sig_integrity(
            signer_info, cert, expected_content_type="data", actual_digest=digest
        )
    except (ValueError, TypeError, KeyError) as exc:
        result.outcome = Outcome.MALFORMED
        result.reason = str(exc)
        return result
    if not intact:
        result.outcome = Outcome.TAMPERED
        result.reason = str(_("it was made over another document or the document was changed"))
        return result
    if not valid:
        result.outcome = Outcome.TAMPERED
        result.reason = str(_("the cryptographic signature is invalid"))
        return result

    result.outcome, result.reason = asyncio.run(
        _check_path(cert, cert_info.other_certs, check_revocation=check_revocation)
    )
    if result.ok:
        _check_identity(result, expected_iin=expected_iin, expected_bin=expected_bin)
    result.details["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


async def _check_path(
    cert: asn1_x509.Certificate,
    others: list[asn1_x509.Certificate],
    *,
    check_revocation: bool,
) -> tuple[str, str]:
    roots = trust_anchors()
    if check_revocation:
        backend = AIOHttpFetcherBackend(per_request_timeout=settings.SIGNATURES_REVOCATION_TIMEOUT)
        context = ValidationContext(
            trust_roots=roots,
            other_certs=others,
            allow_fetching=True,
            revocation_mode="hard-fail",
            fetcher_backend=backend,
        )
    else:
        backend = None
        context = ValidationContext(trust_roots=roots, other_certs=others)
    validator = CertificateValidator(cert, intermediate_certs=others, validation_context=context)
    try:
        await validator.async_validate_usage({"non_repudiation"})
    except RevokedError as exc:
        return Outcome.REVOKED, str(exc.revocation_dt.date()) if exc.revocation_dt else ""
    except (ExpiredError, NotYetValidError):
        return Outcome.EXPIRED, ""
    except InsufficientRevinfoError:
        return Outcome.REVOCATION_UNKNOWN, str(
            _("the OCSP/CRL service did not answer; try again later")
        )
    except PathBuildingError:
        return Outcome.UNTRUSTED, str(
            _("no path to a trusted root (a self-made or unknown certificate)")
        )
    except (PathValidationError, CertValidationError) as exc:
        if "self-signed" in str(exc):
            return Outcome.UNTRUSTED, str(_("a self-signed certificate"))
        return Outcome.UNTRUSTED, str(_("the certificate path is not valid"))
    finally:
        if backend is not None:
            await backend.close()
    return Outcome.VALID, ""


def _check_identity(
    result: Verification, *, expected_iin: str | None, expected_bin: str | None
) -> None:
    if expected_iin is not None and result.iin != expected_iin:
        result.outcome = Outcome.WRONG_SIGNER
        result.reason = str(
            _("the certificate's IIN %(found)s is not the user's IIN %(expected)s")
            % {"found": result.iin or "—", "expected": expected_iin}
        )
    elif expected_bin is not None and result.bin != expected_bin:
        result.outcome = Outcome.WRONG_SIGNER
        result.reason = str(
            _("the certificate's BIN %(found)s is not the Academy's BIN %(expected)s")
            % {"found": result.bin or "—", "expected": expected_bin}
        )


GostVerifier = Callable[..., Verification]


def _verify_gost(result: Verification, *, cms_bytes: bytes, content: bytes) -> Verification:
    """Hand a GOST signature to the configured verifier (e.g. an NCANode server, see README)."""
    path = settings.SIGNATURES_GOST_VERIFIER
    if not path:
        result.outcome = Outcome.NOT_VERIFIABLE
        result.reason = str(_("no GOST verifier is configured"))
        return result
    verifier: GostVerifier = import_string(path)
    return verifier(cms_bytes=cms_bytes, content=content, partial=result)

"""A test PKI shaped like the National Certification Centre's (НУЦ РК): TEST KEYS ONLY.

Root → intermediate → personal certificates whose subject serialNumber is ``IIN…``, an
organisation certificate with ``BIN…`` in the OU, a revoked, an expired and a self-made
certificate. Certificates carry an OCSP URL (AIA) so that revocation is checked the way a
real certificate's is; :func:`ocsp_response` answers for the whole PKI, both from the
loopback responder of the tests and from the demo's own URL. Nothing made here is legally
valid: every subject says so.

The PKI has a time-stamping authority too (RFC 3161, :func:`tsa_response`), so the seal is
PAdES B-LT in the demo and the tests: the loopback responder answers it at ``…/tsa`` and the
demo site at ``/signatures/test-pki/tsa``.
"""

import datetime as dt
import http.server
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asn1crypto import cms as asn1_cms
from asn1crypto import core as asn1_core
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.serialization import pkcs7, pkcs12
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.general import (
    as_signing_certificate,
    get_pyca_cryptography_hash,
    simple_cms_attribute,
)
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

TEST_LABEL = "TEST KEYS - NOT LEGALLY VALID"
PASSWORD = b"test"
KEY_SIZE = 2048


@dataclass
class Identity:
    """A certificate with its private key."""

    name: str
    cert: x509.Certificate
    key: rsa.RSAPrivateKey

    def pkcs12(self, chain: list[x509.Certificate], password: bytes = PASSWORD) -> bytes:
        return pkcs12.serialize_key_and_certificates(
            self.name.encode(),
            self.key,
            self.cert,
            chain,
            serialization.BestAvailableEncryption(password),
        )

    @property
    def cert_der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)


@dataclass
class TestPKI:
    __test__ = False  # not a pytest class

    root: Identity
    intermediate: Identity
    people: dict[str, Identity] = field(default_factory=dict)  # by IIN
    org: Identity | None = None
    revoked: Identity | None = None
    expired: Identity | None = None
    self_signed: Identity | None = None
    tsa: Identity | None = None
    revoked_serials: set[int] = field(default_factory=set)
    ocsp_url: str = ""
    tsa_url: str = ""

    @property
    def chain(self) -> list[x509.Certificate]:
        return [self.intermediate.cert, self.root.cert]

    def issuers(self) -> list[Identity]:
        return [self.root, self.intermediate]

    def save(self, directory: Path) -> None:
        """Write root.pem (the trust anchor), keys as PKCS#12 and a manifest."""
        directory.mkdir(parents=True, exist_ok=True)
        pem = serialization.Encoding.PEM
        (directory / "root.pem").write_bytes(self.root.cert.public_bytes(pem))
        (directory / "intermediate.pem").write_bytes(self.intermediate.cert.public_bytes(pem))
        for identity in self._all_identities():
            (directory / f"{identity.name}.key.pem").write_bytes(
                identity.key.private_bytes(
                    pem,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            )
            (directory / f"{identity.name}.cert.pem").write_bytes(identity.cert.public_bytes(pem))
            chain = [] if identity is self.self_signed else self.chain
            (directory / f"{identity.name}.p12").write_bytes(identity.pkcs12(chain))
        manifest = {
            "label": TEST_LABEL,
            "password": PASSWORD.decode(),
            "ocsp_url": self.ocsp_url,
            "tsa_url": self.tsa_url,
            "people": {iin: p.name for iin, p in self.people.items()},
            "org": self.org.name if self.org else "",
            "revoked_serials": sorted(self.revoked_serials),
            "identities": [i.name for i in self._all_identities()],
        }
        (directory / "manifest.json").write_text(json.dumps(manifest, indent=2))

    @classmethod
    def load(cls, directory: Path) -> "TestPKI":
        manifest = json.loads((directory / "manifest.json").read_text())

        def identity(name: str) -> Identity:
            key = serialization.load_pem_private_key(
                (directory / f"{name}.key.pem").read_bytes(), None
            )
            cert = x509.load_pem_x509_certificate((directory / f"{name}.cert.pem").read_bytes())
            assert isinstance(key, rsa.RSAPrivateKey)
            return Identity(name=name, cert=cert, key=key)

        pki = cls(root=identity("root"), intermediate=identity("intermediate"))
        pki.people = {iin: identity(name) for iin, name in manifest["people"].items()}
        names = set(manifest["identities"])
        pki.org = identity(manifest["org"]) if manifest["org"] else None
        pki.revoked = identity("revoked") if "revoked" in names else None
        pki.expired = identity("expired") if "expired" in names else None
        pki.self_signed = identity("self-signed") if "self-signed" in names else None
        pki.revoked_serials = set(manifest["revoked_serials"])
        pki.tsa = identity("tsa") if "tsa" in names else None
        pki.ocsp_url = manifest["ocsp_url"]
        pki.tsa_url = manifest.get("tsa_url", "")
        return pki

    def _all_identities(self) -> list[Identity]:
        extra = [self.org, self.revoked, self.expired, self.self_signed, self.tsa]
        return [self.root, self.intermediate, *self.people.values(), *(i for i in extra if i)]


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)


def _name(*pairs: tuple[x509.ObjectIdentifier, str]) -> x509.Name:
    return x509.Name([x509.NameAttribute(oid, value) for oid, value in pairs])


def _build(
    *,
    subject: x509.Name,
    key: rsa.RSAPrivateKey,
    issuer: Identity | None,
    ca: bool,
    not_before: dt.datetime,
    not_after: dt.datetime,
    ocsp_url: str,
    path_length: int | None = None,
    time_stamping: bool = False,
) -> x509.Certificate:
    signer_key = issuer.key if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=path_length), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    if ca:
        usage = dict(key_cert_sign=True, crl_sign=True, digital_signature=False)
        usage_nr = False
    else:
        usage = dict(key_cert_sign=False, crl_sign=False, digital_signature=True)
        usage_nr = True
    builder = builder.add_extension(
        x509.KeyUsage(
            content_commitment=usage_nr,
            key_encipherment=False,
            data_encipherment=False,
            key_agreement=False,
            encipher_only=False,
            decipher_only=False,
            **usage,
        ),
        critical=True,
    )
    if time_stamping:
        # RFC 3161 §2.3: a TSA's certificate has the one critical extended key usage.
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    elif not ca:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
    if issuer and ocsp_url:
        builder = builder.add_extension(
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(
                        x509.oid.AuthorityInformationAccessOID.OCSP,
                        x509.UniformResourceIdentifier(ocsp_url),
                    )
                ]
            ),
            critical=False,
        )
    return builder.sign(signer_key, hashes.SHA256())


def person_subject(*, iin: str, surname: str, given: str, bin_: str = "") -> x509.Name:
    pairs = [
        (NameOID.COMMON_NAME, f"{surname} {given}".strip()),
        (NameOID.SURNAME, surname),
        (NameOID.SERIAL_NUMBER, f"IIN{iin}"),
        (NameOID.COUNTRY_NAME, "KZ"),
    ]
    if given:
        pairs.append((NameOID.GIVEN_NAME, given))
    if bin_:
        pairs.append((NameOID.ORGANIZATION_NAME, f"Academy of Justice ({TEST_LABEL})"))
        pairs.append((NameOID.ORGANIZATIONAL_UNIT_NAME, f"BIN{bin_}"))
    return _name(*pairs)


def make_test_pki(
    *,
    people: list[tuple[str, str, str]],
    org_bin: str,
    org_iin: str,
    ocsp_url: str,
    tsa_url: str = "",
    now: dt.datetime | None = None,
) -> TestPKI:
    """Make the PKI: `people` are (IIN, surname, given name) for personal certificates."""
    now = now or dt.datetime.now(dt.UTC)
    # Valid from well before today, so tests that travel back in time still sign.
    start = now - dt.timedelta(days=365 * 2)
    end = now + dt.timedelta(days=365 * 2)
    root_key = _key()
    root_subject = _name(
        (NameOID.COMMON_NAME, f"ROOT CA ({TEST_LABEL})"),
        (NameOID.ORGANIZATION_NAME, "Academy of Justice test PKI"),
        (NameOID.COUNTRY_NAME, "KZ"),
    )
    root_cert = _build(
        subject=root_subject,
        key=root_key,
        issuer=None,
        ca=True,
        not_before=start,
        not_after=now + dt.timedelta(days=365 * 10),
        ocsp_url="",
    )
    root = Identity("root", root_cert, root_key)
    inter_key = _key()
    intermediate = Identity(
        "intermediate",
        _build(
            subject=_name(
                (NameOID.COMMON_NAME, f"ҰКО RSA ({TEST_LABEL})"),
                (NameOID.COUNTRY_NAME, "KZ"),
            ),
            key=inter_key,
            issuer=root,
            ca=True,
            path_length=0,
            not_before=start,
            not_after=now + dt.timedelta(days=365 * 5),
            ocsp_url=ocsp_url,
        ),
        inter_key,
    )
    pki = TestPKI(root=root, intermediate=intermediate, ocsp_url=ocsp_url, tsa_url=tsa_url)

    def person(
        name: str, subject: x509.Name, *, time_stamping: bool = False, **times: dt.datetime
    ) -> Identity:
        key = _key()
        cert = _build(
            subject=subject,
            key=key,
            issuer=intermediate,
            ca=False,
            not_before=times.get("not_before", start),
            not_after=times.get("not_after", end),
            ocsp_url=ocsp_url,
            time_stamping=time_stamping,
        )
        return Identity(name, cert, key)

    for iin, surname, given in people:
        pki.people[iin] = person(
            f"person-{iin}", person_subject(iin=iin, surname=surname, given=given)
        )
    first_iin = people[0][0] if people else org_iin
    pki.org = person(
        "org",
        person_subject(iin=org_iin, surname="Academy of Justice", given="", bin_=org_bin),
    )
    pki.revoked = person("revoked", person_subject(iin=first_iin, surname="Revoked", given="Test"))
    pki.revoked_serials.add(pki.revoked.cert.serial_number)
    pki.expired = person(
        "expired",
        person_subject(iin=first_iin, surname="Expired", given="Test"),
        not_before=now - dt.timedelta(days=365 * 3),
        not_after=now - dt.timedelta(days=30),
    )
    pki.tsa = person(
        "tsa",
        _name(
            (NameOID.COMMON_NAME, f"TSA ({TEST_LABEL})"),
            (NameOID.ORGANIZATION_NAME, "Academy of Justice test PKI"),
            (NameOID.COUNTRY_NAME, "KZ"),
        ),
        time_stamping=True,
    )
    self_key = _key()
    self_subject = person_subject(iin=first_iin, surname="Forged", given="Test")
    pki.self_signed = Identity(
        "self-signed",
        _build(
            subject=self_subject,
            key=self_key,
            issuer=None,
            ca=False,
            not_before=start,
            not_after=end,
            ocsp_url="",
        ),
        self_key,
    )
    return pki


def sign_detached(identity: Identity, data: bytes, chain: list[x509.Certificate]) -> bytes:
    """A detached CMS (DER) over `data`, as NCALayer's basics sign makes with decode/no encapsulate."""
    builder = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(data)
        .add_signer(identity.cert, identity.key, hashes.SHA256())
    )
    for cert in chain:
        builder = builder.add_certificate(cert)
    return builder.sign(
        serialization.Encoding.DER,
        [
            pkcs7.PKCS7Options.DetachedSignature,
            pkcs7.PKCS7Options.NoCapabilities,
            pkcs7.PKCS7Options.Binary,  # sign the bytes, not S/MIME canonical text
        ],
    )


def ocsp_response(pki: TestPKI, request_der: bytes) -> bytes:
    """Answer an OCSP request for a certificate of this PKI, signed by its issuer."""
    try:
        request = ocsp.load_der_ocsp_request(request_der)
    except ValueError:
        return ocsp.OCSPResponseBuilder.build_unsuccessful(
            ocsp.OCSPResponseStatus.MALFORMED_REQUEST
        ).public_bytes(serialization.Encoding.DER)
    for issuer in pki.issuers():
        key_hash = x509.SubjectKeyIdentifier.from_public_key(issuer.key.public_key()).digest
        if request.issuer_key_hash != key_hash:
            continue
        subject = _issued_by(pki, issuer, request.serial_number)
        if subject is None:
            break
        now = dt.datetime.now(dt.UTC)
        revoked = request.serial_number in pki.revoked_serials
        builder = (
            ocsp.OCSPResponseBuilder()
            .add_response(
                cert=subject,
                issuer=issuer.cert,
                algorithm=request.hash_algorithm,
                cert_status=ocsp.OCSPCertStatus.REVOKED if revoked else ocsp.OCSPCertStatus.GOOD,
                this_update=now - dt.timedelta(minutes=5),
                next_update=now + dt.timedelta(hours=1),
                revocation_time=now - dt.timedelta(days=1) if revoked else None,
                revocation_reason=x509.ReasonFlags.key_compromise if revoked else None,
            )
            .responder_id(ocsp.OCSPResponderEncoding.HASH, issuer.cert)
        )
        nonce = _nonce(request)
        if nonce is not None:
            builder = builder.add_extension(x509.OCSPNonce(nonce), critical=False)
        return builder.sign(issuer.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
    return ocsp.OCSPResponseBuilder.build_unsuccessful(
        ocsp.OCSPResponseStatus.UNAUTHORIZED
    ).public_bytes(serialization.Encoding.DER)


class _TestTimeStamper(DummyTimeStamper):
    """pyHanko's test TSA, signing with the key already parsed (it parses it per token)."""

    def __init__(self, key: rsa.RSAPrivateKey, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._key = key

    def _sign_tst_info(
        self, tst_info_data: bytes, md_algorithm: str, when: dt.datetime
    ) -> tuple[bytes, asn1_cms.CMSAttributes]:
        digest = hashes.Hash(get_pyca_cryptography_hash(md_algorithm))
        digest.update(tst_info_data)
        signed_attrs = asn1_cms.CMSAttributes(
            [
                simple_cms_attribute("content_type", "tst_info"),
                simple_cms_attribute(
                    "signing_time", asn1_cms.Time({"utc_time": asn1_core.UTCTime(when)})
                ),
                simple_cms_attribute("signing_certificate", as_signing_certificate(self.tsa_cert)),
                simple_cms_attribute("message_digest", digest.finalize()),
            ]
        )
        signature = self._key.sign(
            signed_attrs.dump(), PKCS1v15(), get_pyca_cryptography_hash(md_algorithm)
        )
        return signature, signed_attrs


class TSARefusal(asn1_core.Sequence):
    """A TimeStampResp without a token (asn1crypto's own class requires one)."""

    _fields = [("status", tsp.PKIStatusInfo)]


def tsa_response(pki: TestPKI, request_der: bytes) -> bytes:
    """Answer an RFC 3161 time-stamp request with a token signed by the test PKI's TSA."""
    if pki.tsa is None:
        raise ValueError("this test PKI has no time-stamping authority")
    try:
        request = tsp.TimeStampReq.load(request_der)
        request.native  # noqa: B018 - a full parse, so garbage is refused here
    except (ValueError, TypeError, KeyError):
        refusal = TSARefusal(
            {"status": tsp.PKIStatusInfo({"status": "rejection", "fail_info": {"bad_request"}})}
        )
        return refusal.dump()
    der = serialization.Encoding.DER
    stamper = _TestTimeStamper(
        pki.tsa.key,
        tsa_cert=asn1_x509.Certificate.load(pki.tsa.cert.public_bytes(der)),
        tsa_key=None,
        certs_to_embed=[asn1_x509.Certificate.load(c.public_bytes(der)) for c in pki.chain],
        fixed_dt=dt.datetime.now(dt.UTC),
    )
    return stamper.request_tsa_response(request).dump()


def _nonce(request: ocsp.OCSPRequest) -> bytes | None:
    try:
        return request.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce
    except x509.ExtensionNotFound:
        return None


def _issued_by(pki: TestPKI, issuer: Identity, serial: int) -> x509.Certificate | None:
    for identity in pki._all_identities():
        cert = identity.cert
        if cert.serial_number == serial and cert.issuer == issuer.cert.subject:
            return cert
    return None


class OCSPResponder:
    """An OCSP responder and a TSA on loopback for tests: ``with OCSPResponder() as r: r.url``.

    ``up`` and ``tsa_up`` take either down (503), to test what happens then.
    """

    def __init__(self) -> None:
        self.pki: TestPKI | None = None
        self.up = True
        self.tsa_up = True
        self.requests = 0
        self.tsa_requests = 0
        responder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            # The headers and the body go out as two writes; with Nagle's algorithm the
            # body waits for the client's delayed ACK of the headers (about 40 ms on
            # loopback), which a real responder (and gunicorn) does not do.
            disable_nagle_algorithm = True

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                is_tsa = self.path.endswith("/tsa")
                if is_tsa:
                    responder.tsa_requests += 1
                else:
                    responder.requests += 1
                up = responder.tsa_up if is_tsa else responder.up
                if not up or responder.pki is None:
                    self.send_response(503)
                    self.end_headers()
                    return
                if is_tsa:
                    answer = tsa_response(responder.pki, body)
                    kind = "application/timestamp-reply"
                else:
                    answer = ocsp_response(responder.pki, body)
                    kind = "application/ocsp-response"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/ocsp"
        self.tsa_url = f"http://127.0.0.1:{self.server.server_address[1]}/tsa"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "OCSPResponder":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def issue_person(pki: TestPKI, *, iin: str, surname: str, given: str) -> Identity:
    """One more personal certificate from the test intermediate (e.g. for a test's persona)."""
    now = dt.datetime.now(dt.UTC)
    key = _key()
    cert = _build(
        subject=person_subject(iin=iin, surname=surname, given=given),
        key=key,
        issuer=pki.intermediate,
        ca=False,
        not_before=now - dt.timedelta(days=365 * 2),
        not_after=now + dt.timedelta(days=365),
        ocsp_url=pki.ocsp_url,
    )
    identity = Identity(f"person-{iin}", cert, key)
    pki.people[iin] = identity
    return identity

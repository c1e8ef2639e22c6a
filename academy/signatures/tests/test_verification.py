"""Server-side verification of CMS signatures (IS-4.8): every bad input has its reason."""

import base64

import pytest

from academy.signatures import testpki
from academy.signatures.testing import CANDIDATE_IIN, RECTOR_IIN
from academy.signatures.verification import Outcome, Verification, verify_cms

DOC = b"%PDF-1.4 the document the server rendered"


def sign(identity, pki, data=DOC, chain=True):
    return testpki.sign_detached(identity, data, pki.chain if chain else [])


@pytest.mark.clause("IS-4.8")
def test_a_valid_signature_names_the_signer(pki, ocsp):
    asked = ocsp.requests
    result = verify_cms(
        cms_bytes=sign(pki.people[RECTOR_IIN], pki), content=DOC, expected_iin=RECTOR_IIN
    )
    assert result.outcome == Outcome.VALID, result.message
    assert result.iin == RECTOR_IIN
    assert "Нұрпейісов" in result.signer_name
    assert result.cert_serial and "ҰКО" in result.issuer
    assert result.signing_time is not None
    assert ocsp.requests > asked  # revocation was really asked of the responder


@pytest.mark.clause("IS-4.8")
def test_ncalayer_base64_output_is_accepted(pki):
    cms = base64.b64encode(sign(pki.people[RECTOR_IIN], pki))
    assert verify_cms(cms_bytes=cms, content=DOC).ok


@pytest.mark.clause("IS-4.8")
def test_it_refuses_a_signature_over_another_document(pki):
    result = verify_cms(cms_bytes=sign(pki.people[RECTOR_IIN], pki), content=DOC + b" changed")
    assert result.outcome == Outcome.TAMPERED


@pytest.mark.clause("IS-4.8")
def test_it_refuses_another_persons_certificate(pki):
    result = verify_cms(
        cms_bytes=sign(pki.people[CANDIDATE_IIN], pki), content=DOC, expected_iin=RECTOR_IIN
    )
    assert result.outcome == Outcome.WRONG_SIGNER
    assert RECTOR_IIN in result.reason and CANDIDATE_IIN in result.reason


@pytest.mark.clause("IS-4.8")
def test_it_refuses_an_organisation_certificate_of_another_bin(pki):
    result = verify_cms(cms_bytes=sign(pki.org, pki), content=DOC, expected_bin="999999999999")
    assert result.outcome == Outcome.WRONG_SIGNER


@pytest.mark.clause("IS-4.8")
def test_it_accepts_the_academys_organisation_certificate(pki):
    result = verify_cms(cms_bytes=sign(pki.org, pki), content=DOC, expected_bin="000140000123")
    assert result.ok, result.message


@pytest.mark.clause("IS-4.8")
def test_it_refuses_an_expired_certificate(pki):
    assert verify_cms(cms_bytes=sign(pki.expired, pki), content=DOC).outcome == Outcome.EXPIRED


@pytest.mark.clause("IS-4.8")
def test_it_refuses_a_revoked_certificate(pki):
    assert verify_cms(cms_bytes=sign(pki.revoked, pki), content=DOC).outcome == Outcome.REVOKED


@pytest.mark.clause("IS-4.8")
def test_it_refuses_a_self_made_certificate_with_the_right_iin(pki):
    forged = sign(pki.self_signed, pki, chain=False)
    result = verify_cms(cms_bytes=forged, content=DOC, expected_iin=RECTOR_IIN)
    assert result.outcome == Outcome.UNTRUSTED


@pytest.mark.clause("IS-4.8")
def test_it_refuses_a_certificate_from_an_untrusted_root(pki, settings, tmp_path):
    settings.SIGNATURES_ACCEPT_TEST_PKI = False  # the test root is no longer an anchor
    result = verify_cms(cms_bytes=sign(pki.people[RECTOR_IIN], pki), content=DOC)
    assert result.outcome == Outcome.UNTRUSTED


@pytest.mark.clause("IS-4.8")
@pytest.mark.parametrize("cut", [1, 50, 400, -1])
def test_it_refuses_a_truncated_cms(pki, cut):
    whole = sign(pki.people[RECTOR_IIN], pki)
    assert verify_cms(cms_bytes=whole[:cut], content=DOC).outcome == Outcome.MALFORMED


@pytest.mark.clause("IS-4.8")
def test_it_refuses_garbage(pki):
    assert verify_cms(cms_bytes=b"not a signature", content=DOC).outcome == Outcome.MALFORMED


@pytest.mark.clause("IS-4.8")
def test_ocsp_down_is_its_own_state(pki, ocsp):
    ocsp.up = False
    result = verify_cms(cms_bytes=sign(pki.people[RECTOR_IIN], pki), content=DOC)
    assert result.outcome == Outcome.REVOCATION_UNKNOWN
    assert "OCSP" in result.reason


def fake_ncanode(*, cms_bytes, content, partial):
    partial.outcome = Outcome.VALID
    partial.iin = RECTOR_IIN
    return partial


GOST_OID = "1.2.398.3.10.1.1.1.1"


def gost_signature(pki, monkeypatch):
    from academy.signatures import verification

    monkeypatch.setattr(verification, "is_gost", lambda cert: True)
    return sign(pki.people[RECTOR_IIN], pki)


@pytest.mark.clause("IS-4.8")
def test_a_gost_signature_is_not_verifiable_without_a_verifier(pki, monkeypatch):
    result = verify_cms(cms_bytes=gost_signature(pki, monkeypatch), content=DOC)
    assert result.outcome == Outcome.NOT_VERIFIABLE
    assert not result.ok


@pytest.mark.clause("IS-4.8")
def test_a_gost_signature_goes_to_the_configured_verifier(pki, monkeypatch, settings):
    settings.SIGNATURES_GOST_VERIFIER = f"{__name__}.fake_ncanode"
    result = verify_cms(
        cms_bytes=gost_signature(pki, monkeypatch), content=DOC, expected_iin=CANDIDATE_IIN
    )
    # The verifier said valid, but the IIN check still runs on our side.
    assert result.outcome == Outcome.WRONG_SIGNER


def test_gost_key_algorithms_are_recognised(pki):
    from asn1crypto import x509

    from academy.signatures.verification import is_gost

    cert = x509.Certificate.load(pki.people[RECTOR_IIN].cert_der)
    assert not is_gost(cert)
    assert GOST_OID.startswith("1.2.398.3.10.1.1")


def test_verification_without_revocation_check_asks_no_network(pki, ocsp):
    # The speed is measured in bench/seal_certificates.py; here: no request leaves.
    cms = sign(pki.people[RECTOR_IIN], pki)
    asked = ocsp.requests
    result = verify_cms(cms_bytes=cms, content=DOC, check_revocation=False)
    assert isinstance(result, Verification) and result.ok
    assert ocsp.requests == asked

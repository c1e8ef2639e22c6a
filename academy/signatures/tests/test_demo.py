"""The demo's test PKI: made for the demo users, with its own OCSP answer (TEST KEYS ONLY)."""

import json

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp
from django.core.management import call_command

from academy.signatures.testpki import TEST_LABEL, TestPKI


def ask(client, cert, issuer):
    request = ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, hashes.SHA1()).build()
    response = client.post(
        "/signatures/test-pki/ocsp",
        request.public_bytes(serialization.Encoding.DER),
        content_type="application/ocsp-request",
    )
    assert response.status_code == 200
    return ocsp.load_der_ocsp_response(response.content).certificate_status


def test_make_test_pki_covers_the_demo_users_and_answers_ocsp(
    settings, tmp_path, client, signing_rector, listener
):
    settings.SIGNATURES_TEST_PKI_DIR = tmp_path / "test-pki"
    call_command("make_test_pki")
    manifest = json.loads((tmp_path / "test-pki" / "manifest.json").read_text())
    assert manifest["label"] == TEST_LABEL
    assert {signing_rector.iin, listener.iin} <= set(manifest["people"])
    pki = TestPKI.load(tmp_path / "test-pki")
    person = pki.people[listener.iin]
    assert ask(client, person.cert, pki.intermediate.cert) == ocsp.OCSPCertStatus.GOOD
    assert ask(client, pki.revoked.cert, pki.intermediate.cert) == ocsp.OCSPCertStatus.REVOKED
    assert (tmp_path / "test-pki" / "org.p12").exists()


def test_the_demo_responder_is_absent_without_the_test_pki(settings, client):
    settings.SIGNATURES_ACCEPT_TEST_PKI = False
    assert client.post("/signatures/test-pki/ocsp", b"x", content_type="x").status_code == 404

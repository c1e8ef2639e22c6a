"""Pytest fixtures for tests that sign (registered in the root conftest): TEST KEYS ONLY.

``trust_test_pki`` trusts a session-wide test PKI with a loopback OCSP responder;
``ncalayer_for(user)`` starts an NCALayer stand-in that signs with a certificate carrying
the user's IIN and points the signing pages at it, so browser tests sign for real.
"""

import pytest

from academy.signatures import testpki
from academy.signatures.testing import ACADEMY_BIN, build_pki


@pytest.fixture(scope="session")
def pki_env(tmp_path_factory):
    """Test PKI (root, intermediate, people, org, revoked, expired, self-signed, TSA) + OCSP
    and TSA on loopback; the seal takes its timestamps from the PKI's manifest."""
    with testpki.OCSPResponder() as responder:
        pki = build_pki(responder.url, responder.tsa_url)
        responder.pki = pki
        directory = tmp_path_factory.mktemp("test-pki")
        pki.save(directory)
        yield pki, responder, directory


@pytest.fixture
def trust_test_pki(settings, pki_env):
    pki, responder, directory = pki_env
    responder.up = True
    responder.tsa_up = True
    settings.SIGNATURE_TSA_URL = ""
    settings.SIGNATURE_TSA_FALLBACK_BB = True
    settings.SIGNATURES_TRUST_ANCHORS = []
    settings.SIGNATURES_ACCEPT_TEST_PKI = True
    settings.SIGNATURES_TEST_PKI_DIR = directory
    settings.SIGNATURES_REVOCATION_TIMEOUT = 2
    settings.SIGNATURES_ACADEMY_BIN = ACADEMY_BIN
    settings.SIGNATURES_GOST_VERIFIER = ""
    settings.SIGNATURE_SEAL_PKCS12 = ""
    return pki


@pytest.fixture
def ncalayer_for(trust_test_pki, settings):
    from academy.signatures.ncalayer_mock import NCALayerMock

    started = []

    def start(user):
        pki = trust_test_pki
        identity = pki.people.get(user.iin) or testpki.issue_person(
            pki, iin=user.iin, surname=user.surname, given=user.first_name
        )
        layer = NCALayerMock(identity, pki.chain).__enter__()
        started.append(layer)
        settings.SIGNATURES_NCALAYER_URL = layer.url
        return layer

    yield start
    for layer in started:
        layer.__exit__(None, None, None)

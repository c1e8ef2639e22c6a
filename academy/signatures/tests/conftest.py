import pytest

from academy.accounts.roles import Role
from academy.accounts.testing import persona
from academy.signatures import testpki
from academy.signatures.testing import ACADEMY_BIN, RECTOR_IIN, build_pki


@pytest.fixture(scope="session")
def pki_env(tmp_path_factory):
    """Test PKI (root, intermediate, people, org, revoked, expired, self-signed) + OCSP."""
    with testpki.OCSPResponder() as responder:
        pki = build_pki(responder.url)
        responder.pki = pki
        directory = tmp_path_factory.mktemp("test-pki")
        pki.save(directory)
        yield pki, responder, directory


@pytest.fixture(autouse=True)
def _trust_test_pki(settings, pki_env):
    _pki, responder, directory = pki_env
    responder.up = True
    settings.SIGNATURES_TRUST_ANCHORS = []
    settings.SIGNATURES_ACCEPT_TEST_PKI = True
    settings.SIGNATURES_TEST_PKI_DIR = directory
    settings.SIGNATURES_REVOCATION_TIMEOUT = 2
    settings.SIGNATURES_ACADEMY_BIN = ACADEMY_BIN
    settings.SIGNATURES_GOST_VERIFIER = ""


@pytest.fixture
def pki(pki_env):
    return pki_env[0]


@pytest.fixture
def ocsp(pki_env):
    return pki_env[1]


@pytest.fixture
def signing_rector(db):
    return persona(Role.RECTOR, surname="Нұрпейісов", first_name="Бауыржан", iin=RECTOR_IIN)

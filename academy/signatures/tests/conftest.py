import pytest

from academy.accounts.roles import Role
from academy.accounts.testing import persona
from academy.signatures.testing import RECTOR_IIN


@pytest.fixture(autouse=True)
def _trusted(trust_test_pki):
    return trust_test_pki


@pytest.fixture
def pki(pki_env):
    return pki_env[0]


@pytest.fixture
def ocsp(pki_env):
    return pki_env[1]


@pytest.fixture
def signing_rector(db):
    return persona(Role.RECTOR, surname="Нұрпейісов", first_name="Бауыржан", iin=RECTOR_IIN)

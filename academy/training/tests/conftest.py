import pytest

from academy.accounts.roles import Role


@pytest.fixture
def liaison(make_persona):
    return make_persona(Role.COURT_ADMINISTRATION, surname="Байжанов", first_name="Нұрсұлтан")

import pytest

from academy.accounts.roles import Role


@pytest.fixture
def rector(make_persona):
    return make_persona(Role.RECTOR, surname="Нұрпейісов", first_name="Бауыржан")


@pytest.fixture
def vice_rector(make_persona):
    return make_persona(Role.VICE_RECTOR, surname="Смағұлова", first_name="Айгүл")


@pytest.fixture
def liaison(make_persona):
    return make_persona(Role.COURT_ADMINISTRATION, surname="Байжанов", first_name="Нұрсұлтан")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Groups of 20–45 listeners: a real password hash for each would make the suite slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

import pytest

from academy.accounts.roles import Role
from academy.accounts.testing import persona
from academy.training.testing import fresh_iin


def _persona(role, **fields):
    # accounts.testing.UserFactory can repeat an IIN when make_iin skips a serial;
    # a fresh birth date per user avoids that here.
    fields.setdefault("iin", fresh_iin())
    return persona(role, **fields)


@pytest.fixture
def make_persona(db):
    return _persona


@pytest.fixture
def administrator(db):
    return _persona(Role.ADMINISTRATOR, surname="Әкімшіұлы", first_name="Алмас")


@pytest.fixture
def methodologist(db):
    return _persona(Role.METHODOLOGIST, surname="Жұмабаева", first_name="Гүлнар")


@pytest.fixture
def listener(db):
    return _persona(Role.LISTENER, surname="Серікбаев", first_name="Нұрлан")


@pytest.fixture
def lecturer(db):
    return _persona(Role.LECTURER, surname="Иванов", first_name="Сергей")


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

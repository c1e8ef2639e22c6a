import pytest

from academy.accounts.roles import Role
from academy.accounts.testing import persona
from academy.library.testing import ReaderFactory, RecordFactory


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def librarian(db):
    return persona(Role.LIBRARIAN, surname="Сидорова", first_name="Ольга")


@pytest.fixture
def reader_user(db):
    return persona(Role.READER, surname="Мұхтарова", first_name="Жанар")


@pytest.fixture
def reader(reader_user):
    return ReaderFactory(user=reader_user)


@pytest.fixture
def record(db):
    return RecordFactory(title="Судебная этика", language="ru")

"""Personas of the e-library and a catalogue to work on."""

from pathlib import Path

import pytest

from academy.accounts.roles import Role
from academy.accounts.testing import persona
from academy.library.testing import CopyFactory, ReaderFactory, RecordFactory

DATA = Path(__file__).parent / "data"


@pytest.fixture
def librarian(db):
    return persona(Role.LIBRARIAN, surname="Сидорова", first_name="Ольга")


@pytest.fixture
def reader_user(db):
    return persona(Role.READER, surname="Мұхтарова", first_name="Жанар")


@pytest.fixture
def other_reader_user(db):
    return persona(Role.READER, surname="Ахметов", first_name="Бауыржан")


@pytest.fixture
def reader(reader_user):
    return ReaderFactory(user=reader_user)


@pytest.fixture
def other_reader(other_reader_user):
    return ReaderFactory(user=other_reader_user)


@pytest.fixture
def copy(db):
    return CopyFactory(record=RecordFactory(title="Конституция Республики Казахстан"))


@pytest.fixture
def sample_mrc():
    return (DATA / "sample.mrc").read_bytes()


@pytest.fixture
def sample_xml():
    return (DATA / "sample.xml").read_bytes()


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English; pages choose their language from the URL."""
    from django.utils import translation

    with translation.override("en"):
        yield

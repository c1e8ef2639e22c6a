"""Fixtures of the documents tests; the builders live in academy.documents.testing."""

import pytest
from django.utils import translation

from academy.accounts.roles import Role
from academy.documents.testing import make_persona as _persona


@pytest.fixture(autouse=True)
def _fast_passwords(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in the source language; pages choose theirs by URL prefix.
    with translation.override("en"):
        yield


@pytest.fixture
def make_persona(db):
    return _persona


@pytest.fixture
def methodologist(db):
    return _persona(Role.METHODOLOGIST, surname="Жұмабаева", first_name="Гүлнар")


@pytest.fixture
def rector(db):
    return _persona(Role.RECTOR, surname="Нұрпейісов", first_name="Бауыржан")


@pytest.fixture
def lecturer(db):
    return _persona(Role.LECTURER, surname="Иванов", first_name="Сергей")

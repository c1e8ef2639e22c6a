"""Personas shared by every app's tests: one verified user per role."""

import pytest
from django.test import Client

from academy.accounts.roles import Role
from academy.accounts.testing import persona


@pytest.fixture(autouse=True)
def _plain_settings(settings):
    # Two-factor and lock-outs have their own tests; elsewhere they would only add noise.
    settings.OTP_REQUIRED_FOR_STAFF = False
    settings.AXES_ENABLED = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def make_persona(db):
    return persona


@pytest.fixture
def administrator(db):
    return persona(Role.ADMINISTRATOR, surname="Әкімшіұлы", first_name="Алмас")


@pytest.fixture
def methodologist(db):
    return persona(Role.METHODOLOGIST, surname="Жұмабаева", first_name="Гүлнар")


@pytest.fixture
def listener(db):
    return persona(Role.LISTENER, surname="Серікбаев", first_name="Нұрлан")


@pytest.fixture
def lecturer(db):
    return persona(Role.LECTURER, surname="Иванов", first_name="Сергей")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_as():
    return client_for

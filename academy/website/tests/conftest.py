import pytest

from academy.accounts.roles import Role
from academy.accounts.testing import persona


@pytest.fixture
def editor(db):
    return persona(Role.CONTENT_EDITOR, surname="Ли", first_name="Виктория")


@pytest.fixture(autouse=True)
def _english():
    # Messages are checked in English; pages take their language from the address.
    from django.utils import translation

    with translation.override("en"):
        yield

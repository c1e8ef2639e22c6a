import pytest

from academy.accounts.roles import Role
from academy.accounts.testing import persona


@pytest.fixture
def editor(db):
    return persona(Role.CONTENT_EDITOR, surname="Ли", first_name="Виктория")


@pytest.fixture
def partner(db, editor):
    from academy.portal import services

    return services.partner_create(
        name={"kk": "Жоғарғы Сот", "ru": "Верховный Суд", "en": "Supreme Court"},
        url="https://www.sud.gov.kz",
        by=editor,
    )


@pytest.fixture(autouse=True)
def _english(settings):
    # Service messages are checked in English; pages take their language from the address.
    from django.utils import translation

    with translation.override("en"):
        yield

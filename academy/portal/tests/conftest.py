import pytest

from academy.accounts.roles import Role
from academy.accounts.testing import persona
from academy.training.testing import fresh_iin


def _persona(role, **fields):
    fields.setdefault("iin", fresh_iin())
    return persona(role, **fields)


@pytest.fixture
def make_persona(db):
    return _persona


@pytest.fixture
def editor(db):
    return _persona(Role.CONTENT_EDITOR, surname="Ли", first_name="Виктория")


@pytest.fixture
def administrator(db):
    return _persona(Role.ADMINISTRATOR, surname="Әкімшіұлы", first_name="Алмас")


@pytest.fixture
def rector(db):
    return _persona(Role.RECTOR, surname="Нұрпейісов", first_name="Бауыржан")


@pytest.fixture
def vice_rector(db):
    return _persona(Role.VICE_RECTOR, surname="Омарова", first_name="Айгүл")


@pytest.fixture
def listener(db):
    return _persona(Role.LISTENER, surname="Серікбаев", first_name="Нұрлан")


@pytest.fixture
def methodologist(db):
    return _persona(Role.METHODOLOGIST, surname="Жұмабаева", first_name="Гүлнар")


@pytest.fixture
def partner(db, editor):
    from academy.portal import services

    return services.partner_create(
        name={"kk": "Жоғарғы Сот", "ru": "Верховный Суд", "en": "Supreme Court"},
        url="https://www.sud.gov.kz",
        by=editor,
    )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english(settings):
    # Service messages are checked in English; pages take their language from the address.
    from django.utils import translation

    with translation.override("en"):
        yield

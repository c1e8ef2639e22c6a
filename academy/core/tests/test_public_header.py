"""IS-19: the emblem, the flag and the logo on every public page, from one header template."""

import pytest

from academy.accounts.roles import Role
from academy.accounts.testing import persona

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/kk/",
    "/ru/library/",
    "/en/library/articles/",
    "/kk/documents/verify/2026-0001/",
    "/kk/site/",
    "/en/site/news/",
    "/kk/accounts/login/",
]
SYMBOLS = ("portal/logo.svg", "portal/flag.svg", "portal/emblem.svg")


def _assert_header(html: str) -> None:
    assert html.count('data-testid="site-header"') == 1
    header = html[html.index('data-testid="site-header"') :]
    header = header[: header.index("</main>") if "</main>" in header else None]
    for symbol in SYMBOLS:
        assert symbol in header, symbol


@pytest.mark.clause("IS-19")
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_shows_the_state_symbols_and_the_logo(client, path):
    response = client.get(path)
    assert response.status_code == 200
    _assert_header(response.content.decode())


@pytest.mark.clause("IS-19")
@pytest.mark.parametrize("path", ["/kk/library/", "/kk/site/", "/kk/documents/verify/2026-0001/"])
def test_a_logged_in_user_sees_them_on_the_public_pages_too(client, path):
    client.force_login(persona(Role.LISTENER))
    _assert_header(client.get(path).content.decode())


def test_the_working_pages_of_a_logged_in_user_do_without_them(client):
    client.force_login(persona(Role.LISTENER))
    assert 'data-testid="site-header"' not in client.get("/kk/dashboard/").content.decode()

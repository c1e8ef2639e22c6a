"""Error pages: the site's layout, the user's language, a way back; never Django's bare pages."""

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

import academy.core.urls as core_urls
from academy.accounts.roles import Role
from academy.accounts.testing import persona
from academy.core import views


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


@pytest.mark.django_db
def test_a_missing_page_is_a_404_in_the_layout_and_language_of_the_url(client):
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-testid="error-page"' in html
    assert '<html lang="ru">' in html
    assert "Страница не найдена" in html
    assert 'href="/ru/"' in html  # the way back for a visitor: the home page


@pytest.mark.django_db
def test_a_forbidden_page_is_a_403_with_the_menu_and_a_way_to_the_dashboard(client):
    client.force_login(persona(Role.LISTENER))
    response = client.get("/kk/audit/", HTTP_REFERER="http://testserver/kk/exams/")
    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-testid="error-page"' in html
    assert 'data-testid="main-menu"' in html
    assert 'href="/kk/dashboard/"' in html
    assert 'href="http://testserver/kk/exams/"' in html  # back where they came from
    assert '<html lang="kk">' in html


@pytest.mark.django_db
def test_a_foreign_referer_is_not_offered_as_the_way_back(client):
    client.force_login(persona(Role.LISTENER))
    html = client.get("/en/audit/", HTTP_REFERER="https://evil.example/").content.decode()
    assert "evil.example" not in html


def test_the_500_page_renders_without_the_database_in_the_users_language():
    # No django_db mark: any query here would fail the test.
    request = RequestFactory().get("/en/x/")
    with translation.override("en"):
        response = views.error_500(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert 'data-testid="error-page"' in html
    assert "Something went wrong on our side" in html
    assert 'href="/en/"' in html


def test_the_400_page_renders_without_the_database():
    request = RequestFactory().get("/kk/x/")
    with translation.override("kk"):
        response = views.error_400(request, Exception("bad"))
    assert response.status_code == 400
    assert 'data-testid="error-page"' in response.content.decode()
    assert '<html lang="kk">' in response.content.decode()


@pytest.mark.django_db
def test_an_unhandled_error_gives_the_500_page(monkeypatch):
    def boom(request):
        raise RuntimeError("bug")

    dashboard = next(p for p in core_urls.urlpatterns if p.name == "dashboard")
    monkeypatch.setattr(dashboard, "callback", boom)
    user = persona(Role.LISTENER)
    crashing = Client(raise_request_exception=False)
    crashing.force_login(user)
    response = crashing.get("/en/dashboard/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_the_project_names_its_handlers():
    import academy.urls

    assert academy.urls.handler400 == "academy.core.views.error_400"
    # The 403 is recorded as a security event first, then shown by core's error_403.
    assert academy.urls.handler403 == "academy.secevents.views.permission_denied"
    assert academy.urls.handler404 == "academy.core.views.error_404"
    assert academy.urls.handler500 == "academy.core.views.error_500"

"""The top menu, breadcrumbs and the staff search."""

import re

import pytest

from academy.accounts.roles import Role
from academy.accounts.testing import persona

pytestmark = pytest.mark.django_db


def _menu(html: str) -> str:
    start = html.index('data-testid="main-menu"')
    return html[start : html.index("</ul>\n", start)]


def _sections(html: str) -> list[str]:
    return re.findall(r'data-section="([a-z]+)"', html)


def test_the_menu_shows_only_the_sections_of_the_users_roles(client):
    client.force_login(persona(Role.LIBRARIAN))
    html = client.get("/en/dashboard/").content.decode()
    assert _sections(html) == ["library"]


def test_the_administrators_menu_has_administration_and_appeals(client):
    client.force_login(persona(Role.ADMINISTRATOR))
    sections = _sections(client.get("/en/dashboard/").content.decode())
    assert "administration" in sections
    assert "appeals" in sections
    assert "training" in sections


def test_the_listener_sees_training_exams_library_and_learning(client):
    client.force_login(persona(Role.LISTENER))
    sections = _sections(client.get("/en/dashboard/").content.decode())
    assert sections == ["training", "exams", "library", "learning"]


def test_the_current_section_is_highlighted(client):
    client.force_login(persona(Role.LIBRARIAN))
    html = client.get("/en/library/loans/").content.decode()
    item = re.search(r'data-section="library".*?</li>', html, re.S).group(0)
    assert "active" in item
    assert 'aria-current="true"' in item


def test_every_menu_link_opens_for_its_user(client):
    for role in (Role.ADMINISTRATOR, Role.METHODOLOGIST, Role.LISTENER, Role.LIBRARIAN):
        client.force_login(persona(role))
        menu = _menu(client.get("/kk/dashboard/").content.decode())
        links = set(re.findall(r'href="(/[^"#]*)"', menu))
        assert links
        for link in links:
            assert client.get(link).status_code == 200, (role, link)


def test_breadcrumbs_lead_from_the_dashboard_through_the_section_to_the_page(client):
    client.force_login(persona(Role.LIBRARIAN))
    html = client.get("/en/library/loans/").content.decode()
    crumbs = html[
        html.index('data-testid="breadcrumbs"') : html.index(
            "</nav>", html.index('data-testid="breadcrumbs"')
        )
    ]
    assert 'href="/en/dashboard/"' in crumbs
    assert "Library" in crumbs
    assert re.search(r'aria-current="page">[^<]*Loans', crumbs)


def test_a_view_adds_its_own_crumbs(rf, client):
    from django.template import Context, Template

    request = rf.get("/en/library/loans/")
    request.resolver_match = None
    request.user = persona(Role.LIBRARIAN)
    html = Template("{% extends 'base.html' %}{% block title %}Page{% endblock %}").render(
        Context({"request": request, "user": request.user, "breadcrumbs": [("Parent", "/p/")]})
    )
    crumbs = html[html.index('data-testid="breadcrumbs"') :]
    assert crumbs.index('href="/p/"') < crumbs.index('aria-current="page">Page')


def test_anonymous_visitors_get_breadcrumbs_from_home_on_public_pages(client):
    html = client.get("/en/library/").content.decode()
    assert 'data-testid="breadcrumbs"' in html
    assert 'href="/en/"' in html


def test_the_search_box_is_for_staff_only(client):
    client.force_login(persona(Role.LISTENER))
    assert 'action="/kk/search/"' not in client.get("/kk/dashboard/").content.decode()
    assert client.get("/kk/search/?q=ab").status_code == 403
    client.force_login(persona(Role.METHODOLOGIST))
    assert 'action="/kk/search/"' in client.get("/kk/dashboard/").content.decode()


def test_the_search_finds_people_for_the_administrator_only(client):
    persona(Role.LISTENER, surname="Жолдасбеков", first_name="Ерлан")
    client.force_login(persona(Role.ADMINISTRATOR))
    html = client.get("/en/search/", {"q": "Жолдас"}).content.decode()
    assert "Жолдасбеков" in html
    client.force_login(persona(Role.LIBRARIAN))
    html = client.get("/en/search/", {"q": "Жолдас"}).content.decode()
    assert "Жолдасбеков" not in html
    assert 'data-testid="search-people"' not in html


def test_the_search_finds_library_records_for_the_librarian(client):
    from academy.library.models import Record

    record = Record.objects.create(title="Азаматтық іс жүргізу кодексі", authors="Әлиев")
    client.force_login(persona(Role.LIBRARIAN))
    html = client.get("/kk/search/", {"q": "кодексі"}).content.decode()
    assert f'href="/kk/library/records/{record.pk}/"' in html


def test_the_search_shows_a_commission_member_only_their_exams(client):
    from academy.exams.models import Exam

    member = persona(Role.EXAM_COMMISSION_MEMBER)
    kind, audience = Exam.Kind.WRITTEN_CASE, Exam.Audience.COURT_STAFF
    mine = Exam.objects.create(title="Қорытынды тест A", kind=kind, audience=audience)
    Exam.objects.create(title="Қорытынды тест B", kind=kind, audience=audience)
    mine.commission.create(user=member, seat="lecturer")
    client.force_login(member)
    html = client.get("/kk/search/", {"q": "Қорытынды"}).content.decode()
    assert "тест A" in html
    assert "тест B" not in html


def test_a_one_letter_search_asks_for_more(client):
    client.force_login(persona(Role.ADMINISTRATOR))
    html = client.get("/en/search/", {"q": "a"}).content.decode()
    assert "Type at least 2 characters." in html


def test_every_page_names_the_favicon_and_favicon_ico_leads_to_it(client):
    html = client.get("/kk/accounts/login/").content.decode()
    assert 'rel="icon" href="/static/core/favicon.svg"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/core/favicon.svg"


def test_a_page_without_its_own_title_adds_no_crumb_for_it(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    request = rf.get("/kk/x/")
    request.resolver_match = None
    request.user = AnonymousUser()
    html = Template("{% extends 'base.html' %}").render(
        Context({"request": request, "user": request.user})
    )
    crumbs = html[html.index('data-testid="breadcrumbs"') : html.index("</ol>")]
    assert crumbs.count("breadcrumb-item") == 1


def test_the_search_finds_groups_by_course_title_for_managers_only(client):
    from academy.training.testing import GroupFactory

    group = GroupFactory(name="3", course__title_kk="Сот этикасы курсы", course__title_en="Ethics")
    client.force_login(persona(Role.METHODOLOGIST))
    html = client.get("/kk/search/", {"q": "этикасы"}).content.decode()
    assert f'href="/kk/training/groups/{group.pk}/"' in html
    assert "Сот этикасы курсы – 3" in html
    client.force_login(persona(Role.LIBRARIAN))
    html = client.get("/kk/search/", {"q": "этикасы"}).content.decode()
    assert 'data-testid="search-groups"' not in html

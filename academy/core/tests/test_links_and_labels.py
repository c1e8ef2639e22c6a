"""Dead links and raw codes found by walking the demo as every role (issue 11)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from academy.accounts.roles import Role
from academy.accounts.testing import persona

pytestmark = pytest.mark.django_db


def _links(html: str) -> set[str]:
    return set(re.findall(r'href="(/[^"#?]*)"', html))


def test_the_administrators_back_link_on_the_commissions_page_opens(client):
    client.force_login(persona(Role.ADMINISTRATOR))
    html = client.get("/kk/appeals/commissions/").content.decode()
    main = html[html.index('<main id="main"') :]
    assert "/kk/appeals/" not in _links(main) - {"/kk/appeals/commissions/new/"}
    for link in _links(main):
        assert client.get(link).status_code == 200, link


def test_the_secretarys_back_link_still_leads_to_the_appeals(client):
    client.force_login(persona(Role.APPEALS_SECRETARY))
    html = client.get("/kk/appeals/commissions/").content.decode()
    assert 'href="/kk/appeals/"' in html


@pytest.mark.parametrize("role", [Role.RECTOR, Role.VICE_RECTOR])
def test_the_group_pages_final_survey_link_opens_for_the_rector_and_vice_rector(client, role):
    from academy.training.testing import ProgrammeFactory

    group = ProgrammeFactory().group
    client.force_login(persona(role))
    html = client.get(reverse("training:group_detail", args=[group.pk])).content.decode()
    survey_link = reverse("surveys:group_survey", args=[group.pk])
    assert f'href="{survey_link}"' in html
    response = client.get(survey_link)
    assert response.status_code == 200
    assert 'data-testid="survey-not-opened"' in response.content.decode()


def test_the_cases_list_shows_specialisations_by_name(client):
    from academy.exams.models import CaseForm, CaseTask

    for code in ("civil", "criminal", "land"):
        CaseTask.objects.create(
            title=f"Кейс {code}",
            specialisation=code,
            form=CaseForm.QUESTIONS,
            language="kk",
            text="…",
        )
    client.force_login(persona(Role.METHODOLOGIST))
    html = client.get("/en/exams/cases/").content.decode()
    cells = re.findall(r"</a></td><td>([^<]*)</td>", html)
    assert "Civil proceedings" in cells
    assert "Criminal proceedings" in cells
    assert "civil" not in cells and "criminal" not in cells
    assert "land" in cells  # a code outside TR-17 stays as typed


def test_the_page_editor_names_the_address_in_words(client):
    client.force_login(persona(Role.CONTENT_EDITOR))
    with translation.override("ru"):
        html = client.get(reverse("portal:page_create")).content.decode()
    assert "slug" not in re.sub(
        r"name=\"slug\"|id=\"id_slug\"|for=\"id_slug\"|id_slug_helptext", "", html
    )
    assert "Адрес страницы" in html


def test_the_news_editor_has_one_full_stop_after_initials(client):
    from academy.portal.testing import make_news

    editor = persona(
        Role.CONTENT_EDITOR, surname="Ахметова", first_name="Сәуле", patronymic="Ерланқызы"
    )
    news = make_news(editor)
    client.force_login(editor)
    html = client.get(reverse("portal:news_edit", args=[news.pk])).content.decode()
    assert "Ахметова С.Е." in html
    assert ".." not in html.replace("...", "")

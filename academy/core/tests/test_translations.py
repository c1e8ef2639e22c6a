"""The catalogues are complete, compiled and current (IS-21)."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from academy.core.i18n import check_catalogs


@pytest.mark.clause("IS-21")
def test_every_catalogue_is_current_translated_and_compiled():
    problems = check_catalogs()
    assert not problems, "\n".join(f"{p.path}: {p.problem}" for p in problems[:40])


@pytest.mark.clause("IS-21")
def test_kazakh_dates_use_day_month_year():
    with translation.override("kk"):
        rendered = Template('{{ d|date:"SHORT_DATE_FORMAT" }}').render(
            Context({"d": datetime.date(2026, 3, 22)})
        )
    assert rendered == "22.03.2026"


@pytest.mark.clause("IS-21")
@pytest.mark.parametrize(
    ("language", "expected"), [("kk", "Кіру"), ("ru", "Войти"), ("en", "Log in")]
)
def test_login_page_speaks_each_language(client, db, language, expected):
    response = client.get(f"/{language}/accounts/login/")
    assert response.status_code == 200
    assert expected in response.content.decode()

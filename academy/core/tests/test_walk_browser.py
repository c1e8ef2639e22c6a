"""Every demo role walks its menu and dashboard at 1280 px and 390 px in Chromium.

Fails on a page that scrolls sideways, a bare error page (no site layout) or a dead link
(4xx/5xx) among the menu's and the dashboard's links; and, on the /ru/ and /en/ copies of
those pages, on an untranslated data field: a name shown as a fallback (marked
`data-fallback` by the `tr` filter) or a seeded name's Kazakh text where the reader's
language has its own.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from academy.accounts.demo import DEMO_PASSWORD, PEOPLE
from academy.accounts.models import User

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
SAME_SITE_LINKS = """sel => Array.from(document.querySelectorAll(sel))
    .map(a => a.getAttribute('href'))
    .filter(h => h && h.startsWith('/') && !h.startsWith('//'))"""


def _log_in(page, user) -> None:
    page.goto("/kk/accounts/login/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def _kazakh_only_names() -> dict[str, set[str]]:
    """Per reader's language, the Kazakh texts of translated demo names that have their own."""
    from academy.appeals.models import Commission
    from academy.appeals.models import Exam as QualificationExam
    from academy.exams.models import Exam
    from academy.learning.models import Module, OnlineCourse
    from academy.training.models import Course, Lesson

    names: dict[str, set[str]] = {"ru": set(), "en": set()}
    for model, field in [
        (Exam, "title"),
        (QualificationExam, "title"),
        (Commission, "title"),
        (OnlineCourse, "title"),
        (Module, "title"),
        (Course, "title"),
        (Lesson, "topic"),
    ]:
        columns = [f"{field}_kk", f"{field}_ru", f"{field}_en"]
        for kk, ru, en in model.objects.values_list(*columns).distinct():
            for language, own in (("ru", ru), ("en", en)):
                if kk and own and own != kk:
                    names[language].add(kk)
    return names


def _check_languages(
    page, who: str, links: list[str], names, problems: list[str], seen: set[str]
) -> None:
    """The /ru/ and /en/ copies: no fallback marker, no Kazakh name that has a translation.

    A page another role has already passed is not fetched again, except the dashboard,
    which is each role's own.
    """
    for link in links:
        if not link.startswith("/kk/") or "/admin/" in link:
            continue
        if link in seen and link != "/kk/dashboard/":
            continue
        seen.add(link)
        for language in ("ru", "en"):
            url = f"/{language}/{link[4:]}"
            response = page.request.get(url, max_redirects=5)
            if response.status >= 400:
                problems.append(f"{who}: {url} answers {response.status}")
                continue
            html = response.text()
            main = html[html.find('<main id="main"') :]
            if "data-fallback=" in main:
                problems.append(f"{who}: {url} shows a name not translated into {language}")
            if "/audit/" in url:
                continue  # the log quotes what was typed (details) – a record, not a label
            shown = sorted(name for name in names[language] if name in main)
            if shown:
                problems.append(f"{who}: {url} shows in Kazakh: {shown[:3]}")


def _walk(page, user, problems: list[str], names, seen: set[str]) -> None:
    _log_in(page, user)
    page.goto("/kk/dashboard/")
    menu = page.evaluate(SAME_SITE_LINKS, "[data-testid=main-menu] a")
    dashboard_links = page.evaluate(SAME_SITE_LINKS, "main a")
    who = user.email
    for link in sorted(set(dashboard_links) - set(menu)):
        status = page.request.get(link, max_redirects=5).status
        if status >= 400:
            problems.append(f"{who}: dashboard link {link} answers {status}")
    pages = ["/kk/dashboard/", *dict.fromkeys(menu)]
    _check_languages(page, who, pages, names, problems, seen)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for link in pages:
            response = page.goto(link)
            status = response.status if response else 0
            if status >= 400:
                problems.append(f"{who}: menu link {link} answers {status}")
            # The back office (Django admin) has its own layout; every other page has ours.
            if "/admin/" not in link and page.locator("main#main").count() != 1:
                problems.append(f"{who}: {link} is a bare page without the site's layout")
            overflow = page.evaluate(OVERFLOW)
            if overflow > 0:
                problems.append(f"{who}: {link} scrolls sideways by {overflow}px at {width}px")


def test_every_demo_role_walks_its_menu_and_dashboard_on_desktop_and_phone(
    transactional_db, chromium, live_server
):
    call_command("seed_demo", stdout=StringIO())
    emails = [row[4] for row in PEOPLE]
    users = sorted(User.objects.filter(email__in=emails), key=lambda u: emails.index(u.email))
    assert len(users) == len(PEOPLE)
    names = _kazakh_only_names()
    assert names["en"] and names["ru"]
    problems: list[str] = []
    seen: set[str] = set()
    for user in users:
        context = chromium.new_context(base_url=live_server.url, locale="kk-KZ")
        context.set_default_timeout(20000)
        try:
            _walk(context.new_page(), user, problems, names, seen)
        finally:
            context.close()
    assert problems == [], "\n".join(problems)

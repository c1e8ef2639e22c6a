"""Every demo role walks its menu and dashboard at 1280 px and 390 px in Chromium.

Fails on a page that scrolls sideways, a bare error page (no site layout) or a dead link
(4xx/5xx) among the menu's and the dashboard's links.
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


def _walk(page, user, problems: list[str]) -> None:
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
    problems: list[str] = []
    for user in users:
        context = chromium.new_context(base_url=live_server.url, locale="kk-KZ")
        context.set_default_timeout(20000)
        try:
            _walk(context.new_page(), user, problems)
        finally:
            context.close()
    assert problems == [], "\n".join(problems)

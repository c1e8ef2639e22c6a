"""Accessibility: axe-core finds no serious or critical violation on the shared pages."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")


def serious_violations(page) -> list[str]:
    page.add_script_tag(content=AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize(
    "path",
    ["/kk/", "/kk/accounts/login/", "/ru/accounts/register/", "/en/accounts/password-reset/"],
)
def test_public_pages_have_no_serious_accessibility_violations(page, path):
    page.goto(path)
    assert serious_violations(page) == []


def test_the_dashboard_has_no_serious_accessibility_violations(page, login, methodologist):
    login(page, methodologist)
    page.wait_for_url("**/dashboard/")
    assert serious_violations(page) == []

"""The OPAC in a browser: search, narrow by a facet, sort, remove the chip (IS-12, issue 17)."""

import pytest

from academy.library.models import Copy
from academy.library.testing import CopyFactory, RecordFactory

pytestmark = pytest.mark.browser


@pytest.mark.clause("IS-12")
def test_search_narrow_by_a_facet_sort_and_remove_the_chip(transactional_db, page):
    RecordFactory(title="Судебная практика", authors="Ким, Ю. А.", year=2015)
    newest = RecordFactory(title="Практика судов", authors="Ким, Ю. А.", year=2024)
    CopyFactory(record=newest)
    CopyFactory(record=newest, status=Copy.Status.ON_LOAN)
    RecordFactory(title="Практика арбитража", authors="Омаров, Б. С.", year=2020)

    page.goto("/en/library/")
    page.fill("#id_q", "практика")
    page.click("[data-testid=search-form] button[type=submit]")
    page.wait_for_selector("[data-testid=result-count]:has-text('3 records found')")

    page.click("[data-testid=facets] a:has-text('Ким, Ю. А.')")
    page.wait_for_selector("[data-testid=result-count]:has-text('2 records found')")
    assert "Author: Ким, Ю. А." in page.inner_text("[data-testid=chips]")

    page.click("[data-testid=sort] a:has-text('Year, newest first')")
    page.wait_for_selector("[data-testid=sort] strong:has-text('Year, newest first')")
    first = page.locator("[data-testid=results] li").first.inner_text()
    assert "Практика судов" in first and "1 of 2 copies available" in first

    page.click("[data-testid=chips] a:has-text('Ким, Ю. А.')")
    page.wait_for_selector("[data-testid=result-count]:has-text('3 records found')")
    assert page.locator("[data-testid=chips]").count() == 0

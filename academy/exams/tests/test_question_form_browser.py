"""The single-question form's small script, in Chromium (marker "browser")."""

import re

import pytest

from academy.exams.models import Question, QuestionType
from academy.exams.testing import make_bank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_lecturer_adds_an_option_row_and_sees_only_the_rows_of_the_type(page, login, lecturer):
    category = make_bank(0)
    login(page, lecturer)
    page.goto("/kk/exams/bank/new/")
    assert page.is_visible("[data-rows=options]")
    assert page.is_hidden("[data-rows=pairs]")
    page.select_option("#id_qtype", QuestionType.MATCHING)
    assert page.is_visible("[data-rows=pairs]") and page.is_hidden("[data-rows=options]")
    page.select_option("#id_qtype", QuestionType.SINGLE)
    page.select_option("#id_category", str(category.pk))
    page.fill("#id_text", "Талап арызды кім береді?")
    page.click("[data-rows=options] [data-add-row]")
    assert page.input_value("#id_options-TOTAL_FORMS") == "5"
    for index, text in enumerate(["Судья", "Прокурор", "Куә", "Хатшы", "Талап қоюшы"]):
        page.fill(f"#id_options-{index}-text", text)
    page.check("#id_options-4-correct")
    page.click("[data-testid=question-form] button[type=submit]")
    page.wait_for_url(re.compile(r"/exams/bank/\d+/change/$"))
    payload = Question.objects.get().current_version.payload
    assert [(o["text"], o["correct"]) for o in payload["options"]][-1] == ("Талап қоюшы", True)
    assert len(payload["options"]) == 5


def test_the_question_form_has_no_serious_accessibility_violations(page, login, lecturer):
    from academy.core.tests.test_accessibility import serious_violations

    make_bank(0)
    login(page, lecturer)
    page.goto("/kk/exams/bank/new/")
    assert serious_violations(page) == []

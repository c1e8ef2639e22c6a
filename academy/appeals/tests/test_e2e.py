"""One walk through the whole appeal in a real browser (AP-9..AP-13, AP-23, AP-5)."""

import re
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from academy.appeals.models import Appeal, Stage, StageResult, TestAnswer
from academy.core.workdays import add_working_days, is_working_day


def previous_working_day(day):
    day -= timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_candidate_files_commission_decides_minutes_generated(
    page, login, exam, commission, candidate, chair, members, secretary, ncalayer_for
):
    today = timezone.localdate()
    result = StageResult.objects.create(
        exam=exam,
        candidate=candidate,
        stage=Stage.TEST,
        points=Decimal(69),
        threshold=Decimal(70),
        received_on=previous_working_day(today),
    )
    for n in range(1, 6):
        TestAnswer.objects.create(
            result=result,
            number=n,
            question=f"Сұрақ {n}",
            candidate_answer="A" if n == 3 else "B",
            correct_answer="B",
        )

    def as_user(user):
        page.context.clear_cookies()
        login(page, user)
        page.wait_for_url("**/dashboard/**")

    # The candidate files a test appeal on form No. 1.
    as_user(candidate)
    page.goto("/kk/appeals/")
    page.click("[data-testid=file-test]")
    page.fill("#id_q-0-number", "3")
    page.fill("#id_q-0-grounds", "Екі жауап да дұрыс")
    page.fill("#id_q-0-legal_reference", "ҚР АПК 5-бабы")
    # AP-10: the application is filed by the candidate's signature (NCALayer, test keys).
    ncalayer_for(candidate)
    with page.expect_navigation():
        page.click("[data-testid=file-appeal]")
    with page.expect_navigation():
        page.click("#sign-button")
    page.wait_for_selector("[data-testid=status]")
    appeal = Appeal.objects.get()

    # The chair schedules a sitting six working days ahead.
    sitting_day = add_working_days(today, 6)
    as_user(chair)
    page.goto("/kk/appeals/sittings/new/")
    page.select_option("#id_commission", str(commission.pk))
    page.fill("#id_starts_at", f"{sitting_day:%Y-%m-%d}T10:00")
    page.fill("#id_place", "Астана, 305-кабинет")
    page.check(f"input[name=appeals][value='{appeal.pk}']")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/sittings/\d+/$"))
    sitting_url = page.url

    # The secretary sends the materials (AP-13).
    as_user(secretary)
    page.goto(sitting_url)
    page.click("[data-testid=send-materials]")
    page.wait_for_selector(".alert-success")

    # Three of the four members fill their sheets and uphold: a majority of the total (AP-23;
    # two of four would be neither a majority nor a tie of the votes cast).
    for member in (chair, members[0], members[1]):
        as_user(member)
        page.goto(f"/kk/appeals/{appeal.pk}/")
        page.click("[data-testid=fill-sheet]")
        page.check("#id_q3_incorrect")
        page.fill("#id_q3_comment", "Екі жауап нұсқасы дұрыс")
        page.fill("#id_q3_legal_reference", "ҚР АПК 5-бабы")
        page.check("#id_position_0")
        page.fill("#id_comment", "Тест сұрағы қате құрастырылған")
        page.click("main button[type=submit]")
        page.click("[data-testid=vote-uphold]")
        page.wait_for_selector(".alert-success")
    assert appeal.votes.count() == 3

    # The sitting day: attendance, decision, minutes.
    start = timezone.make_aware(datetime.combine(sitting_day, time(11)))
    with time_machine.travel(start, tick=True):
        as_user(secretary)
        page.goto(sitting_url)
        for member in (chair, *members):
            page.check(f"input[name=present][value='{member.pk}']")
        page.select_option(f"#id_attendance_{appeal.pk}", "present")
        page.click("[data-testid=save-attendance]")
        page.wait_for_selector(".alert-success")

        as_user(chair)
        page.goto(f"/kk/appeals/{appeal.pk}/")
        page.click("[data-testid=decide]")
        page.wait_for_selector("[data-testid=decision-summary]")
        page.click("[data-testid=confirm-decide]")
        page.wait_for_selector("[data-testid=decision]")

        as_user(secretary)
        page.goto(sitting_url)
        page.click("[data-testid=generate-minutes]")
        page.wait_for_selector("[data-testid=minutes-link]")

        as_user(candidate)
        page.goto(f"/kk/appeals/{appeal.pk}/")
        assert "қайта тапсыруға" in page.inner_text("[data-testid=decision]")
    appeal.refresh_from_db()
    assert appeal.decision == Appeal.Decision.UPHOLD


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.clause("AP-F3")
def test_secretary_enters_an_essay_sheet_and_sees_the_total(
    page, login, exam, commission, candidate, secretary
):
    essay = StageResult.objects.create(
        exam=exam,
        candidate=candidate,
        stage=Stage.ESSAY,
        points=Decimal(3),
        threshold=Decimal("3.5"),
        received_on=timezone.localdate(),
    )
    login(page, secretary)
    page.wait_for_url("**/dashboard/**")
    page.goto("/kk/appeals/sheets/")
    page.click(f"[data-testid=sheets-{essay.pk}]")
    page.fill("#id_grader", "Бағалаушы А")
    for name, value in (("c1", "1"), ("c2", "0.5"), ("c3", "1"), ("c4", "0.5"), ("c5", "-2")):
        page.select_option(f"#id_{name}", value)
    page.click("[data-testid=save-sheet]")
    assert page.text_content("[data-testid=total]").strip() == "1"
    assert essay.sheets.get().scores == [1, 0.5, 1, 0.5, -2]

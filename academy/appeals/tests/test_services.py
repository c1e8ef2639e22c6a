from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from academy.accounts.roles import Role
from academy.appeals import services
from academy.appeals.models import (
    Appeal,
    Commission,
    GraderSheet,
    Notification,
    Resit,
    ReviewSheet,
    Stage,
    TestAnswer,
)
from academy.appeals.selectors import filing_deadline as services_deadline
from academy.appeals.tests.conftest import at, questions
from academy.core.testing import sample_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(test_result, candidate, travel):
    """A test appeal filed on time: questions 1–10 (answered wrongly) and 15 (answered right)."""
    travel(2026, 3, 26, 10)
    return services.appeal_file(
        result=test_result, questions=questions(*range(1, 11), 15), by=candidate
    )


@pytest.fixture
def scheduled(filed, chair, secretary, commission, travel):
    """On a sitting of Wednesday 8 April 2026 with the materials sent on 31 March."""
    travel(2026, 3, 31, 9)
    sitting = services.sitting_schedule(
        commission=commission,
        starts_at=at(2026, 4, 8, 10),
        place="Астана",
        appeals=[filed],
        by=chair,
    )
    services.sitting_send_materials(sitting=sitting, by=secretary)
    filed.refresh_from_db()
    return filed


def fill_and_vote(appeal, member, choice, incorrect=()):
    items = [
        {
            "number": n,
            "incorrect": n in incorrect,
            "comment": "Екі дұрыс жауап",
            "legal_reference": "АПК 5-бап",
        }
        for n in range(1, 11)
    ]
    services.review_sheet_submit(
        appeal=appeal,
        items=items,
        position=choice,
        comment="Негізсіз" if choice == "uphold" else "",
        by=member,
    )
    services.vote_cast(appeal=appeal, choice=choice, by=member)


def hold_sitting(appeal, secretary, travel, present):
    travel(2026, 4, 8, 11)
    services.sitting_record_attendance(
        sitting=appeal.sitting,
        present_member_ids=[m.pk for m in present],
        attendance={appeal.pk: Appeal.Attendance.PRESENT},
        by=secretary,
    )
    appeal.refresh_from_db()


# ---- Filing ----


@pytest.mark.clause("AP-9")
def test_it_accepts_an_appeal_on_the_last_working_day_after_nauryz(test_result, candidate, travel):
    # Received Friday 20 March; 21–25 March are Nauryz and its moved days off.
    travel(2026, 3, 30, 18)
    appeal = services.appeal_file(
        result=test_result, questions=questions(*range(1, 11)), by=candidate
    )
    assert appeal.status == Appeal.Status.FILED


@pytest.mark.clause("AP-14")
def test_it_does_not_consider_a_late_appeal(test_result, candidate, travel):
    travel(2026, 3, 31, 9)
    appeal = services.appeal_file(result=test_result, questions=questions(1), by=candidate)
    assert appeal.status == Appeal.Status.NOT_CONSIDERED
    assert "30.03.2026" in appeal.status_reason


@pytest.mark.clause("AP-15.3")
def test_it_does_not_consider_a_test_appeal_16_points_short(make_result, candidate, travel):
    result = make_result(Stage.TEST, points=Decimal(54), threshold=Decimal(70))
    travel(2026, 4, 7, 9)
    appeal = services.appeal_file(result=result, questions=questions(1), by=candidate)
    assert appeal.status == Appeal.Status.NOT_CONSIDERED


@pytest.mark.clause("AP-15.2")
def test_filing_disregards_questions_answered_correctly_or_not_asked(
    test_result, candidate, travel
):
    travel(2026, 3, 26, 10)
    appeal = services.appeal_file(result=test_result, questions=questions(1, 15, 42), by=candidate)
    reasons = {q.number: q.disregarded_reason for q in appeal.questions.all()}
    assert reasons[1] == ""
    assert reasons[15] and reasons[42]
    assert "AP-15.1" in appeal.cannot_be_upheld_reason  # 1 question left, 10 points missing


@pytest.mark.clause("AP-F1")
def test_form_1_needs_questions_and_form_2_needs_reasons(
    test_result, make_result, candidate, travel
):
    travel(2026, 3, 26, 10)
    with pytest.raises(ValidationError):
        services.appeal_file(result=test_result, by=candidate)
    essay = make_result(Stage.ESSAY, received_on=date(2026, 3, 25))
    with pytest.raises(ValidationError):
        services.appeal_file(result=essay, reasons="  ", by=candidate)
    assert services.appeal_file(result=essay, reasons="Бағасы төмен", by=candidate).pk


@pytest.mark.clause("AP-9")
def test_sunday_5_january_2025_was_a_working_day_for_the_deadline(make_result, candidate, travel):
    # Result received Friday 3 Jan 2025: Sun 5, Mon 6, Wed 8 (Tue 7 is Christmas).
    result = make_result(Stage.TEST, received_on=date(2025, 1, 3), points=Decimal(65))
    TestAnswer.objects.create(
        result=result, number=1, question="?", candidate_answer="A", correct_answer="B"
    )
    travel(2025, 1, 9, 10)
    appeal = services.appeal_file(result=result, questions=questions(1), by=candidate)
    assert appeal.status == Appeal.Status.NOT_CONSIDERED
    assert "08.01.2025" in appeal.status_reason and "AP-9" in appeal.status_reason


@pytest.mark.clause("AP-18")
def test_an_essay_appeal_has_3_calendar_days_not_working_days(make_result, candidate, travel):
    # Received Friday 3 Apr 2026: the weekend counts, the last day is Monday 6 Apr
    # (AP-9 would have given Wednesday 8 Apr).
    essay = make_result(Stage.ESSAY, received_on=date(2026, 4, 3))
    deadline = services_deadline(essay)
    assert (deadline.last_day, deadline.clause) == (date(2026, 4, 6), "AP-18")
    travel(2026, 4, 7, 9)
    appeal = services.appeal_file(result=essay, reasons="Бағасы төмен", by=candidate)
    assert appeal.status == Appeal.Status.NOT_CONSIDERED
    assert "06.04.2026" in appeal.status_reason and "AP-18" in appeal.status_reason


@pytest.mark.clause("AP-18")
def test_a_case_appeal_closes_the_day_before_the_interview(make_result, exam, candidate, travel):
    exam.interview_on = date(2026, 4, 8)
    exam.save()
    case = make_result(Stage.CASE, received_on=date(2026, 4, 6))
    deadline = services_deadline(case)
    assert (deadline.last_day, deadline.clause) == (date(2026, 4, 7), "AP-18")
    assert deadline.cut_by_interview and "day before the interview" in deadline.explanation
    travel(2026, 4, 7, 17)
    assert services.appeal_file(result=case, reasons="Шешім", by=candidate).status == "filed"


@pytest.mark.clause("AP-18")
def test_without_an_interview_date_the_interview_result_sets_it(make_result, candidate, travel):
    essay = make_result(Stage.ESSAY, received_on=date(2026, 4, 6))
    make_result(Stage.INTERVIEW, received_on=date(2026, 4, 8))
    assert services_deadline(essay).last_day == date(2026, 4, 7)


@pytest.mark.clause("AP-9")
@pytest.mark.parametrize("stage", [Stage.TEST, Stage.INTERVIEW])
def test_the_test_and_the_interview_keep_3_working_days(make_result, exam, stage):
    exam.interview_on = date(2026, 4, 7)
    exam.save()
    result = make_result(stage, received_on=date(2026, 4, 3))
    deadline = services_deadline(result)
    assert (deadline.last_day, deadline.clause) == (date(2026, 4, 8), "AP-9")
    assert "3 working days" in deadline.explanation


@pytest.mark.clause("AP-18")
@pytest.mark.clause("AP-21")
def test_after_the_interview_only_the_interview_can_be_appealed(make_result, candidate, travel):
    essay = make_result(Stage.ESSAY, received_on=date(2026, 4, 1))
    interview = make_result(Stage.INTERVIEW, received_on=date(2026, 4, 2))
    travel(2026, 4, 3, 10)
    with pytest.raises(ValidationError, match="AP-21"):
        services.appeal_file(result=essay, reasons="Бағасы төмен", by=candidate)
    assert services.appeal_file(result=interview, reasons="Сұрақтар", by=candidate).pk


@pytest.mark.clause("AP-10")
def test_the_secretary_registers_a_paper_appeal_and_others_cannot(test_result, secretary, members):
    appeal = services.appeal_file(
        result=test_result, questions=questions(1), filed_at=at(2026, 3, 27, 12), by=secretary
    )
    assert appeal.on_paper and appeal.registered_by == secretary
    with pytest.raises(ValidationError):
        services.appeal_file(
            result=test_result, questions=questions(2), filed_at=at(2026, 3, 27, 12), by=members[0]
        )


def test_the_chair_and_secretary_are_notified_of_a_new_appeal(filed, chair, secretary):
    assert Notification.objects.filter(user=chair).exists()
    assert Notification.objects.filter(user=secretary).exists()


# ---- Commission ----


@pytest.mark.clause("AP-7")
def test_the_secretary_is_not_a_member(commission, secretary):
    services.commission_validate(commission=commission)
    commission.members.add(secretary)
    with pytest.raises(ValidationError, match="AP-7"):
        services.commission_validate(commission=commission)


@pytest.mark.clause("AP-7")
def test_the_database_refuses_a_secretary_who_chairs(exam, chair):
    with pytest.raises(IntegrityError):
        Commission.objects.create(
            title="x", approved_on=date(2026, 1, 1), chair=chair, secretary=chair
        )


# ---- Sittings ----


@pytest.mark.clause("AP-11")
def test_scheduling_notifies_the_candidate_by_email_and_in_the_system(
    filed, chair, commission, candidate, travel
):
    mail.outbox.clear()
    travel(2026, 3, 31, 9)
    services.sitting_schedule(
        commission=commission,
        starts_at=at(2026, 4, 8, 10),
        place="Астана",
        appeals=[filed],
        by=chair,
    )
    assert any(candidate.email in m.to for m in mail.outbox)
    assert any("08.04.2026" in n.text for n in Notification.objects.filter(user=candidate))


@pytest.mark.clause("AP-11")
def test_only_the_chair_schedules(filed, members, commission, travel):
    travel(2026, 3, 31, 9)
    with pytest.raises(ValidationError):
        services.sitting_schedule(
            commission=commission,
            starts_at=at(2026, 4, 8, 10),
            place="x",
            appeals=[filed],
            by=members[0],
        )


@pytest.mark.clause("AP-13")
def test_it_refuses_a_sitting_less_than_5_working_days_after_the_materials(
    filed, chair, secretary, commission, travel
):
    # On Tuesday 31 March the fifth working day ahead is Tuesday 7 April.
    travel(2026, 3, 31, 9)
    with pytest.raises(ValidationError, match="07.04.2026"):
        services.sitting_schedule(
            commission=commission,
            starts_at=at(2026, 4, 6, 10),
            place="x",
            appeals=[filed],
            by=chair,
        )
    sitting = services.sitting_schedule(
        commission=commission, starts_at=at(2026, 4, 8, 10), place="x", appeals=[filed], by=chair
    )
    # Materials sent two days later are too late for 8 April (earliest 9 April).
    travel(2026, 4, 2, 9)
    with pytest.raises(ValidationError, match="09.04.2026"):
        services.sitting_send_materials(sitting=sitting, by=secretary)
    sitting.refresh_from_db()
    assert sitting.materials_sent_at is None
    services.sitting_schedule(
        commission=commission,
        starts_at=at(2026, 4, 9, 10),
        place="x",
        appeals=[],
        by=chair,
        sitting=sitting,
    )
    services.sitting_send_materials(sitting=sitting, by=secretary)
    # Once sent, the sitting cannot be moved closer.
    with pytest.raises(ValidationError):
        services.sitting_schedule(
            commission=commission,
            starts_at=at(2026, 4, 8, 15),
            place="x",
            appeals=[],
            by=chair,
            sitting=sitting,
        )


@pytest.mark.clause("AP-12")
def test_members_study_only_after_the_materials_are_sent(filed, chair, commission, members, travel):
    travel(2026, 3, 31, 9)
    services.sitting_schedule(
        commission=commission, starts_at=at(2026, 4, 8, 10), place="x", appeals=[filed], by=chair
    )
    filed.refresh_from_db()
    with pytest.raises(ValidationError):
        fill_and_vote(filed, members[0], "reject")


@pytest.mark.clause("AP-14")
def test_candidate_asks_for_postponement_before_the_sitting(scheduled, candidate, chair, travel):
    services.appeal_request_postponement(appeal=scheduled, reason="Ауырып қалдым", by=candidate)
    services.appeal_postpone(appeal=scheduled, by=chair)
    scheduled.refresh_from_db()
    assert scheduled.status == Appeal.Status.FILED and scheduled.sitting is None


@pytest.mark.clause("AP-14")
def test_no_postponement_after_the_sitting_started(scheduled, candidate, travel):
    travel(2026, 4, 8, 10, 30)
    with pytest.raises(ValidationError):
        services.appeal_request_postponement(appeal=scheduled, reason="Кешіктім", by=candidate)


@pytest.mark.clause("AP-14")
def test_absence_without_good_reason_means_not_considered(scheduled, secretary, travel):
    travel(2026, 4, 8, 11)
    services.sitting_record_attendance(
        sitting=scheduled.sitting,
        present_member_ids=[],
        attendance={scheduled.pk: Appeal.Attendance.ABSENT_UNEXCUSED},
        by=secretary,
    )
    scheduled.refresh_from_db()
    assert scheduled.status == Appeal.Status.NOT_CONSIDERED
    assert scheduled.is_locked


# ---- Sheets, votes, decisions ----


@pytest.mark.clause("AP-15.4")
def test_a_question_found_incorrect_needs_reasons_and_a_legal_reference(scheduled, members):
    items = [{"number": 1, "incorrect": True, "comment": "", "legal_reference": ""}]
    with pytest.raises(ValidationError, match="AP-15.4"):
        services.review_sheet_submit(
            appeal=scheduled, items=items, position="reject", by=members[0]
        )


@pytest.mark.clause("AP-16")
def test_a_member_who_upholds_states_why(scheduled, members):
    with pytest.raises(ValidationError, match="AP-16"):
        services.review_sheet_submit(appeal=scheduled, items=[], position="uphold", by=members[0])
    with pytest.raises(IntegrityError):
        ReviewSheet.objects.create(
            appeal=scheduled, member=members[0], position="uphold", comment=""
        )


@pytest.mark.clause("AP-F3")
@pytest.mark.clause("AP-17")
def test_essay_sheet_has_five_criteria_with_grammar_minus_two(
    make_result, candidate, chair, secretary, commission, members, travel
):
    essay = make_result(Stage.ESSAY, received_on=date(2026, 3, 27))
    GraderSheet.objects.create(result=essay, grader="Бағалаушы 1", scores=[1, 0.5, 0.5, 1, 0])
    GraderSheet.objects.create(result=essay, grader="Бағалаушы 2", scores=[1, 0, 0.5, 0.5, 0])
    travel(2026, 3, 30, 10)
    appeal = services.appeal_file(result=essay, reasons="Бағасы төмен", by=candidate)
    sitting = services.sitting_schedule(
        commission=commission, starts_at=at(2026, 4, 8, 10), place="x", appeals=[appeal], by=chair
    )
    services.sitting_send_materials(sitting=sitting, by=secretary)
    appeal.refresh_from_db()
    with pytest.raises(ValidationError):
        services.review_sheet_submit(
            appeal=appeal, items=[{"score": "1"}] * 4, position="reject", by=members[0]
        )
    with pytest.raises(ValidationError):  # −2 only for grammar
        services.review_sheet_submit(
            appeal=appeal,
            items=[{"score": "-2"}] + [{"score": "1"}] * 4,
            position="reject",
            by=members[0],
        )
    sheet = services.review_sheet_submit(
        appeal=appeal,
        items=[{"score": "1"}] * 4 + [{"score": "-2"}],
        position="reject",
        graders_heard="Бағалаушы 1 тыңдалды",
        by=members[0],
    )
    assert sheet.items[4] == {"score": "-2", "graders_average": "0.00"}
    from academy.appeals.minutes import minutes_blocks

    assert any("Бағалаушы 1 тыңдалды" in str(c) for _, c in minutes_blocks(sitting))  # AP-17
    assert sheet.items[0]["graders_average"] == "1.00"


@pytest.mark.clause("AP-F5")
def test_interview_sheet_scores_are_2_1_0(
    make_result, candidate, chair, secretary, commission, members, travel
):
    interview = make_result(Stage.INTERVIEW, received_on=date(2026, 3, 27))
    travel(2026, 3, 30, 10)
    appeal = services.appeal_file(result=interview, reasons="Бағасы төмен", by=candidate)
    sitting = services.sitting_schedule(
        commission=commission, starts_at=at(2026, 4, 8, 10), place="x", appeals=[appeal], by=chair
    )
    services.sitting_send_materials(sitting=sitting, by=secretary)
    appeal.refresh_from_db()
    with pytest.raises(ValidationError):
        services.review_sheet_submit(
            appeal=appeal, items=[{"score": "3"}] * 5, position="reject", by=members[0]
        )
    services.review_sheet_submit(
        appeal=appeal, items=[{"score": "2"}] * 5, position="reject", by=members[0]
    )


@pytest.mark.clause("AP-7")
def test_the_secretary_cannot_vote(scheduled, secretary):
    with pytest.raises(ValidationError):
        services.vote_cast(appeal=scheduled, choice="uphold", by=secretary)


@pytest.mark.clause("AP-6")
def test_a_recused_member_never_votes_and_is_not_counted(
    scheduled, chair, members, secretary, travel
):
    services.recusal_declare(appeal=scheduled, reason="Туысым", by=members[2])
    with pytest.raises(ValidationError, match="conflict"):
        fill_and_vote(scheduled, members[2], "uphold")
    # 3 voting members remain: chair + 1 uphold is a majority of 3.
    fill_and_vote(scheduled, chair, "uphold", incorrect=range(1, 11))
    fill_and_vote(scheduled, members[0], "uphold")
    fill_and_vote(scheduled, members[1], "reject")
    hold_sitting(scheduled, secretary, travel, present=[chair, *members])
    decided = services.appeal_decide(appeal=scheduled, by=chair)
    assert decided.decision == Appeal.Decision.UPHOLD


@pytest.mark.clause("AP-6")
def test_recusing_withdraws_an_earlier_vote(scheduled, members):
    fill_and_vote(scheduled, members[0], "reject")
    services.recusal_declare(appeal=scheduled, reason="Таныс", by=members[0])
    assert not scheduled.votes.filter(member=members[0]).exists()


@pytest.mark.clause("AP-23")
def test_two_of_four_without_the_chair_is_rejected(scheduled, chair, members, secretary, travel):
    fill_and_vote(scheduled, members[0], "uphold")
    fill_and_vote(scheduled, members[1], "uphold")
    fill_and_vote(scheduled, chair, "reject")
    hold_sitting(scheduled, secretary, travel, present=[chair, *members])
    assert services.appeal_decide(appeal=scheduled, by=chair).decision == Appeal.Decision.REJECT


@pytest.mark.clause("AP-23")
def test_a_tie_is_decided_by_the_chair(scheduled, chair, members, secretary, travel):
    fill_and_vote(scheduled, chair, "uphold", incorrect=range(1, 11))
    fill_and_vote(scheduled, members[0], "uphold")
    fill_and_vote(scheduled, members[1], "reject")
    fill_and_vote(scheduled, members[2], "reject")
    hold_sitting(scheduled, secretary, travel, present=[chair, *members])
    assert services.appeal_decide(appeal=scheduled, by=chair).decision == Appeal.Decision.UPHOLD


@pytest.mark.clause("AP-23")
def test_majority_counts_absent_members(scheduled, chair, members, secretary, travel):
    # Two of four present, both upholding: not a majority of the total of four... but a tie
    # with the chair among them, so the chair decides.
    fill_and_vote(scheduled, members[0], "uphold")
    fill_and_vote(scheduled, members[1], "uphold")
    hold_sitting(scheduled, secretary, travel, present=members[:2])
    assert services.appeal_decide(appeal=scheduled, by=chair).decision == Appeal.Decision.REJECT


@pytest.mark.clause("AP-23")
def test_two_uphold_one_reject_one_absent_of_four_is_rejected(
    scheduled, chair, members, secretary, travel
):
    fill_and_vote(scheduled, chair, "uphold", incorrect=range(1, 11))
    fill_and_vote(scheduled, members[0], "uphold")
    fill_and_vote(scheduled, members[1], "reject")
    hold_sitting(scheduled, secretary, travel, present=[chair, *members[:2]])
    decided = services.appeal_decide(appeal=scheduled, by=chair)
    assert decided.decision == Appeal.Decision.REJECT
    assert "Voting members: 4; uphold: 2; reject: 1." in decided.decision_reasons
    assert "the votes cast were not equal (AP-23)" in decided.decision_reasons


@pytest.mark.clause("AP-23")
def test_two_two_with_one_of_five_absent_is_upheld_by_the_chair(
    scheduled, chair, members, secretary, commission, make_persona, travel
):
    fifth = make_persona(Role.APPEALS_MEMBER, surname="Жұмабаев", first_name="Мүше")
    commission.members.add(fifth)  # five members; the fifth is absent
    fill_and_vote(scheduled, chair, "uphold", incorrect=range(1, 11))
    fill_and_vote(scheduled, members[0], "uphold")
    fill_and_vote(scheduled, members[1], "reject")
    fill_and_vote(scheduled, members[2], "reject")
    hold_sitting(scheduled, secretary, travel, present=[chair, *members])
    decided = services.appeal_decide(appeal=scheduled, by=chair)
    assert decided.decision == Appeal.Decision.UPHOLD
    assert "the chair's vote decided (AP-23)" in decided.decision_reasons


@pytest.mark.clause("AP-22")
def test_upholding_admits_to_a_resit_once_per_stage(
    scheduled, chair, members, secretary, candidate, make_result, commission, travel
):
    for member in (chair, *members[:2]):
        fill_and_vote(scheduled, member, "uphold", incorrect=range(1, 11))
    hold_sitting(scheduled, secretary, travel, present=[chair, *members])
    services.appeal_decide(appeal=scheduled, by=chair)
    resit = Resit.objects.get(appeal=scheduled)
    assert resit.stage == Stage.TEST and resit.candidate == candidate
    with pytest.raises(IntegrityError):
        Resit.objects.create(
            exam=resit.exam,
            candidate=candidate,
            stage=Stage.TEST,
            appeal=Appeal.objects.create(
                result=make_result(Stage.TEST, is_resit=True),
                commission=commission,
                filed_at=at(2026, 5, 4, 9),
                registered_by=candidate,
            ),
        )


@pytest.mark.clause("AP-22")
def test_an_appeal_against_a_resit_cannot_win_a_second_resit(
    scheduled, chair, members, secretary, candidate, make_result, commission, travel
):
    for member in (chair, *members[:2]):
        fill_and_vote(scheduled, member, "uphold", incorrect=range(1, 11))
    hold_sitting(scheduled, secretary, travel, present=[chair, *members])
    services.appeal_decide(appeal=scheduled, by=chair)
    resit_result = make_result(
        Stage.TEST,
        received_on=date(2026, 4, 20),
        is_resit=True,
        points=Decimal(69),
        threshold=Decimal(70),
    )
    TestAnswer.objects.create(
        result=resit_result, number=1, candidate_answer="A", correct_answer="B"
    )
    travel(2026, 4, 21, 9)
    appeal = services.appeal_file(result=resit_result, questions=questions(1), by=candidate)
    travel(2026, 4, 21, 10)
    sitting = services.sitting_schedule(
        commission=commission, starts_at=at(2026, 5, 4, 10), place="x", appeals=[appeal], by=chair
    )
    services.sitting_send_materials(sitting=sitting, by=secretary)
    appeal.refresh_from_db()
    for member in (chair, *members[:2]):
        services.review_sheet_submit(
            appeal=appeal, items=[{"number": 1}], position="uphold", comment="Негізсіз", by=member
        )
        services.vote_cast(appeal=appeal, choice="uphold", by=member)
    travel(2026, 5, 4, 11)
    services.sitting_record_attendance(
        sitting=sitting, present_member_ids=[], attendance={appeal.pk: "present"}, by=secretary
    )
    decided = services.appeal_decide(appeal=appeal, by=chair)
    assert decided.decision == Appeal.Decision.REJECT
    assert "AP-22" in decided.decision_reasons
    assert Resit.objects.filter(candidate=candidate).count() == 1


@pytest.mark.clause("AP-15.1")
def test_an_appeal_that_cannot_be_upheld_is_rejected_whatever_the_votes(
    test_result, candidate, chair, members, secretary, commission, travel
):
    travel(2026, 3, 26, 10)
    appeal = services.appeal_file(result=test_result, questions=questions(1, 2), by=candidate)
    sitting = services.sitting_schedule(
        commission=commission, starts_at=at(2026, 4, 8, 10), place="x", appeals=[appeal], by=chair
    )
    services.sitting_send_materials(sitting=sitting, by=secretary)
    appeal.refresh_from_db()
    for member in (chair, *members):
        services.review_sheet_submit(
            appeal=appeal, items=[], position="uphold", comment="Негізсіз", by=member
        )
        services.vote_cast(appeal=appeal, choice="uphold", by=member)
    hold_sitting(appeal, secretary, travel, present=[chair, *members])
    assert services.appeal_decide(appeal=appeal, by=chair).decision == Appeal.Decision.REJECT


@pytest.mark.clause("AP-20")
def test_interview_fault_appeal_is_rejected_when_the_candidate_agreed_to_continue(
    make_result, candidate, chair, members, secretary, commission, travel
):
    interview = make_result(Stage.INTERVIEW, received_on=date(2026, 3, 27))
    travel(2026, 3, 30, 10)
    appeal = services.appeal_file(
        result=interview,
        reasons="Байланыс үзілді",
        technical_fault=True,
        agreed_to_continue=True,
        by=candidate,
    )
    act = SimpleUploadedFile("act.pdf", b"%PDF-1.4 act", content_type="application/pdf")
    services.appeal_attach_fault_act(appeal=appeal, act=act, by=secretary)
    assert appeal.fault_act
    sitting = services.sitting_schedule(
        commission=commission, starts_at=at(2026, 4, 8, 10), place="x", appeals=[appeal], by=chair
    )
    services.sitting_send_materials(sitting=sitting, by=secretary)
    appeal.refresh_from_db()
    for member in (chair, *members):
        services.review_sheet_submit(
            appeal=appeal, items=[{"score": "2"}] * 5, position="uphold", comment="Ақау", by=member
        )
        services.vote_cast(appeal=appeal, choice="uphold", by=member)
    hold_sitting(appeal, secretary, travel, present=[chair, *members])
    decided = services.appeal_decide(appeal=appeal, by=chair)
    assert decided.decision == Appeal.Decision.REJECT
    assert "AP-20" in decided.decision_reasons


@pytest.mark.clause("AP-20")
def test_fault_act_must_be_a_document(filed, secretary):
    with pytest.raises(ValidationError):
        services.appeal_attach_fault_act(
            appeal=filed, act=SimpleUploadedFile("act.exe", b"MZ"), by=secretary
        )


@pytest.mark.clause("AP-19")
def test_the_interview_recording_is_checked_for_type(make_result, secretary):
    interview = make_result(Stage.INTERVIEW)
    with pytest.raises(ValidationError):
        services.result_attach_recording(
            result=interview, recording=SimpleUploadedFile("talk.exe", b"x"), by=secretary
        )
    services.result_attach_recording(
        result=interview, recording=sample_upload("talk.mp4"), by=secretary
    )
    assert interview.recording.name.endswith(".mp4")


@pytest.mark.clause("AP-19")
def test_a_too_large_recording_is_refused():
    from academy.appeals.models import validate_recording_size

    class Big:
        size = 501 * 1024 * 1024

    with pytest.raises(ValidationError):
        validate_recording_size(Big())


@pytest.mark.clause("AP-24")
def test_the_decision_is_final(scheduled, chair, members, secretary, candidate, travel):
    fill_and_vote(scheduled, members[0], "reject")
    hold_sitting(scheduled, secretary, travel, present=[chair, *members])
    mail.outbox.clear()
    decided = services.appeal_decide(appeal=scheduled, by=chair)
    assert decided.decision == Appeal.Decision.REJECT
    with pytest.raises(ValidationError):
        services.vote_cast(appeal=decided, choice="uphold", by=members[1])
    with pytest.raises(ValidationError):
        services.appeal_decide(appeal=decided, by=chair)
    assert any(candidate.email in m.to for m in mail.outbox)
    from auditlog.models import LogEntry

    assert LogEntry.objects.filter(additional_data__event="appeal_decided").exists()


@pytest.mark.clause("AP-4")
def test_only_the_presiding_chair_decides(scheduled, members, secretary, chair, travel):
    hold_sitting(scheduled, secretary, travel, present=[chair, *members])
    with pytest.raises(ValidationError):
        services.appeal_decide(appeal=scheduled, by=members[0])


@pytest.mark.clause("AP-5")
def test_minutes_are_a_pdf_with_an_embedded_font(scheduled, chair, members, secretary, travel):
    fill_and_vote(scheduled, chair, "uphold", incorrect=[3])
    fill_and_vote(scheduled, members[0], "uphold")
    fill_and_vote(scheduled, members[1], "uphold")
    hold_sitting(scheduled, secretary, travel, present=[chair, *members])
    services.appeal_decide(appeal=scheduled, by=chair)
    sitting = services.sitting_minutes_generate(sitting=scheduled.sitting, by=secretary)
    data = sitting.minutes.read()
    assert data.startswith(b"%PDF")
    assert b"DejaVuSans" in data
    with pytest.raises(ValidationError):
        services.sitting_minutes_generate(sitting=scheduled.sitting, by=chair)


@pytest.mark.clause("AP-15.4")
def test_minutes_record_each_incorrect_question_with_reasons_and_the_act(
    scheduled, chair, members, secretary, travel
):
    from academy.appeals.minutes import minutes_blocks

    fill_and_vote(scheduled, chair, "uphold", incorrect=[3])
    fill_and_vote(scheduled, members[0], "uphold", incorrect=[3])
    fill_and_vote(scheduled, members[1], "reject")
    services.recusal_declare(appeal=scheduled, reason="Туысым", by=members[2])
    hold_sitting(scheduled, secretary, travel, present=[chair, *members[:2]])
    services.appeal_decide(appeal=scheduled, by=chair)
    text = "\n".join(
        " | ".join(" ; ".join(row) for row in content) if kind == "table" else str(content)
        for kind, content in minutes_blocks(scheduled.sitting)
    )
    assert "Question 3: Екі дұрыс жауап (АПК 5-бап)" in text
    assert f"{members[2].full_name} ; conflict of interest, did not vote" in text
    assert f"{members[2].full_name} ; no" in text  # attendance
    assert "Upheld, admitted to a re-sit" in text
    assert "Негізсіз" in text  # AP-16: why the grade was unfounded


@pytest.mark.clause("AP-4")
def test_a_member_the_chair_designates_presides_in_the_chairs_absence(
    filed, chair, members, secretary, commission, make_persona, travel
):
    travel(2026, 3, 31, 9)
    outsider = make_persona("appeals_member")
    with pytest.raises(ValidationError):
        services.sitting_schedule(
            commission=commission,
            starts_at=at(2026, 4, 8, 10),
            place="x",
            appeals=[filed],
            by=chair,
            presiding=outsider,
        )
    sitting = services.sitting_schedule(
        commission=commission,
        starts_at=at(2026, 4, 8, 10),
        place="x",
        appeals=[filed],
        by=chair,
        presiding=members[0],
    )
    services.sitting_send_materials(sitting=sitting, by=secretary)
    filed.refresh_from_db()
    hold_sitting(filed, secretary, travel, present=members)
    with pytest.raises(ValidationError):
        services.appeal_decide(appeal=filed, by=members[1])
    assert services.appeal_decide(appeal=filed, by=members[0]).status == Appeal.Status.DECIDED


@pytest.mark.clause("AP-14")
def test_the_candidate_is_told_of_a_postponement(scheduled, candidate, chair):
    services.appeal_postpone(appeal=scheduled, by=chair)
    told = Notification.objects.filter(user=candidate, url__endswith=f"/appeals/{scheduled.pk}/")
    assert told.count() == 2  # the sitting, then the postponement


@pytest.mark.clause("AP-24")
def test_field_changes_of_an_appeal_are_in_the_audit_log(filed):
    from auditlog.models import LogEntry

    assert LogEntry.objects.get_for_object(filed).exists()
    assert LogEntry.objects.filter(additional_data__event="appeal_filed").exists()


@pytest.mark.clause("AP-8")
@pytest.mark.clause("AP-F1")
@pytest.mark.parametrize(
    ("stage", "form_number"),
    [(Stage.TEST, 1), (Stage.ESSAY, 2), (Stage.CASE, 2), (Stage.INTERVIEW, 2)],
)
def test_each_stage_can_be_appealed_on_its_form(make_result, candidate, travel, stage, form_number):
    result = make_result(
        stage, received_on=date(2026, 4, 6), points=Decimal(60), threshold=Decimal(61)
    )
    travel(2026, 4, 7, 10)
    appeal = services.appeal_file(
        result=result,
        reasons="Себеп",
        questions=questions(1) if stage == Stage.TEST else [],
        by=candidate,
    )
    assert appeal.form_number == form_number
    assert appeal.status == Appeal.Status.FILED


@pytest.mark.clause("AP-F2")
def test_test_sheet_lists_only_the_counted_questions(scheduled, members):
    # Question 15 was answered correctly, so it is not on the sheet.
    items = [
        {"number": n, "correct_answer": "B", "candidate_answer": "A", "comment": "Дұрыс"}
        for n in (1, 2, 15)
    ]
    sheet = services.review_sheet_submit(
        appeal=scheduled, items=items, position="reject", by=members[0]
    )
    assert [item["number"] for item in sheet.items] == list(range(1, 11))
    assert sheet.items[0] == {
        "number": 1,
        "correct_answer": "B",
        "candidate_answer": "A",
        "incorrect": False,
        "comment": "Дұрыс",
        "legal_reference": "",
    }


@pytest.mark.clause("AP-F4")
def test_a_members_case_sheet_scores_exactly_one_of_criteria_5_and_6(
    make_result, candidate, chair, secretary, commission, members, travel
):
    case = make_result(Stage.CASE, received_on=date(2026, 3, 27))
    GraderSheet.objects.create(result=case, grader="Бағалаушы 1", scores=[1, 1, 1, 1, None, 1])
    travel(2026, 3, 30, 10)
    appeal = services.appeal_file(result=case, reasons="Бағасы төмен", by=candidate)
    sitting = services.sitting_schedule(
        commission=commission, starts_at=at(2026, 4, 8, 10), place="x", appeals=[appeal], by=chair
    )
    services.sitting_send_materials(sitting=sitting, by=secretary)
    appeal.refresh_from_db()
    for scores in (["1", "1", "1", "1", "", ""], ["1", "1", "1", "1", "1", "0.5"]):
        with pytest.raises(ValidationError, match="AP-F4"):
            services.review_sheet_submit(
                appeal=appeal,
                items=[{"score": s} for s in scores],
                position="reject",
                by=members[0],
            )
    sheet = services.review_sheet_submit(
        appeal=appeal,
        items=[{"score": s} for s in ("1,0", "0.5", "1", "-2", "", "1")],
        position="reject",
        by=members[0],
    )
    assert [item["score"] for item in sheet.items] == ["1", "0.5", "1", "-2", "", "1"]

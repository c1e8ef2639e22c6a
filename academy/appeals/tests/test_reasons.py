"""Reasons are stored as codes and shown in the reader's language."""

import importlib
from decimal import Decimal

import pytest
from django.utils import translation

from academy.appeals import reasons, services
from academy.appeals.models import Appeal, Stage
from academy.appeals.tests.conftest import at, questions

pytestmark = pytest.mark.django_db

migration = importlib.import_module("academy.appeals.migrations.0005_reasons_to_codes")


@pytest.mark.clause("AP-14")
def test_a_late_appeal_keeps_a_code_and_the_deadline(test_result, candidate, travel):
    travel(2026, 3, 31, 9)
    appeal = services.appeal_file(result=test_result, questions=questions(1), by=candidate)
    appeal.refresh_from_db()
    assert appeal.status_reason_code == reasons.LATE
    assert appeal.status_reason_params == {"deadline": "2026-03-30"}


@pytest.mark.clause("AP-14")
@pytest.mark.parametrize(
    ("language", "word"), [("en", "deadline"), ("ru", "срока"), ("kk", "мерзімінен")]
)
def test_the_reason_reads_in_the_readers_language(
    client_as, test_result, candidate, travel, language, word
):
    travel(2026, 3, 31, 9)
    appeal = services.appeal_file(result=test_result, questions=questions(1), by=candidate)
    with translation.override(language):
        assert word in appeal.status_reason and "30.03.2026" in appeal.status_reason
    page = client_as(candidate).get(f"/{language}/appeals/{appeal.pk}/").content.decode()
    assert word in page


@pytest.mark.clause("AP-15.2")
def test_disregarded_questions_keep_codes(test_result, candidate, travel):
    travel(2026, 3, 26, 10)
    appeal = services.appeal_file(result=test_result, questions=questions(1, 15, 42), by=candidate)
    codes = dict(appeal.questions.values_list("number", "disregarded_code"))
    assert codes == {1: "", 15: reasons.ANSWERED_CORRECTLY, 42: reasons.NOT_IN_TEST}
    appeal.refresh_from_db()
    assert appeal.cannot_be_upheld_code == reasons.TOO_FEW_QUESTIONS
    assert appeal.cannot_be_upheld_params == {"count": 1, "missing": "10"}
    english = appeal.cannot_be_upheld_reason
    with translation.override("ru"):
        assert "AP-15.1" in appeal.cannot_be_upheld_reason
        assert appeal.cannot_be_upheld_reason != english
        assert appeal.questions.get(number=42).disregarded_reason.startswith("Не входил")


@pytest.mark.clause("AP-15.3")
def test_too_far_short_is_coded(make_result, candidate, travel):
    result = make_result(Stage.TEST, points=Decimal(54), threshold=Decimal(70))
    travel(2026, 4, 7, 9)
    appeal = services.appeal_file(result=result, questions=questions(1), by=candidate)
    assert appeal.status == Appeal.Status.NOT_CONSIDERED
    assert appeal.status_reason_code == reasons.TOO_FAR_SHORT
    assert "16" in appeal.status_reason


def test_free_text_is_kept_as_written():
    assert reasons.render(reasons.LEGACY, {"text": "Қолмен жазылған"}) == "Қолмен жазылған"
    assert reasons.render("") == ""


# ---- The data migration ----


@pytest.mark.parametrize(
    ("text", "code", "params"),
    [
        (
            "Filed after the deadline of 30.03.2026 (3 working days, AP-9, AP-14).",
            reasons.LATE,
            {"deadline": "2026-03-30"},
        ),
        (
            "Подана после срока 30.03.2026 (3 рабочих дня, AP-9, AP-14).",
            reasons.LATE,
            {"deadline": "2026-03-30"},
        ),
        (
            "The candidate is 16 points short of the threshold, more than 15 (AP-15.3).",
            reasons.TOO_FAR_SHORT,
            {"missing": "16"},
        ),
        ("Something a person typed", reasons.LEGACY, {"text": "Something a person typed"}),
    ],
)
def test_the_migration_recognises_stored_texts(text, code, params):
    assert migration._recognise(text, migration._patterns()) == (code, params)


def test_the_migration_splits_the_decision_reasons():
    with translation.override("kk"):
        votes = reasons.render(reasons.VOTES, {"total": 4, "up": 1, "down": 3})
        resat = reasons.render(reasons.ALREADY_RESAT)
    grounds = migration._grounds(f"{votes} {resat}", migration._patterns())
    assert grounds == [
        {"code": reasons.VOTES, "params": {"total": 4, "up": 1, "down": 3}},
        {"code": reasons.ALREADY_RESAT, "params": {}},
    ]


def test_migrated_messages_match_the_app():
    """The migration keeps its own copy of the messages; they must not drift apart."""
    with translation.override("en"):
        for code, msgid in migration.MESSAGES.items():
            assert str(reasons.MESSAGES[code]) == msgid


@pytest.mark.clause("AP-23")
def test_the_decision_keeps_the_vote_count_as_codes(
    test_result, candidate, chair, members, secretary, commission, travel
):
    from academy.appeals.tests.test_services import hold_sitting

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
    decided = services.appeal_decide(appeal=appeal, by=chair)
    assert decided.decision_grounds == [
        {"code": reasons.VOTES, "params": {"total": 4, "up": 4, "down": 0}},
        {"code": reasons.VOTE_MAJORITY, "params": {}},
        {"code": reasons.TOO_FEW_QUESTIONS, "params": {"count": 2, "missing": "10"}},
    ]
    with translation.override("kk"):
        kazakh = decided.decision_reasons
    assert kazakh != decided.decision_reasons and "AP-15.1" in kazakh


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_stored_texts_into_codes():
    from datetime import date

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    from academy.accounts.roles import Role
    from academy.accounts.testing import persona

    user = persona(Role.CANDIDATE)
    executor = MigrationExecutor(connection)
    before = [("appeals", "0004_reason_codes")]
    after = [("appeals", "0006_drop_reason_texts")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    exam = old.get_model("appeals", "Exam").objects.create(title="E", starts_on=date(2026, 3, 2))
    commission = old.get_model("appeals", "Commission").objects.create(
        title="C",
        approved_on=date(2026, 2, 20),
        chair_id=user.pk,
        secretary_id=persona(Role.APPEALS_SECRETARY).pk,
    )
    result = old.get_model("appeals", "StageResult").objects.create(
        exam=exam,
        candidate_id=user.pk,
        stage="test",
        points=60,
        threshold=70,
        received_on=date(2026, 3, 20),
    )
    appeal = old.get_model("appeals", "Appeal").objects.create(
        result=result,
        commission=commission,
        filed_at=timezone.now(),
        registered_by_id=user.pk,
        status="not_considered",
        status_reason="Подана после срока 30.03.2026 (3 рабочих дня, AP-9, AP-14).",
        cannot_be_upheld_reason="Written by hand",
    )
    old.get_model("appeals", "ContestedQuestion").objects.create(
        appeal=appeal,
        number=42,
        grounds="g",
        disregarded_reason="Not in the candidate's test (AP-15.2).",
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # every app back to its latest
    new = executor.loader.project_state(after).apps
    migrated = new.get_model("appeals", "Appeal").objects.get(pk=appeal.pk)
    assert (migrated.status_reason_code, migrated.status_reason_params) == (
        reasons.LATE,
        {"deadline": "2026-03-30"},
    )
    assert migrated.cannot_be_upheld_params == {"text": "Written by hand"}
    question = new.get_model("appeals", "ContestedQuestion").objects.get(appeal_id=appeal.pk)
    assert question.disregarded_code == reasons.NOT_IN_TEST

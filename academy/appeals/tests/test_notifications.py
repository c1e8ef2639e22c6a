"""Notifications are stored as codes and shown, or e-mailed, in the reader's language."""

import importlib

import pytest
from django.core import mail
from django.utils import translation

from academy.appeals import notices, services
from academy.appeals.models import Appeal, Notification
from academy.appeals.tests.conftest import at, questions

pytestmark = pytest.mark.django_db

migration = importlib.import_module("academy.appeals.migrations.0008_notifications_to_codes")


def _speak(user, language):
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])


@pytest.mark.clause("AP-10")
def test_the_chair_and_secretary_are_told_each_in_their_own_language(
    test_result, candidate, chair, secretary, travel
):
    _speak(candidate, "en")
    _speak(chair, "ru")
    _speak(secretary, "kk")
    mail.outbox.clear()
    travel(2026, 3, 26, 10)
    appeal = services.appeal_file(result=test_result, questions=questions(1), by=candidate)
    told = Notification.objects.get(user=chair)
    assert (told.code, told.params) == (notices.APPEAL_FILED, {"appeal": appeal.pk})
    sent = {m.to[0]: m for m in mail.outbox}
    assert sent[chair.email].body == f"Подана новая апелляция: Апелляция № {appeal.pk}."
    assert sent[chair.email].subject == "Апелляционная комиссия"
    assert sent[secretary.email].body == (
        f"Жаңа апелляциялық шағым берілді: № {appeal.pk} апелляциялық шағым."
    )


@pytest.mark.clause("AP-11")
def test_a_notification_reads_in_the_readers_language(
    client_as, test_result, chair, commission, candidate, travel
):
    travel(2026, 3, 26, 10)
    filed = services.appeal_file(result=test_result, questions=questions(1), by=candidate)
    travel(2026, 3, 31, 9)
    services.sitting_schedule(
        commission=commission,
        starts_at=at(2026, 4, 8, 10),
        place="Астана",
        appeals=[filed],
        by=chair,
    )
    told = Notification.objects.get(user=candidate, code=notices.SITTING_SCHEDULED)
    assert told.code == notices.SITTING_SCHEDULED
    assert told.text == "Your appeal will be heard on 08.04.2026 10:00, Астана."
    with translation.override("ru"):
        assert told.text == "Ваша апелляция будет рассмотрена 08.04.2026 10:00, Астана."
    page = client_as(candidate).get("/kk/appeals/").content.decode()
    assert "Апелляциялық шағымыңыз 08.04.2026 10:00, Астана қаралады." in page


def test_the_decision_is_rendered_from_its_code():
    notification = Notification(
        code=notices.DECIDED, params={"appeal": 7, "decision": Appeal.Decision.REJECT}
    )
    with translation.override("ru"):
        assert notification.text == (
            "Комиссия приняла решение по апелляции Апелляция № 7: Оставлена без удовлетворения."
        )


def test_unknown_and_legacy_codes_are_shown_not_lost():
    assert notices.render(notices.LEGACY, {"text": "Typed"}) == "Typed"
    assert notices.render("from_the_future") == "from_the_future"
    assert notices.render("") == ""


# ---- The data migration ----


@pytest.mark.parametrize(
    ("text", "code", "params"),
    [
        ("A new appeal has been filed: Appeal No. 12.", notices.APPEAL_FILED, {"appeal": 12}),
        (
            "Комиссия № 3 апелляциялық шағым бойынша шешім қабылдады: "
            "Қанағаттандырусыз қалдырылды.",
            notices.DECIDED,
            {"appeal": 3, "decision": "reject"},
        ),
        (
            "Ваша апелляция будет рассмотрена 08.04.2026 10:00, Астана.",
            notices.SITTING_SCHEDULED,
            {"when": "2026-04-08T10:00:00+05:00", "place": "Астана"},
        ),
        ("Something a person typed", notices.LEGACY, {"text": "Something a person typed"}),
    ],
)
def test_the_migration_recognises_stored_texts(settings, text, code, params):
    settings.TIME_ZONE = "Asia/Almaty"
    assert migration._recognise(text, migration._patterns()) == (code, params)


def test_migrated_messages_match_the_app():
    """The migration keeps its own copy of the messages; they must not drift apart."""
    assert migration.MESSAGES.keys() == notices.MESSAGES.keys()
    with translation.override("en"):
        for code, msgid in migration.MESSAGES.items():
            assert str(notices.MESSAGES[code]) == msgid
        for code, label in migration.DECISIONS.items():
            assert str(Appeal.Decision(code).label) == label


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_stored_texts_into_codes():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from academy.accounts.roles import Role
    from academy.accounts.testing import persona

    user = persona(Role.CANDIDATE)
    executor = MigrationExecutor(connection)
    before = [("appeals", "0006_drop_reason_texts")]
    after = [("appeals", "0009_drop_notification_text")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Old = old.get_model("appeals", "Notification")
    known = Old.objects.create(user_id=user.pk, text="Подана новая апелляция: Апелляция № 5.")
    typed = Old.objects.create(user_id=user.pk, text="Written by hand")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # every app back to its latest
    New = executor.loader.project_state(after).apps.get_model("appeals", "Notification")
    migrated = New.objects.get(pk=known.pk)
    assert (migrated.code, migrated.params) == (notices.APPEAL_FILED, {"appeal": 5})
    assert (New.objects.get(pk=typed.pk).params) == {"text": "Written by hand"}

"""The audit log is tamper-evident: a hash chain over the entries, checked by audit_verify."""

import threading
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from academy.core.audit import audit_event
from academy.core.audit_chain import verify_chain
from academy.core.models import AuditChainHead, AuditSeal, WorkingDayOverride

pytestmark = pytest.mark.django_db


def _entries(actor, n=5):
    day = WorkingDayOverride.objects.create(date=date(2026, 3, 23), kind="day_off")
    return [
        audit_event(actor=actor, obj=day, event="order_signed", details={"n": i}) for i in range(n)
    ]


def _verify() -> str:
    call_command("audit_verify")
    return "intact"


def test_every_entry_is_sealed_and_the_chain_verifies(administrator):
    entries = _entries(administrator)
    assert set(AuditSeal.objects.values_list("entry_id", flat=True)) >= {e.pk for e in entries}
    assert verify_chain() is None
    assert _verify() == "intact"


def test_a_row_edited_with_raw_sql_is_named(administrator):
    entries = _entries(administrator)
    victim = entries[2]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE auditlog_logentry SET additional_data = %s WHERE id = %s",
            ['{"event": "nothing_happened"}', victim.pk],
        )
    with pytest.raises(CommandError, match=rf"log entry {victim.pk}: entry changed"):
        call_command("audit_verify")


def test_a_changed_actor_is_caught(administrator, methodologist):
    entries = _entries(administrator)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE auditlog_logentry SET actor_id = %s WHERE id = %s",
            [methodologist.pk, entries[0].pk],
        )
    found = verify_chain()
    assert found is not None and found.entry_id == entries[0].pk


def test_a_deleted_row_is_named(administrator):
    entries = _entries(administrator)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM auditlog_logentry WHERE id = %s", [entries[1].pk])
    found = verify_chain()
    assert found is not None and found.entry_id == entries[1].pk and "deleted" in found.reason


def test_a_row_slipped_in_by_hand_is_caught(administrator):
    entries = _entries(administrator, n=2)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO auditlog_logentry (content_type_id, object_pk, object_repr, action,"
            " changes_text, changes, timestamp, additional_data, actor_email)"
            " SELECT content_type_id, object_pk, object_repr, action, changes_text, changes,"
            " timestamp, additional_data, actor_email FROM auditlog_logentry WHERE id = %s",
            [entries[0].pk],
        )
    found = verify_chain()
    assert found is not None and "no seal" in found.reason


def test_cutting_off_the_newest_entries_is_caught(administrator):
    entries = _entries(administrator, n=3)
    last = AuditSeal.objects.get(entry_id=entries[-1].pk)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditseal WHERE id = %s", [last.pk])
        cursor.execute("DELETE FROM auditlog_logentry WHERE id = %s", [entries[-1].pk])
    found = verify_chain()
    assert found is not None and "newest seals were removed" in found.reason


def test_the_migration_seals_entries_written_before_the_chain(administrator):
    from importlib import import_module

    entries = _entries(administrator, n=3)
    AuditSeal.objects.all().delete()
    AuditChainHead.objects.all().delete()
    assert verify_chain() is not None  # unsealed rows
    migration = import_module("academy.core.migrations.0002_audit_hash_chain")
    migration.seal_existing_entries(apps, None)
    assert AuditSeal.objects.count() == LogEntry.objects.count() >= len(entries)
    assert verify_chain() is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_linear_chain(administrator):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers anyway")
    day = WorkingDayOverride.objects.create(date=date(2026, 3, 24), kind="day_off")
    errors: list[BaseException] = []

    def write(n: int) -> None:
        from django.db import connection as thread_connection

        try:
            for i in range(10):
                audit_event(actor=None, obj=day, event="concurrent", details={"t": n, "i": i})
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert verify_chain() is None
    assert AuditSeal.objects.filter(entry_id__in=LogEntry.objects.values("pk")).count() >= 40

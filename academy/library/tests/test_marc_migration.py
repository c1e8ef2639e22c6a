"""Migration 0005: every existing record gets its full MARC record (issue 17, IS-12)."""

import pytest

from academy.library.marcgen import make_record


@pytest.mark.clause("IS-12")
@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_imported_records_whole_and_builds_the_hand_made_ones():
    import random

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    before = [("library", "0004_marc_record_source_of_truth")]
    executor.migrate(before)
    Record = executor.loader.project_state(before).apps.get_model("library", "Record")
    imported = make_record(1, random.Random(3))
    stored = imported.as_dict()
    # Imported before issue 17: 'marc' kept, the columns derived by the old rules, and the
    # title since edited by a librarian; no language code made it "ru".
    import importlib

    old_rules = importlib.import_module(
        "academy.library.migrations.0005_marc_record_for_every_record"
    )._old_columns
    columns = {**old_rules(imported), "title": "Новое название"}
    edited = Record.objects.create(marc=stored, dedup_key="x", **columns)
    by_hand = Record.objects.create(
        title="Сот әдебі",
        authors="Ильясова, Г. А.",
        publisher="Жеті жарғы",
        place="Алматы",
        year=2024,
        isbn="9786017000011",
        language="kk",
        dedup_key="y",
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from academy.library.models import Record as Current
    from academy.library.services.marcdata import from_json

    edited = Current.objects.get(pk=edited.pk)
    marc = from_json(edited.marc)
    assert marc["245"]["a"] == "Новое название"
    assert marc["245"]["c"] == imported["245"]["c"]  # the statement of responsibility kept
    assert [f.tag for f in marc.fields] == [f.tag for f in imported.fields]
    assert edited.title == "Новое название"
    by_hand = Current.objects.get(pk=by_hand.pk)
    hand = from_json(by_hand.marc)
    assert hand["245"]["a"] == "Сот әдебі" and hand["020"]["a"] == "9786017000011"
    assert hand["264"]["b"] == "Жеті жарғы" and hand["041"]["a"] == "kaz"
    assert list(by_hand.numbers.values_list("value", flat=True)) == ["9786017000011"]

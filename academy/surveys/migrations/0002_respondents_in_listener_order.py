"""TR-31: rewrite existing respondent rows in listener order (see services.respondent_add).

Rows written before this migration were appended as listeners answered, so their order
(id, SQLite rowid, PostgreSQL ctid) lined up with the responses'. Rewriting each survey's
respondents sorted by listener id removes that link; on PostgreSQL the table is then
compacted so that the old row versions are gone from disk too.
"""

from django.db import migrations, transaction


def rewrite_respondents(apps, schema_editor):
    Survey = apps.get_model("surveys", "Survey")
    Respondent = apps.get_model("surveys", "Respondent")
    with transaction.atomic(using=schema_editor.connection.alias):
        for survey_id in Survey.objects.order_by("pk").values_list("pk", flat=True):
            rows = Respondent.objects.filter(survey_id=survey_id)
            listener_ids = sorted(set(rows.values_list("listener_id", flat=True)))
            rows.delete()
            Respondent.objects.bulk_create(
                Respondent(survey_id=survey_id, listener_id=pk) for pk in listener_ids
            )


def compact_on_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("VACUUM FULL surveys_respondent")


class Migration(migrations.Migration):
    atomic = False  # VACUUM cannot run inside a transaction

    dependencies = [
        ("surveys", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(rewrite_respondents, migrations.RunPython.noop),
        migrations.RunPython(compact_on_postgresql, migrations.RunPython.noop),
    ]

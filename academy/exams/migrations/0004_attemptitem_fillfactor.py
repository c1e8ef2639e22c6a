"""PostgreSQL: leave room in each page of attempt items for their answer updates.

Every item is written once at the start and updated with each answer save. With free
space on the page the update is HOT (heap-only: no index entry written), which keeps
the exam's hot path cheap for the database (exams README, Performance).
"""

from django.db import migrations


def set_fillfactor(apps, schema_editor, value=70):
    if schema_editor.connection.vendor == "postgresql":
        table = schema_editor.quote_name(apps.get_model("exams", "AttemptItem")._meta.db_table)
        schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = {int(value)})")


def reset_fillfactor(apps, schema_editor):
    set_fillfactor(apps, schema_editor, value=100)


class Migration(migrations.Migration):
    dependencies = [("exams", "0003_attempt_item_map")]

    operations = [migrations.RunPython(set_fillfactor, reset_fillfactor)]

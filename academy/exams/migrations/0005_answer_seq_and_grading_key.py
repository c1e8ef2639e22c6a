"""Answer sequences (a late retry never overwrites a newer answer) and grading keys (TR-22).

The grading key is added without the unique index, filled with a random key for every
existing attempt, then made unique.
"""

import secrets

from django.db import migrations, models

import academy.exams.models


def fill_grading_keys(apps, schema_editor):
    Attempt = apps.get_model("exams", "Attempt")
    for attempt in Attempt.objects.only("pk").iterator():
        Attempt.objects.filter(pk=attempt.pk).update(grading_key=secrets.token_hex(16))


class Migration(migrations.Migration):
    dependencies = [("exams", "0004_attemptitem_fillfactor")]

    operations = [
        migrations.AddField(
            model_name="attemptitem",
            name="seq",
            field=models.BigIntegerField(default=0, editable=False, verbose_name="answer sequence"),
        ),
        migrations.AddField(
            model_name="attempt",
            name="text_seq",
            field=models.BigIntegerField(default=0, editable=False, verbose_name="answer sequence"),
        ),
        migrations.AddField(
            model_name="attempt",
            name="grading_key",
            field=models.CharField(
                default="", editable=False, max_length=32, verbose_name="grading key"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_grading_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="attempt",
            name="grading_key",
            field=models.CharField(
                default=academy.exams.models.new_grading_key,
                editable=False,
                max_length=32,
                unique=True,
                verbose_name="grading key",
            ),
        ),
    ]

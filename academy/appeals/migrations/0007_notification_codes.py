from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("appeals", "0006_drop_reason_texts")]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="code",
            field=models.CharField(default="", max_length=40, verbose_name="message"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="notification",
            name="params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AlterField(
            model_name="notification",
            name="text",
            field=models.TextField(blank=True, verbose_name="text"),
        ),
    ]

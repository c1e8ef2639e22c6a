from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("appeals", "0008_notifications_to_codes")]

    operations = [migrations.RemoveField(model_name="notification", name="text")]

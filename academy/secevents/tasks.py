"""The daily purge of what is kept only for a while (security events, API calls, exam answers)."""

import io

from celery import shared_task
from django.core.management import call_command


@shared_task(name="secevents.purge_expired_data")
def purge_expired_data() -> str:
    out = io.StringIO()
    call_command("purge_security_logs", stdout=out)
    return out.getvalue().strip()

from celery import shared_task

from . import notifications


@shared_task(name="learning.send_daily_notices")
def send_daily_notices() -> int:
    """Beat, each morning: "new module released" and "assignment due tomorrow" (issue 14)."""
    return notifications.send_daily_notices()

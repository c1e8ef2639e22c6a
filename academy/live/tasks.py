from celery import shared_task

from . import services


@shared_task(name="live.send_reminders")
def send_reminders() -> int:
    """Beat: remind the participants of sessions starting within LIVE_REMINDER_MINUTES."""
    return services.send_reminders()

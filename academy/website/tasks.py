"""Periodic work of the website."""

from celery import shared_task

from . import services


@shared_task(name="website.remind_stale_pages")
def remind_stale_pages() -> int:
    """IS-17: every Monday, each unit hears of its pages not checked this quarter."""
    return services.remind_stale_pages()

from typing import Any

from django.db.models.signals import post_migrate
from django.dispatch import receiver
from wagtail.signals import page_published

from .apps import WebsiteConfig


@receiver(post_migrate)
def set_up_website(sender: Any, **kwargs: Any) -> None:
    """Every database has the three language trees with the IS-14 sections, the review
    workflow and the editors' permissions (idempotent)."""
    if not isinstance(sender, WebsiteConfig):
        return
    from .setup import set_up

    set_up()


@receiver(page_published)
def after_publish(sender: Any, instance: Any, revision: Any, **kwargs: Any) -> None:
    if not instance.live:
        return  # scheduled for later (go_live_at): the rest happens when it goes live
    from . import services
    from .models import StandardPage

    if isinstance(instance, StandardPage):
        services.mark_checked(instance)  # IS-17: publishing is a check of the page
    services.publish_translations(instance, user=getattr(revision, "user", None))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecEventsConfig(AppConfig):
    name = "academy.secevents"
    label = "secevents"
    verbose_name = _("Security events")

    def ready(self) -> None:
        from . import signals  # noqa: F401

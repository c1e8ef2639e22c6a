from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutgoingConfig(AppConfig):
    name = "academy.outgoing"
    label = "outgoing"
    verbose_name = _("Outgoing documents")

    def ready(self) -> None:
        from . import signals  # noqa: F401

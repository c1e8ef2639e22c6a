from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "academy.appeals"
    label = "appeals"
    verbose_name = _("Qualification-exam appeals")

    def ready(self) -> None:
        from . import signals  # noqa: F401

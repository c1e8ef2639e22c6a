from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "academy.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from . import signals  # noqa: F401 - registers the audit log

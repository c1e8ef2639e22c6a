from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "academy.exams"
    label = "exams"
    verbose_name = _("Exams")

    def ready(self) -> None:
        from . import signals  # noqa: F401

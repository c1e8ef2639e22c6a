from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryOaiConfig(AppConfig):
    name = "academy.library.oai"
    label = "library_oai"
    verbose_name = _("E-library: OAI-PMH")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from academy.library.models import Record

        from .services import record_deleted

        post_delete.connect(record_deleted, sender=Record, dispatch_uid="library_oai_tombstone")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "academy.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from auditlog.models import LogEntry
        from django.db.models.signals import post_save

        from .audit_chain import on_log_entry_saved

        # Every audit entry is sealed into the hash chain as it is written.
        post_save.connect(on_log_entry_saved, sender=LogEntry, dispatch_uid="core.audit_seal")

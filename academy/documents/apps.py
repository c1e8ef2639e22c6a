from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "academy.documents"
    label = "documents"
    verbose_name = _("Certificates and references")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from academy.training.signals import order_signed

        from .models import Certificate
        from .services import on_order_signed

        auditlog.register(Certificate)
        # TR-28: certificates are issued in the transaction that signs the certificate order.
        order_signed.connect(on_order_signed, dispatch_uid="documents_issue_certificates")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaturesConfig(AppConfig):
    name = "academy.signatures"
    label = "signatures"
    verbose_name = _("Electronic digital signatures")

    def ready(self) -> None:
        from academy.training.signals import order_signed

        from .receivers import seal_issued_certificates

        # TR-28: once the certificate order is committed, its certificates are sealed.
        order_signed.connect(seal_issued_certificates, dispatch_uid="signatures_seal_certificates")

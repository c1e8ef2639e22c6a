"""The register of outgoing documents (TR-13, TR-18, TR-29, TR-30, AP-23)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingDocument(models.Model):
    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("Course programme (TR-13)")
        EXPULSION_NOTICE = "expulsion_notice", _("Expulsion order (TR-18)")
        RESULTS_REFERENCE = "results_reference", _("Reference on results (TR-29)")
        SUMMARY_REFERENCE = "summary_reference", _("Summary reference (TR-30)")
        APPEAL_DECISION = "appeal_decision", _("Appeal decision (AP-23)")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail with the signed PDF")
        API = "api", _("API pull")
        PAPER = "paper", _("Paper")

    class Status(models.TextChoices):
        PENDING = "pending", _("To be sent")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Delivery failed")

    number = models.CharField(_("number"), max_length=30, unique=True)
    registered_on = models.DateField(_("registered on"))
    kind = models.CharField(_("document"), max_length=30, choices=Kind.choices)
    recipient = models.CharField(_("recipient"), max_length=255)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    status = models.CharField(
        _("delivery status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    due_on = models.DateField(_("to be sent by"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    delivery_note = models.CharField(_("delivery note"), max_length=255, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    document = GenericForeignKey("content_type", "object_id")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("outgoing document")
        verbose_name_plural = _("outgoing documents")
        ordering = ["-registered_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "recipient"],
                name="outgoing_once_per_recipient",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.number} – {self.get_kind_display()} → {self.recipient}"

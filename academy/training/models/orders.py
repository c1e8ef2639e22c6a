"""Rector's orders (TR-15, TR-18, TR-28) and the attendance register (TR-18)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .courses import Enrolment, Group, Lesson


class Order(models.Model):
    """TR-15, TR-18, TR-28: a rector's order. Only a signed order changes enrolments."""

    class Kind(models.TextChoices):
        ADMISSION = "admission", _("Admission of listeners")
        REPLACEMENT = "replacement", _("Replacement of a listener")
        WITHDRAWAL = "withdrawal", _("Withdrawal of a listener")
        EXPULSION = "expulsion", _("Expulsion for unexcused absence")
        CERTIFICATE = "certificate", _("Issue of certificates")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")

    class Proposer(models.TextChoices):
        REGIONAL_CHAIR = "regional_chair", _("Chair of the regional court")
        HEAD_OF_ADMINISTRATOR = "head_of_administrator", _("Head of the court administrator")
        VICE_RECTOR = "vice_rector", _("Vice-rector")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="orders"
    )
    number = models.CharField(_("number"), max_length=30, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    reason = models.TextField(_("reason"), blank=True)
    proposer = models.CharField(
        _("proposed by"), max_length=30, choices=Proposer.choices, blank=True
    )
    proposer_name = models.CharField(_("name of the proposer"), max_length=255, blank=True)
    court_administration_consent = models.BooleanField(
        _("Court Administration consent received"), default=False
    )
    recipients = models.TextField(_("recipients"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at"]
        constraints = [
            # Order numbers start again each year.
            models.UniqueConstraint(
                fields=["number", "year"],
                condition=~Q(number=""),
                name="order_unique_number_per_year",
                violation_error_message=_("An order with this number already exists this year."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (~Q(number="") & Q(date__isnull=False)),
                name="order_signed_has_number_and_date",
                violation_error_message=_("A signed order must have a number and a date."),
            ),
        ]

    def __str__(self) -> str:
        if self.number:
            return _("Order No. %(number)s: %(kind)s") % {
                "number": self.number,
                "kind": self.get_kind_display(),
            }
        return _("Draft order: %(kind)s") % {"kind": self.get_kind_display()}

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        self.year = self.date.year if self.date else None
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("training:order_detail", args=[self.pk])

    def clean(self) -> None:
        # The year keys the per-year numbering; set before the constraints are validated.
        self.year = self.date.year if self.date else None

    @property
    def is_signed(self) -> bool:
        return self.status == Order.Status.SIGNED


class OrderItem(models.Model):
    """A listener an order concerns; for a replacement, also who replaces them."""

    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="items"
    )
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.PROTECT, related_name="order_items"
    )
    replacement = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replaced by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("order item")
        verbose_name_plural = _("order items")
        constraints = [
            models.UniqueConstraint(fields=["order", "enrolment"], name="order_item_unique")
        ]

    def __str__(self) -> str:
        return str(self.enrolment)


class Attendance(models.Model):
    """TR-18: one mark of the attendance register."""

    class Mark(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Absent with good reason")
        UNEXCUSED = "unexcused", _("Absent without good reason")

    lesson = models.ForeignKey(
        Lesson, verbose_name=_("class"), on_delete=models.CASCADE, related_name="attendance"
    )
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("listener"), on_delete=models.CASCADE, related_name="attendance"
    )
    mark = models.CharField(_("mark"), max_length=20, choices=Mark.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance mark")
        verbose_name_plural = _("attendance marks")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "enrolment"], name="attendance_unique_mark")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.listener} – {self.lesson}: {self.get_mark_display()}"


class ExpulsionProposal(models.Model):
    """TR-18: raised to the vice-rector when unexcused absences pass the threshold."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting the vice-rector")
        PROPOSED = "proposed", _("Proposed to the rector")
        DISMISSED = "dismissed", _("Dismissed")

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="expulsion_proposals",
    )
    unexcused_count = models.PositiveSmallIntegerField(_("unexcused absences"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    order = models.ForeignKey(
        Order,
        verbose_name=_("order"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expulsion_proposals",
    )

    class Meta:
        verbose_name = _("expulsion proposal")
        verbose_name_plural = _("expulsion proposals")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(status="open"),
                name="expulsion_proposal_one_open",
            )
        ]

    def __str__(self) -> str:
        return str(self.enrolment)

"""Certificates (TR-28, TR-29). References (TR-29, TR-30) are computed, not stored."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

PASS_MARK = 50  # TR-27, TR-29


class CertificateCounter(models.Model):
    """The last certificate serial of a year; locked while a number is taken."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    last = models.PositiveIntegerField(_("last serial"), default=0)

    class Meta:
        verbose_name = _("certificate counter")
        verbose_name_plural = _("certificate counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Certificate(models.Model):
    """TR-28: the certificate of the set form issued by the rector's order to a listener."""

    number = models.CharField(_("number"), max_length=30, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial"))
    listener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("listener"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    group = models.ForeignKey(
        "training.Group",
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    result = models.OneToOneField(
        "exams.Result",
        verbose_name=_("exam result"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    order = models.ForeignKey(
        "training.Order",
        verbose_name=_("certificate order"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    # Copied from the result when issued, so that the database itself refuses TR-29 breaches.
    points = models.PositiveSmallIntegerField(_("points"))
    result_confirmed_at = models.DateTimeField(_("result confirmed at"))
    issued_on = models.DateField(_("issued on"))
    hours = models.PositiveSmallIntegerField(_("academic hours"))
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=[("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))],
        default="kk",
    )
    verification_code = models.CharField(_("verification code"), max_length=16)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["group", "listener__surname", "listener__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "serial"], name="documents_certificate_serial_per_year"
            ),
            models.UniqueConstraint(
                fields=["group", "listener"], name="documents_certificate_once_per_group"
            ),
            # TR-29: never a certificate below 50 points.
            models.CheckConstraint(
                condition=Q(points__gte=PASS_MARK, points__lte=100),
                name="documents_certificate_passed_result",
                violation_error_message=_("No certificate is issued below 50 points."),
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0), name="documents_certificate_hours_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("documents:certificate_pdf", args=[self.pk])

    def verification_path(self) -> str:
        return reverse("documents:verify", args=[self.number]) + f"?code={self.verification_code}"

"""Signed documents and their signatures (IS-4.8): kept as signed, never changed."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .verification import Outcome


class Immutable(models.Model):
    """A record that is written once: saving it again or deleting it is refused."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        if self.pk is not None and not self._state.adding:
            raise ValidationError(_("A signed record cannot be changed."), code="immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        raise ValidationError(_("A signed record cannot be deleted."), code="immutable")


class SignedDocument(Immutable):
    """The exact bytes a person or the Academy signed, linked to what they concern."""

    class Kind(models.TextChoices):
        ORDER = "order", _("Rector's order")
        CERTIFICATE = "certificate", _("Certificate")
        STATEMENT = "statement", _("Exam statement")
        MINUTES = "minutes", _("Appeals commission minutes")
        APPEAL = "appeal", _("Appeal application")
        REFERENCE = "reference", _("Reference")
        LIBRARY_ACT = "library_act", _("Act of the acquisition register")

    class Form(models.TextChoices):
        CMS = "cms", _("Document with a detached CMS signature")
        PADES = "pades", _("PDF with an embedded signature (PAdES)")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    form = models.CharField(_("form"), max_length=10, choices=Form.choices)
    title = models.CharField(_("title"), max_length=255)
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.PROTECT
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    subject = GenericForeignKey("content_type", "object_id")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signed document")
        verbose_name_plural = _("signed documents")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("signatures:document", args=[self.pk])


class Signature(Immutable):
    """One signature over a signed document, with what the server found when it arrived."""

    class Role(models.TextChoices):
        PERSON = "person", _("Personal signature")
        SEAL = "seal", _("Seal of the Academy")

    document = models.ForeignKey(
        SignedDocument,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cms = models.BinaryField(_("CMS signature"), blank=True)
    certificate = models.BinaryField(_("signer's certificate"))
    signer_name = models.CharField(_("signer's name"), max_length=255)
    iin = models.CharField(_("IIN"), max_length=12, blank=True)
    bin = models.CharField(_("BIN"), max_length=12, blank=True)
    cert_serial = models.CharField(_("certificate serial"), max_length=80)
    issuer = models.CharField(_("issuer"), max_length=500)
    signing_time = models.DateTimeField(_("signing time"), null=True, blank=True)
    outcome = models.CharField(_("verification result"), max_length=20, choices=Outcome.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    verified_at = models.DateTimeField(_("verified at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["verified_at", "pk"]
        constraints = [
            # Nothing half-signed: only a signature the server found valid is kept.
            models.CheckConstraint(
                condition=models.Q(outcome="valid"), name="signatures_signature_only_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signer_name} ({self.get_role_display()})"


class LibraryRegisterAct(Immutable):
    """IS-12: the librarian's act over the acquisition register of a period.

    It exists only with its signature: the service creates it in the transaction that
    stores the act's PDF with the librarian's verified signature (``SIGNATURES_LIBRARY_ACT``).
    """

    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    received_copies = models.PositiveIntegerField(_("copies received"))
    written_off_copies = models.PositiveIntegerField(_("copies written off"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("act of the acquisition register")
        verbose_name_plural = _("acts of the acquisition register")
        ordering = ["-date_to", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["date_from", "date_to"], name="signatures_act_once"),
            models.CheckConstraint(
                condition=models.Q(date_from__lte=models.F("date_to")),
                name="signatures_act_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date_from:%d.%m.%Y}–{self.date_to:%d.%m.%Y}"

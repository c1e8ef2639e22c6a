"""API keys of external systems and the audit entry of every call made with one."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Resource(models.TextChoices):
    COURSES = "courses", _("Courses")
    GROUPS = "groups", _("Groups and their lists")
    RESULTS = "results", _("Exam results")
    CERTIFICATES = "certificates", _("Certificates")
    APPEALS = "appeals", _("Appeal decisions")
    OUTGOING = "outgoing", _("Outgoing documents")
    ME = "me", _("The caller's own data")
    CATALOGUE = "catalogue", _("Library catalogue records")
    STAGE_RESULTS = "stage-results", _("Qualification exam stage results")


SCOPE_CHOICES = [
    (f"{resource.value}:{access}", f"{resource.label} – {label}")
    for resource in Resource
    for access, label in (("read", _("read")), ("write", _("write")))
]


def hash_key(raw: str) -> str:
    """The stored digest of a key (a random 256-bit secret, so a plain SHA-256 suffices)."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiKey(models.Model):
    """A key of one external system; it acts as `user` and only within its scopes."""

    name = models.CharField(_("external system"), max_length=120)
    prefix = models.CharField(_("key prefix"), max_length=12, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acts as user"),
        on_delete=models.PROTECT,
        related_name="api_keys",
        help_text=_("The system sees and changes exactly what this account may on the pages."),
    )
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    rate_per_minute = models.PositiveIntegerField(_("requests per minute"), default=120)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def allows(self, resource: str, access: str) -> bool:
        """Write implies nothing about read: each is granted on its own."""
        return f"{resource}:{access}" in (self.scopes or [])


class ApiCall(models.Model):
    """One audit entry per API call made with a key."""

    key = models.ForeignKey(
        ApiKey, verbose_name=_("API key"), on_delete=models.CASCADE, related_name="calls"
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=500)
    status = models.PositiveSmallIntegerField(_("status"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("API call")
        verbose_name_plural = _("API calls")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"

"""Information-security events (003 ¶10(2)), kept for the security officer's search."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SecurityEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN_SUCCESS = "login_success", _("Login succeeded")
        LOGIN_FAILURE = "login_failure", _("Login failed")
        LOCKOUT = "lockout", _("Account locked out")
        ROLE_CHANGE = "role_change", _("Roles changed")
        TWO_FACTOR_CHANGE = "two_factor_change", _("Two-factor settings changed")
        ACCESS_REFUSED = "access_refused", _("Access refused")
        PERSONAL_DATA_EXPORT = "personal_data_export", _("Personal data exported")
        ADMIN_ACTION = "admin_action", _("Administrative action")

    # CEF severity 0–10 of each kind.
    SEVERITY = {
        Kind.LOGIN_SUCCESS: 2,
        Kind.LOGIN_FAILURE: 5,
        Kind.LOCKOUT: 8,
        Kind.ROLE_CHANGE: 6,
        Kind.TWO_FACTOR_CHANGE: 6,
        Kind.ACCESS_REFUSED: 5,
        Kind.PERSONAL_DATA_EXPORT: 4,
        Kind.ADMIN_ACTION: 4,
    }

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(_("login name"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("address"), max_length=500, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username}"

    @property
    def severity(self) -> int:
        return self.SEVERITY.get(self.kind, 3)

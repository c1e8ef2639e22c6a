"""In-app notifications and each user's choice of channels per kind (issue 14)."""

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import kinds


class Notification(models.Model):
    """One message to one user: its kind and values; the text is translated when read."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=50)
    params = models.JSONField(_("values"), default=dict, blank=True)
    link_name = models.CharField(_("link (URL name)"), max_length=100, blank=True)
    link_args = models.JSONField(_("link arguments"), default=list, blank=True)
    # False when the user chose e-mail only for this kind: kept, but not shown in the bell.
    in_app = models.BooleanField(_("shown in the system"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notif_recipient_unread"),
        ]

    def __str__(self) -> str:
        return self.text

    def _fill(self, template: Any) -> str:
        values = {key: str(value) for key, value in (self.params or {}).items()}
        try:
            return str(template) % values
        except (KeyError, ValueError, TypeError):
            return str(template)

    @property
    def text(self) -> str:
        kind = kinds.get(self.kind)
        return self._fill(kind.text) if kind else self.kind

    @property
    def subject(self) -> str:
        kind = kinds.get(self.kind)
        return self._fill(kind.subject) if kind else self.kind

    @property
    def target_url(self) -> str:
        """The page the notification is about, in the active language ('' if gone)."""
        if not self.link_name:
            return ""
        try:
            return reverse(self.link_name, args=list(self.link_args or []))
        except NoReverseMatch:
            return ""

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Preference(models.Model):
    """Issue 14: each user chooses, per kind, whether to be told in the system, by e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=50)
    in_app = models.BooleanField(_("in the system"), default=True)
    email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notif_preference_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.kind}"

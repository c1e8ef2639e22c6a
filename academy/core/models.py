"""Models shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkingDayOverride(models.Model):
    """A government decree that moves a day off: an extra day off or a Saturday made working.

    The `holidays` package knows the public holidays and the weekend-to-Monday moves;
    the yearly transfer decrees reach it late, so they are kept here.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Extra day off")
        WORKING_DAY = "working_day", _("Working day (weekend made working)")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    decree = models.CharField(_("decree reference"), max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("working-day override")
        verbose_name_plural = _("working-day overrides")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class AuditChainHead(models.Model):
    """The single row holding the end of the audit hash chain.

    Appending a seal locks this row (SELECT … FOR UPDATE), so concurrent writers on
    PostgreSQL add their seals one after the other and the chain never forks.
    """

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")

    def __str__(self) -> str:
        return f"{self.last_seq}:{self.last_hash[:12]}"


class AuditSeal(models.Model):
    """A link of the audit hash chain: sha256(previous hash + the entry's content).

    `entry_id` is a plain number, not a foreign key, so that deleting a log entry leaves
    its seal behind and `manage.py audit_verify` reports the gap.
    """

    seq = models.PositiveBigIntegerField(unique=True)
    entry_id = models.BigIntegerField(unique=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit seal")
        verbose_name_plural = _("audit seals")
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} entry {self.entry_id}"

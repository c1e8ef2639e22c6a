"""OAI-PMH: what harvesters are told about records that are gone."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeletedRecord(models.Model):
    """A tombstone (OAI-PMH deletedRecord "persistent"): a catalogue record that was deleted.

    Kept for ever, so a harvester that comes back months later still learns of the
    deletion; the datestamp is the moment of deletion.
    """

    record_pk = models.PositiveBigIntegerField(_("record number"), unique=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    # The record's type and language: its sets, so selective harvests learn of it too.
    kind = models.CharField(_("type"), max_length=16, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), db_index=True)

    class Meta:
        verbose_name = _("deleted record")
        verbose_name_plural = _("deleted records")
        ordering = ["record_pk"]

    def __str__(self) -> str:
        return f"{self.record_pk} {self.title}"

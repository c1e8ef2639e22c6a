"""Choices shared by the training models and the approval steps of plans."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Language(models.TextChoices):
    """Language of instruction (TR-17)."""

    KK = "kk", _("Kazakh")
    RU = "ru", _("Russian")


class Audience(models.TextChoices):
    """Listener category of a course (TR-10)."""

    JUDGES = "judges", _("Judges")
    COURT_STAFF = "court_staff", _("Court staff")


class CourseKind(models.TextChoices):
    """TR-5: the three kinds of course and their limits."""

    JUDGES_QUALIFICATION = "judges_qualification", _("Judges' qualification course")
    STAFF_QUALIFICATION = "staff_qualification", _("Court staff qualification course")
    JUDGES_RETRAINING = "judges_retraining", _("Judges' retraining")


class ClassForm(models.TextChoices):
    """TR-7: forms of classes."""

    LECTURE = "lecture", _("Lecture")
    SEMINAR = "seminar", _("Seminar")
    PRACTICAL = "practical", _("Practical class")
    TRAINING = "training", pgettext_lazy("class form", "Training")
    COURT_WORK = "court_work", _("Participation in court work")


class ApprovalStatus(models.TextChoices):
    """TR-10, TR-12: agreed by the Council, then the Supreme Court, approved by the rector."""

    DRAFT = "draft", _("Draft")
    COUNCIL_AGREED = "council_agreed", _("Agreed by the Council")
    SUPREME_COURT_AGREED = "supreme_court_agreed", _("Agreed by the Supreme Court")
    APPROVED = "approved", _("Approved by the rector")


class ApprovalFields(models.Model):
    """Who moved a plan through each step of agreement and when."""

    status = models.CharField(
        _("status"), max_length=30, choices=ApprovalStatus.choices, default=ApprovalStatus.DRAFT
    )
    council_agreed_at = models.DateTimeField(_("agreed by the Council at"), null=True, blank=True)
    council_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Council agreement recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    supreme_court_agreed_at = models.DateTimeField(
        _("agreed by the Supreme Court at"), null=True, blank=True
    )
    supreme_court_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Supreme Court agreement recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def is_approved(self) -> bool:
        return self.status == ApprovalStatus.APPROVED

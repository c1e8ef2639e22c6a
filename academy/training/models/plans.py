"""Schedule plan (TR-10) and study plan (TR-11, TR-12)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .choices import ApprovalFields, Audience, ClassForm, CourseKind, Language


class SchedulePlan(ApprovalFields):
    """TR-10: the schedule plan (Жоспар-кесте) for a calendar year or half-year."""

    class Period(models.TextChoices):
        YEAR = "year", _("Calendar year")
        FIRST_HALF = "h1", _("First half-year")
        SECOND_HALF = "h2", _("Second half-year")

    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=4, choices=Period.choices, default="year")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_versions",
    )

    class Meta:
        verbose_name = _("schedule plan")
        verbose_name_plural = _("schedule plans")
        ordering = ["-year", "period", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "period", "version"], name="schedule_plan_unique_version"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="schedule_plan_year_range"
            ),
        ]

    def __str__(self) -> str:
        return _("Schedule plan %(year)s (%(period)s), version %(version)s") % {
            "year": self.year,
            "period": self.get_period_display(),
            "version": self.version,
        }

    def get_absolute_url(self) -> str:
        return reverse("training:schedule_plan_detail", args=[self.pk])


class SchedulePlanRow(models.Model):
    """A planned course in the schedule plan."""

    plan = models.ForeignKey(
        SchedulePlan, verbose_name=_("schedule plan"), on_delete=models.CASCADE, related_name="rows"
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=30, choices=CourseKind.choices)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    planned_listeners = models.PositiveIntegerField(_("planned number of listeners"))
    language = models.CharField(
        _("language of instruction"), max_length=2, choices=Language.choices, default=Language.KK
    )

    class Meta:
        verbose_name = _("schedule plan row")
        verbose_name_plural = _("schedule plan rows")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="schedule_row_dates_ordered",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(planned_listeners__gt=0), name="schedule_row_listeners_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y})"


class StudyPlan(ApprovalFields):
    """TR-11, TR-12: the study plan (Оқу жоспары) for the calendar year."""

    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_versions",
    )

    class Meta:
        verbose_name = _("study plan")
        verbose_name_plural = _("study plans")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="study_plan_unique_version"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="study_plan_year_range"
            ),
        ]

    def __str__(self) -> str:
        return _("Study plan %(year)s, version %(version)s") % {
            "year": self.year,
            "version": self.version,
        }

    def get_absolute_url(self) -> str:
        return reverse("training:study_plan_detail", args=[self.pk])


class StudyPlanTopic(models.Model):
    """TR-11: a topic of the study plan with its class form and lecturer."""

    plan = models.ForeignKey(
        StudyPlan, verbose_name=_("study plan"), on_delete=models.CASCADE, related_name="topics"
    )
    kind = models.CharField(_("course kind"), max_length=30, choices=CourseKind.choices)
    title = models.CharField(_("topic"), max_length=255)
    class_form = models.CharField(_("class form"), max_length=20, choices=ClassForm.choices)
    hours = models.PositiveSmallIntegerField(_("academic hours"))
    lecturer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lecturer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="study_plan_topics",
    )

    class Meta:
        verbose_name = _("study plan topic")
        verbose_name_plural = _("study plan topics")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="study_topic_hours_positive")
        ]

    def __str__(self) -> str:
        return self.title

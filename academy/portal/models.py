"""The public website (IS-14 – IS-21): static pages, news, events and partners.

Titles and texts are kept per language by django-modeltranslation (`title_kk`,
`title_ru`, `title_en` …, see translation.py). Every item is drafted first and
published by an editor (IS-18); the publication records who and when.
"""

import calendar
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from academy.core.media import RandomName

from .validators import validate_image

# IS-17: static information is checked at least once a quarter.
REVIEW_PERIOD_MONTHS = 3


class Section(models.TextChoices):
    """IS-14: the fixed sections of the website, in menu order."""

    ABOUT = "about", _("About the Academy")
    ADMISSION = "admission", _("Admission")
    LEARNERS = "learners", _("For learners")
    ALUMNI = "alumni", _("For alumni")
    RESEARCH = "research", _("Research")
    COOPERATION = "cooperation", _("Cooperation")
    PAID_COURSES = "paid-courses", _("Paid courses")
    CONTACTS = "contacts", _("Contacts")


class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("publication", "Draft")
    PUBLISHED = "published", pgettext_lazy("publication", "Published")


class Publishable(models.Model):
    """IS-18: a draft until an editor publishes it; who created and who published it."""

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


def _published_is_recorded(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(status=Status.DRAFT)
        | Q(published_at__isnull=False, published_by__isnull=False),
        name=f"{prefix}_publication_recorded",
        violation_error_message=_("A published item must record who published it and when."),
    )


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the last day of the month when that one is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def stale_before(today: date | None = None) -> date:
    """IS-17: a page last checked before this day is stale."""
    return months_before(today or timezone.localdate(), REVIEW_PERIOD_MONTHS)


class Page(Publishable):
    """IS-14, IS-17: a static page of one section, checked every quarter."""

    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    slug = models.SlugField(_("address (slug)"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("order in the section"), default=0)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    reviewed_at = models.DateField(_("last checked"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("website page")
        verbose_name_plural = _("website pages")
        ordering = ["section", "order", "pk"]
        constraints = [_published_is_recorded("page")]

    def __str__(self) -> str:
        return self.title or self.slug

    def get_absolute_url(self) -> str:
        return reverse("portal:page", args=[self.section, self.slug])

    def is_stale(self, today: date | None = None) -> bool:
        """IS-17: not checked for more than a quarter."""
        return self.reviewed_at < stale_before(today)


class NewsItem(Publishable):
    """IS-14, IS-16: an item of the news feed; IS-15: urgent ones name initiator and reason."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    image = models.FileField(
        _("image"), upload_to=RandomName("portal/news"), blank=True, validators=[validate_image]
    )
    urgent = models.BooleanField(_("urgent unplanned item"), default=False)
    initiator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("initiated by (management)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    urgent_reason = models.TextField(_("reason for urgent publication"), blank=True)

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-published_at", "-pk"]
        constraints = [
            _published_is_recorded("news"),
            # IS-15: an urgent item always names its initiator and the reason.
            models.CheckConstraint(
                condition=Q(urgent=False) | (Q(initiator__isnull=False) & ~Q(urgent_reason="")),
                name="news_urgent_has_initiator_and_reason",
                violation_error_message=_(
                    "An urgent item needs the initiator from management and the reason."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(self.pk)

    def get_absolute_url(self) -> str:
        return reverse("portal:news_detail", args=[self.pk])


class Event(Publishable):
    """IS-15: an international event, forum, seminar, conference or competition, or a
    teaching-methodological meeting."""

    class Kind(models.TextChoices):
        INTERNATIONAL = "international", _("International event")
        FORUM = "forum", _("Forum")
        SEMINAR = "seminar", _("Seminar")
        CONFERENCE = "conference", _("Conference")
        COMPETITION = "competition", _("Competition")
        # IS-15 (003 ¶15): оқу-әдістемелік жиындар / учебно-методические сборы.
        TEACHING_MEETINGS = "teaching_meetings", _("Teaching-methodological meetings")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("description"), blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    link = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_on", "pk"]
        constraints = [
            _published_is_recorded("event"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="event_dates_ordered",
                violation_error_message=_("An event cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(self.pk)

    def get_absolute_url(self) -> str:
        return reverse("portal:event_list") + f"#event-{self.pk}"


class Partner(models.Model):
    """IS-20: a partner organisation whose site the Academy's pages may link to."""

    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("website"), unique=True)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

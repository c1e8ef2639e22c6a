"""TR-31: the final survey of a group's listeners, answered anonymously.

Anonymity is kept by the shape of the data, not only by the pages:

* `Response` (and its `LecturerRating` rows) hold the answers and nothing that points at
  the listener who gave them – no user, no timestamp, and a random UUID key, so neither
  the key order nor a time can be matched with the `Respondent` row written in the same
  transaction.
* `Respondent` records only that a listener has answered a survey, so that they cannot
  answer twice (TR-31 asks for one survey per listener); it has no link to the answer.
  Its rows are rewritten in listener order on every answer (`services.respondent_add`),
  so their storage order (SQLite rowid, PostgreSQL ctid, id) cannot be lined up with the
  responses' either.
* Results of a survey with fewer than `SURVEY_MIN_RESPONSES` answers are not shown.
* Neither table is registered with the audit log, whose entries carry the actor.
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from academy.training.models import Group


class Score(models.IntegerChoices):
    """The 1–5 scale of every rated question."""

    VERY_LOW = 1, _("1 – very low")
    LOW = 2, _("2 – low")
    AVERAGE = 3, _("3 – average")
    HIGH = 4, _("4 – high")
    VERY_HIGH = 5, _("5 – very high")


SCORE_MIN, SCORE_MAX = 1, 5


def _score_range(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": SCORE_MIN, f"{field}__lte": SCORE_MAX}),
        name=name,
        violation_error_message=_("A score must be from 1 to 5."),
    )


class Survey(models.Model):
    """TR-31: the final survey of one training group, open between two dates."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Not open yet")
        OPEN = "open", pgettext_lazy("survey", "Open")
        CLOSED = "closed", pgettext_lazy("survey", "Closed")

    # One survey per group: the database enforces it as well as the service.
    group = models.OneToOneField(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="survey"
    )
    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("open until"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed early at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("final survey")
        verbose_name_plural = _("final surveys")
        ordering = ["-opens_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="survey_dates_ordered",
                violation_error_message=_("The survey cannot close before it opens."),
            ),
        ]

    def __str__(self) -> str:
        return _("Final survey of %(group)s") % {"group": self.group}

    def get_absolute_url(self) -> str:
        return reverse("surveys:survey_results", args=[self.pk])

    def status_on(self, day: date | None = None) -> str:
        day = day or timezone.localdate()
        if self.closed_at is not None or day > self.closes_on:
            return Survey.Status.CLOSED
        if day < self.opens_on:
            return Survey.Status.SCHEDULED
        return Survey.Status.OPEN

    @property
    def status(self) -> str:
        return self.status_on()

    @property
    def is_open(self) -> bool:
        return self.status == Survey.Status.OPEN

    def get_status_display(self) -> str:
        return str(Survey.Status(self.status).label)


class Response(models.Model):
    """One listener's answers – deliberately without the listener (see the module docstring)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses"
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("Satisfaction with the quality of training"), choices=Score.choices
    )
    knowledge_use = models.PositiveSmallIntegerField(
        _("The knowledge gained will be used at work"), choices=Score.choices
    )
    effectiveness = models.PositiveSmallIntegerField(
        _("Effect of the training on the effectiveness of work"), choices=Score.choices
    )
    remarks = models.TextField(
        _("Remarks and proposals on the forms and methods of training"), blank=True
    )

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["id"]  # random: the order says nothing about who answered when
        constraints = [
            _score_range("satisfaction", "response_satisfaction_1_to_5"),
            _score_range("knowledge_use", "response_knowledge_use_1_to_5"),
            _score_range("effectiveness", "response_effectiveness_1_to_5"),
        ]

    def __str__(self) -> str:
        return _("Response to %(survey)s") % {"survey": self.survey}


class LecturerRating(models.Model):
    """TR-31: a response's rating of one lecturer of the group."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        Response,
        verbose_name=_("response"),
        on_delete=models.CASCADE,
        related_name="lecturer_ratings",
    )
    lecturer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("survey", "lecturer"),
        on_delete=models.PROTECT,
        related_name="survey_ratings",
    )
    score = models.PositiveSmallIntegerField(_("rating"), choices=Score.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("lecturer rating")
        verbose_name_plural = _("lecturer ratings")
        ordering = ["id"]
        constraints = [
            _score_range("score", "lecturer_rating_1_to_5"),
            models.UniqueConstraint(
                fields=["response", "lecturer"],
                name="lecturer_rating_once_per_response",
                violation_error_message=_("A lecturer is rated once per response."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lecturer}: {self.score}"


class Respondent(models.Model):
    """Who has answered a survey – only to refuse a second answer; not linked to the answer."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="respondents"
    )
    listener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("listener"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "listener"],
                name="respondent_once_per_survey",
                violation_error_message=_("You have already answered this survey."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.listener} – {self.survey}"

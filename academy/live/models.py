"""Live sessions (TR-5, TR-23): scheduled online classes of a group and online oral exams.

The video room is not ours: a session's join link is made from the setting
VIDEO_ROOM_URL_TEMPLATE (the Academy's Jitsi or BigBlueButton deployment, see
docs/live-sessions.md) and the session's random room code, unless a lecturer gave a
link of their own. Listeners join through the system, so their presence is recorded.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

DEFAULT_ROOM_TEMPLATE = "https://meet.jit.si/academy-{room}"


def new_room_code() -> str:
    return secrets.token_hex(10)


class LiveSession(models.Model):
    class Kind(models.TextChoices):
        CLASS = "class", _("Online class")
        ORAL_EXAM = "oral_exam", _("Online oral exam")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.CLASS)
    group = models.ForeignKey(
        "training.Group",
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="live_sessions",
    )
    # Tied to a class of the course programme, joining marks the listener present (TR-18).
    lesson = models.ForeignKey(
        "training.Lesson",
        verbose_name=_("class of the programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_sessions",
    )
    exam = models.ForeignKey(
        "exams.Exam",
        verbose_name=_("exam"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="live_sessions",
    )
    title = models.CharField(_("title"), max_length=255)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.CharField(_("room code"), max_length=40, unique=True, default=new_room_code)
    room_url = models.URLField(
        _("own video room link"),
        blank=True,
        help_text=_("Leave empty to use the Academy's video conference."),
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="live_session_times_ordered",
                violation_error_message=_("A session must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(kind="class", group__isnull=False)
                | Q(kind="oral_exam", exam__isnull=False),
                name="live_session_has_group_or_exam",
                violation_error_message=_(
                    "An online class belongs to a group, an oral exam to an exam."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.shown_title

    def get_absolute_url(self) -> str:
        return reverse("live:session", args=[self.pk])

    @property
    def shown_title(self) -> str:
        """An oral exam's session is named by its exam, in the reader's language; the stored
        title is a copy in the language of whoever scheduled it."""
        return self.exam.title if self.exam_id else self.title

    @property
    def join_url(self) -> str:
        """The video room: the session's own link, or the template with the room code."""
        if self.room_url:
            return self.room_url
        template = getattr(settings, "VIDEO_ROOM_URL_TEMPLATE", "") or DEFAULT_ROOM_TEMPLATE
        return template.replace("{room}", self.room)

    @property
    def is_exam(self) -> bool:
        return self.kind == self.Kind.ORAL_EXAM


class LiveAttendance(models.Model):
    """Who joined a session through the system, when first and last, how many times."""

    session = models.ForeignKey(
        LiveSession,
        verbose_name=_("live session"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="live_attendance",
    )
    first_joined_at = models.DateTimeField(_("first joined at"))
    last_joined_at = models.DateTimeField(_("last joined at"))
    joins = models.PositiveSmallIntegerField(_("times joined"), default=1)

    class Meta:
        verbose_name = _("live session attendance")
        verbose_name_plural = _("live session attendance")
        ordering = ["session", "user__surname", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="live_attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.session}"

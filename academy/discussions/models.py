"""Discussion forums of an online course and its modules, and questions to the lecturer.

A topic with no module belongs to the course's forum, one with a module to that module's
forum. A question to the lecturer (TR-8: listeners consult lecturers) is a topic only its
asker and the group's lecturers can read. Bodies are stored sanitised; attachments under
random names and served only through access-checked views.
"""

from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from academy.core.media import RandomName
from academy.learning.models import Module, OnlineCourse
from academy.learning.richtext import rich_text_html


class Topic(models.Model):
    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("Discussion")
        QUESTION = "question", _("Question to the lecturer")

    course = models.ForeignKey(
        OnlineCourse,
        verbose_name=_("online course"),
        on_delete=models.CASCADE,
        related_name="topics",
    )
    module = models.ForeignKey(
        Module,
        verbose_name=_("module"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="topics",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("subject"), max_length=255)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="discussion_topics",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_post_at = models.DateTimeField(_("last message"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    locked = models.BooleanField(_("closed for replies"), default=False)
    hidden = models.BooleanField(_("hidden by a moderator"), default=False)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["-last_post_at", "-pk"]
        indexes = [models.Index(fields=["course", "kind"], name="discussions_topic_course_kind")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("discussions:topic", args=[self.pk])

    @property
    def is_question(self) -> bool:
        return self.kind == self.Kind.QUESTION


class Post(models.Model):
    """A message of a topic: the first one opens it, the others reply."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="discussion_posts",
    )
    body = models.TextField(_("message"), blank=True)
    attachment = models.FileField(
        _("attachment"), upload_to=RandomName("discussions"), blank=True, max_length=255
    )
    attachment_name = models.CharField(_("attachment name"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["topic", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(body="") | ~Q(attachment=""),
                name="discussions_post_has_content",
                violation_error_message=_("Write a message or attach a file."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} – {self.topic}"

    @property
    def html(self) -> SafeString:
        """The message as safe HTML: sanitised again on output."""
        return rich_text_html(self.body)

    @property
    def file_name(self) -> str:
        return self.attachment_name or (Path(self.attachment.name).name if self.attachment else "")

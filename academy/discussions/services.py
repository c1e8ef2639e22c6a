"""Writes of the discussions: topics, questions to the lecturer, replies, moderation.

Every write checks the user against the object (selectors); moderation is audited; each
new message tells the people it concerns through the notifications app.
"""

from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from academy.core.audit import audit_event
from academy.core.uploads import check_upload_content
from academy.learning import selectors as learning
from academy.learning.models import Module, OnlineCourse
from academy.learning.richtext import sanitize
from academy.notifications import kinds
from academy.notifications.services import notify

from . import selectors
from .models import Post, Topic

ATTACHMENT_EXTENSIONS = ("pdf", "docx", "doc", "xlsx", "pptx", "odt", "txt", "jpg", "jpeg", "png")
ATTACHMENT_MAX_SIZE_DEFAULT = 10 * 1024 * 1024  # 10 MB
BODY_MAX_LENGTH = 20000


def attachment_max_size() -> int:
    """Largest attachment in bytes (setting DISCUSSIONS_ATTACHMENT_MAX_SIZE, default 10 MB)."""
    return int(getattr(settings, "DISCUSSIONS_ATTACHMENT_MAX_SIZE", ATTACHMENT_MAX_SIZE_DEFAULT))


def check_attachment(file: Any) -> None:
    """Refuse other types, oversized files and files whose bytes are not what the name says."""
    extension = PurePath(file.name or "").suffix.lower().lstrip(".")
    if extension not in ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            {
                "attachment": ValidationError(
                    _("Files of this type cannot be attached. Allowed types: %(types)s.")
                    % {"types": ", ".join(ATTACHMENT_EXTENSIONS)},
                    code="file_type",
                )
            }
        )
    limit = attachment_max_size()
    if file.size > limit:
        raise ValidationError(
            {
                "attachment": ValidationError(
                    _("The file is too large: at most %(size)s MB may be attached.")
                    % {"size": limit // (1024 * 1024)},
                    code="file_size",
                )
            }
        )
    try:
        check_upload_content(file)
    except ValidationError as error:
        raise ValidationError({"attachment": error}) from None


def _clean_body(body: str, attachment: Any) -> str:
    if len(body or "") > BODY_MAX_LENGTH:
        raise ValidationError(
            {
                "body": ValidationError(
                    _("The message is too long: at most %(n)s characters.")
                    % {"n": BODY_MAX_LENGTH},
                    code="too_long",
                )
            }
        )
    cleaned = sanitize(body)
    if not strip_tags(cleaned).strip() and attachment is None:
        raise ValidationError(
            {"body": ValidationError(_("Write a message or attach a file."), code="empty")}
        )
    return cleaned


def _post(*, topic: Topic, body: str, attachment: Any, by: Any) -> Post:
    post = Post(topic=topic, author=by, body=_clean_body(body, attachment))
    if attachment is not None:
        check_attachment(attachment)
        post.attachment = attachment
        post.attachment_name = PurePath(attachment.name or "").name[:255]
    post.save()
    topic.last_post_at = post.created_at
    topic.save(update_fields=["last_post_at"])
    return post


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": ValidationError(_("Give a subject."), code="title")})
    return title[:255]


def _deny(message: str) -> ValidationError:
    return ValidationError(message, code="permission")


def _link(topic: Topic) -> tuple[str, list[int]]:
    return ("discussions:topic", [topic.pk])


@transaction.atomic
def topic_create(
    *,
    course: OnlineCourse,
    title: str,
    body: str,
    by: Any,
    module: Module | None = None,
    attachment: Any = None,
) -> Topic:
    """Open a discussion in the course's forum or in a module's."""
    if module is not None:
        if module.course_id != course.pk:
            raise ValidationError(_("The module is not of this course."), code="module")
        if not selectors.can_view_module_forum(by, module):
            raise _deny(_("Only the group's listeners and lecturers write in its forum."))
    elif not selectors.can_start_topic(by, course):
        raise _deny(_("Only the group's listeners and lecturers write in its forum."))
    topic = Topic.objects.create(
        course=course,
        module=module,
        kind=Topic.Kind.DISCUSSION,
        title=_clean_title(title),
        author=by,
    )
    _post(topic=topic, body=body, attachment=attachment, by=by)
    return topic


@transaction.atomic
def question_ask(
    *, course: OnlineCourse, title: str, body: str, by: Any, attachment: Any = None
) -> Topic:
    """TR-8: a listener asks the group's lecturers; only they and the asker read it."""
    if not selectors.can_ask(by, course):
        raise _deny(_("Only a listener of the group may ask its lecturers."))
    topic = Topic.objects.create(
        course=course, kind=Topic.Kind.QUESTION, title=_clean_title(title), author=by
    )
    _post(topic=topic, body=body, attachment=attachment, by=by)
    notify(
        recipients=selectors.group_lecturers(course.group),
        kind=kinds.DISCUSSION_QUESTION,
        params={"author": by.full_name, "topic": topic.title},
        link=_link(topic),
    )
    return topic


@transaction.atomic
def post_reply(*, topic: Topic, body: str, by: Any, attachment: Any = None) -> Post:
    """Reply in a topic; the people it concerns are told.

    A lecturer's reply to a question answers it (the asker is told); a listener's further
    message in their question goes to the group's lecturers; in a discussion, everyone who
    wrote in it hears of the new reply.
    """
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    if not selectors.can_view_topic(by, topic):
        raise _deny(_("You cannot write in this topic."))
    if not selectors.can_reply(by, topic):
        raise ValidationError(_("The topic is closed for replies."), code="locked")
    post = _post(topic=topic, body=body, attachment=attachment, by=by)
    params = {"author": by.full_name, "topic": topic.title}
    group = topic.course.group
    if topic.is_question:
        if learning.is_group_lecturer(by, group):
            if topic.answered_at is None:
                topic.answered_at = post.created_at
                topic.save(update_fields=["answered_at"])
            notify(
                recipients=[topic.author],
                kind=kinds.DISCUSSION_ANSWER,
                params=params,
                link=_link(topic),
            )
        else:
            notify(
                recipients=selectors.group_lecturers(group),
                kind=kinds.DISCUSSION_QUESTION,
                params=params,
                link=_link(topic),
            )
    else:
        writers = {p.author for p in topic.posts.filter(hidden=False).select_related("author")}
        notify(
            recipients=[
                user
                for user in writers
                if user.pk != by.pk and selectors.can_view_topic(user, topic)
            ],
            kind=kinds.DISCUSSION_REPLY,
            params=params,
            link=_link(topic),
        )
    return post


def _require_moderator(user: Any, topic: Topic) -> None:
    if not selectors.can_moderate(user, topic):
        raise _deny(_("Only the group's lecturers and the methodologists moderate its forum."))


@transaction.atomic
def topic_set_locked(*, topic: Topic, locked: bool, by: Any) -> Topic:
    _require_moderator(by, topic)
    topic.locked = locked
    topic.save(update_fields=["locked"])
    audit_event(
        actor=by,
        obj=topic,
        event="discussion_topic_locked" if locked else "discussion_topic_unlocked",
        details={"course": topic.course_id},
    )
    return topic


@transaction.atomic
def topic_set_hidden(*, topic: Topic, hidden: bool, by: Any) -> Topic:
    _require_moderator(by, topic)
    topic.hidden = hidden
    topic.save(update_fields=["hidden"])
    audit_event(
        actor=by,
        obj=topic,
        event="discussion_topic_hidden" if hidden else "discussion_topic_shown",
        details={"course": topic.course_id},
    )
    return topic


@transaction.atomic
def post_set_hidden(*, post: Post, hidden: bool, by: Any, reason: str = "") -> Post:
    """Hide a message (kept for the record, with who hid it and why) or show it again."""
    _require_moderator(by, post.topic)
    reason = " ".join((reason or "").split())[:255]
    if hidden and not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Give the reason for hiding."), code="reason")}
        )
    post.hidden = hidden
    post.hidden_by = by if hidden else None
    post.hidden_reason = reason if hidden else ""
    post.save(update_fields=["hidden", "hidden_by", "hidden_reason"])
    audit_event(
        actor=by,
        obj=post,
        event="discussion_post_hidden" if hidden else "discussion_post_shown",
        details={"topic": post.topic_id, "reason": reason, "at": timezone.now().isoformat()},
    )
    return post

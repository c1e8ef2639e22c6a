"""Reads of the discussions: who may see, write and moderate what.

Object permissions: only the group's admitted listeners and its lecturers take part; the
methodologists (and administrators) moderate the forums. A question to the lecturer is read
only by its asker and the group's lecturers – not by other listeners, nor by managers.
"""

from typing import Any

from django.db.models import Count, Q, QuerySet

from academy.accounts.models import User
from academy.accounts.permissions import user_has_role
from academy.accounts.roles import Role
from academy.learning import selectors as learning
from academy.learning.models import Module, OnlineCourse
from academy.training.models import Group

from .models import Post, Topic

MODERATOR_ROLES = (Role.METHODOLOGIST, Role.ADMINISTRATOR)
# Who may open the discussion pages at all (each page then checks the course).
DISCUSSION_ROLES = (Role.LISTENER, Role.LECTURER, *MODERATOR_ROLES)


def is_member(user: Any, course: OnlineCourse) -> bool:
    group = course.group
    return learning.is_group_listener(user, group) or learning.is_group_lecturer(user, group)


def can_moderate_forum(user: Any, course: OnlineCourse) -> bool:
    return user_has_role(user, *MODERATOR_ROLES) or learning.is_group_lecturer(user, course.group)


def can_view_forum(user: Any, course: OnlineCourse) -> bool:
    return is_member(user, course) or user_has_role(user, *MODERATOR_ROLES)


def can_view_module_forum(user: Any, module: Module) -> bool:
    """A listener sees a module's forum once they may see the module itself."""
    course = module.course
    if not can_view_forum(user, course):
        return False
    return can_moderate_forum(user, course) or learning.can_view_module(user, module)


def can_start_topic(user: Any, course: OnlineCourse) -> bool:
    return can_view_forum(user, course)


def can_ask(user: Any, course: OnlineCourse) -> bool:
    """TR-8: a listener of the group consults its lecturers."""
    return learning.is_group_listener(user, course.group)


def can_moderate(user: Any, topic: Topic) -> bool:
    if topic.is_question:
        return learning.is_group_lecturer(user, topic.course.group)
    return can_moderate_forum(user, topic.course)


def can_view_topic(user: Any, topic: Topic) -> bool:
    course = topic.course
    if topic.is_question:
        if topic.author_id == getattr(user, "pk", None):
            return learning.is_group_listener(user, course.group)
        return learning.is_group_lecturer(user, course.group)
    if topic.module_id is not None:
        if not can_view_module_forum(user, topic.module):
            return False
    elif not can_view_forum(user, course):
        return False
    return not topic.hidden or can_moderate(user, topic)


def can_reply(user: Any, topic: Topic) -> bool:
    if not can_view_topic(user, topic):
        return False
    if topic.locked:
        return can_moderate(user, topic)
    return True


def group_lecturers(group: Group) -> QuerySet[User]:
    return (
        User.objects.filter(
            lessons__programme__group=group, groups__name=Role.LECTURER, is_active=True
        )
        .distinct()
        .order_by("surname", "first_name", "pk")
    )


def _with_counts(topics: QuerySet[Topic]) -> QuerySet[Topic]:
    return topics.select_related("author", "module").annotate(
        replies=Count("posts", filter=Q(posts__hidden=False)) - 1
    )


def forum_topics(user: Any, course: OnlineCourse, module: Module | None = None) -> QuerySet[Topic]:
    """The discussion topics of the course's forum (or a module's), hidden ones for moderators."""
    topics = Topic.objects.filter(course=course, kind=Topic.Kind.DISCUSSION, module=module)
    if not can_moderate_forum(user, course):
        topics = topics.filter(hidden=False)
    return _with_counts(topics)


def questions_for(user: Any, course: OnlineCourse) -> QuerySet[Topic]:
    """The questions to the lecturer `user` may read: their own, or all for the lecturers."""
    topics = Topic.objects.filter(course=course, kind=Topic.Kind.QUESTION)
    if not learning.is_group_lecturer(user, course.group):
        topics = topics.filter(author=user)
        if not learning.is_group_listener(user, course.group):
            return topics.none()
    return _with_counts(topics)


def module_forums(user: Any, course: OnlineCourse) -> list[tuple[Module, int]]:
    """The modules `user` may see, each with its number of visible discussion topics."""
    modules = learning.modules_for(user, course)
    counts = dict(
        Topic.objects.filter(
            course=course, kind=Topic.Kind.DISCUSSION, module__in=modules, hidden=False
        )
        .values_list("module")
        .annotate(n=Count("pk"))
    )
    return [(module, counts.get(module.pk, 0)) for module in modules]


def topic_posts(user: Any, topic: Topic) -> QuerySet[Post]:
    posts = topic.posts.select_related("author", "hidden_by")
    return posts if can_moderate(user, topic) else posts.filter(hidden=False)


def unanswered_questions(user: Any) -> QuerySet[Topic]:
    """Questions waiting for an answer in the groups `user` teaches (the lecturer's agenda)."""
    return Topic.objects.filter(
        kind=Topic.Kind.QUESTION,
        answered_at__isnull=True,
        hidden=False,
        course__group__programme__lessons__lecturer=user,
    ).distinct()

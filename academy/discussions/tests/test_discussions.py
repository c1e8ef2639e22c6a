"""Discussions (issue 14, TR-8): forums per course and module, questions to the lecturer
read only by the asker and the group's lecturers, moderation, sanitised text, attachments."""

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from academy.core.testing import sample_upload
from academy.discussions import selectors, services
from academy.discussions.models import Post, Topic
from academy.learning.testing import add_module
from academy.notifications.models import Notification


def _codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


@pytest.fixture
def question(course, listener):
    return services.question_ask(
        course=course, title="Мерзімдер туралы", body="Апелляция мерзімі қандай?", by=listener
    )


@pytest.fixture
def topic(course, second_listener):
    return services.topic_create(
        course=course, title="Сот этикасы", body="Талқылайық.", by=second_listener
    )


@pytest.mark.clause("TR-8")
def test_a_question_is_read_only_by_its_asker_and_the_groups_lecturers(
    question, listener, second_listener, lecturer, other_lecturer, methodologist
):
    assert selectors.can_view_topic(listener, question)
    assert selectors.can_view_topic(lecturer, question)
    for outsider in (second_listener, other_lecturer, methodologist):
        assert not selectors.can_view_topic(outsider, question)
    assert list(selectors.questions_for(second_listener, question.course)) == []
    assert list(selectors.questions_for(lecturer, question.course)) == [question]


@pytest.mark.clause("TR-8")
def test_a_listener_cannot_open_another_listeners_question(
    client_as, question, second_listener, methodologist
):
    for user in (second_listener, methodologist):
        client = client_as(user)
        assert client.get(reverse("discussions:topic", args=[question.pk])).status_code == 404
        response = client.post(
            reverse("discussions:reply", args=[question.pk]), {"body": "Мен де білгім келеді."}
        )
        assert response.status_code == 404
        post = question.posts.get()
        assert client.get(reverse("discussions:attachment", args=[post.pk])).status_code == 404
        forum = client.get(reverse("discussions:forum", args=[question.course.pk]))
        assert "Мерзімдер туралы" not in forum.content.decode()
    assert question.posts.count() == 1


def test_another_groups_listener_is_refused_on_every_page(
    client_as, course, question, topic, lecturer, other_group_listener
):
    module = add_module(course, lecturer, title="1-модуль")
    module_topic = services.topic_create(
        course=course, module=module, title="Модуль сұрағы", body="Мәтін", by=lecturer
    )
    post = topic.posts.get()
    client = client_as(other_group_listener)
    gets = [
        reverse("discussions:forum", args=[course.pk]),
        reverse("discussions:topic_new", args=[course.pk]),
        reverse("discussions:question_new", args=[course.pk]),
        reverse("discussions:module_forum", args=[module.pk]),
        reverse("discussions:module_topic_new", args=[module.pk]),
        reverse("discussions:topic", args=[topic.pk]),
        reverse("discussions:topic", args=[module_topic.pk]),
        reverse("discussions:topic", args=[question.pk]),
        reverse("discussions:attachment", args=[post.pk]),
    ]
    for url in gets:
        assert client.get(url).status_code in {403, 404}, url
    posts = [
        (reverse("discussions:topic_new", args=[course.pk]), {"title": "X", "body": "Y"}),
        (reverse("discussions:question_new", args=[course.pk]), {"title": "X", "body": "Y"}),
        (reverse("discussions:reply", args=[topic.pk]), {"body": "Y"}),
        (reverse("discussions:topic_lock", args=[topic.pk]), {"locked": "1"}),
        (reverse("discussions:topic_hide", args=[topic.pk]), {"hidden": "1"}),
        (reverse("discussions:post_hide", args=[post.pk]), {"hidden": "1", "reason": "x"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in {403, 404}, url
    assert Topic.objects.filter(course=course).count() == 3
    assert Post.objects.filter(topic__course=course).count() == 3
    topic.refresh_from_db()
    assert not topic.locked and not topic.hidden


def test_the_members_see_the_forum_and_the_links_to_it(client_as, course, topic, listener):
    response = client_as(listener).get(reverse("learning:course_detail", args=[course.pk]))
    assert reverse("discussions:forum", args=[course.pk]) in response.content.decode()
    page = client_as(listener).get(reverse("discussions:forum", args=[course.pk]))
    assert page.status_code == 200
    assert "Сот этикасы" in page.content.decode()


@pytest.mark.clause("IS-13")
def test_messages_are_sanitised(course, listener, client_as):
    topic = services.topic_create(
        course=course,
        title="HTML",
        body='<p onclick="x()">Сәлем <strong>бәрі</strong></p><script>alert(1)</script>',
        by=listener,
    )
    body = topic.posts.get().body
    assert "<script" not in body and "onclick" not in body and "<strong>бәрі</strong>" in body
    page = client_as(listener).get(topic.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page


def test_attachments_are_checked_by_type_content_and_size(course, listener, settings):
    with pytest.raises(ValidationError) as error:
        services.topic_create(
            course=course,
            title="A",
            body="x",
            attachment=sample_upload("act.pdf", content_of="tool.exe"),
            by=listener,
        )
    assert _codes(error.value) == {"file_content"}
    with pytest.raises(ValidationError) as error:
        services.topic_create(
            course=course, title="A", body="x", attachment=sample_upload("tool.exe"), by=listener
        )
    assert _codes(error.value) == {"file_type"}
    settings.DISCUSSIONS_ATTACHMENT_MAX_SIZE = 10
    with pytest.raises(ValidationError) as error:
        services.topic_create(
            course=course, title="A", body="x", attachment=sample_upload("a.pdf"), by=listener
        )
    assert _codes(error.value) == {"file_size"}
    assert not Topic.objects.filter(course=course).exists()
    settings.DISCUSSIONS_ATTACHMENT_MAX_SIZE = 10 * 1024 * 1024
    topic = services.topic_create(
        course=course, title="A", body="", attachment=sample_upload("decision.pdf"), by=listener
    )
    post = topic.posts.get()
    assert post.file_name == "decision.pdf"
    assert "decision" not in post.attachment.name  # stored under a random name


def test_an_empty_message_is_refused(course, listener):
    with pytest.raises(ValidationError) as error:
        services.topic_create(course=course, title="A", body="<p> </p>", by=listener)
    assert _codes(error.value) == {"empty"}


@pytest.mark.clause("TR-8")
def test_the_lecturer_hears_of_the_question_and_the_asker_of_the_answer_in_their_language(
    course, listener, lecturer, django_capture_on_commit_callbacks
):
    listener.preferred_language = "ru"
    listener.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        question = services.question_ask(
            course=course, title="Сроки", body="Какой срок апелляции?", by=listener
        )
    assert Notification.objects.get(recipient=lecturer).kind == "discussion_question"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(topic=question, body="Пятнадцать дней.", by=lecturer)
    question.refresh_from_db()
    assert question.answered_at is not None
    note = Notification.objects.get(recipient=listener)
    assert note.kind == "discussion_answer" and note.read_at is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [listener.email]
    assert "Ваш вопрос" in message.subject  # Russian, the asker's saved language
    assert f"/ru/discussions/topics/{question.pk}/" in message.body


def test_a_reply_notifies_the_others_who_wrote(topic, listener, second_listener, lecturer):
    services.post_reply(topic=topic, body="Келісемін.", by=listener)
    services.post_reply(topic=topic, body="Жақсы сұрақ.", by=lecturer)
    kinds = set(Notification.objects.values_list("recipient", "kind"))
    assert (second_listener.pk, "discussion_reply") in kinds
    assert (listener.pk, "discussion_reply") in kinds
    assert not Notification.objects.filter(recipient=lecturer).exists()


def test_moderators_lock_and_hide_and_it_is_audited(
    topic, listener, second_listener, lecturer, methodologist
):
    reply = services.post_reply(topic=topic, body="Орынсыз сөз", by=listener)
    with pytest.raises(ValidationError) as error:
        services.post_set_hidden(post=reply, hidden=True, reason="x", by=second_listener)
    assert _codes(error.value) == {"permission"}
    with pytest.raises(ValidationError) as error:
        services.post_set_hidden(post=reply, hidden=True, by=lecturer)
    assert _codes(error.value) == {"reason"}
    services.post_set_hidden(post=reply, hidden=True, reason="Этикаға қайшы", by=lecturer)
    assert list(selectors.topic_posts(second_listener, topic)) == [topic.posts.first()]
    assert reply in selectors.topic_posts(lecturer, topic)
    services.topic_set_locked(topic=topic, locked=True, by=methodologist)
    with pytest.raises(ValidationError) as error:
        services.post_reply(topic=topic, body="Тағы", by=second_listener)
    assert _codes(error.value) == {"locked"}
    services.post_reply(topic=topic, body="Тақырып жабық.", by=lecturer)  # moderators still may
    services.topic_set_hidden(topic=topic, hidden=True, by=lecturer)
    assert not selectors.can_view_topic(second_listener, topic)
    events = set(
        LogEntry.objects.filter(additional_data__event__startswith="discussion_").values_list(
            "additional_data__event", flat=True
        )
    )
    assert events == {
        "discussion_post_hidden",
        "discussion_topic_locked",
        "discussion_topic_hidden",
    }


def test_a_module_forum_opens_when_the_module_is_released(course, lecturer, listener):
    from datetime import timedelta

    from django.utils import timezone

    later = add_module(
        course, lecturer, title="Кейін", release_on=timezone.localdate() + timedelta(days=5)
    )
    assert not selectors.can_view_module_forum(listener, later)
    with pytest.raises(ValidationError):
        services.topic_create(course=course, module=later, title="A", body="B", by=listener)
    assert selectors.can_view_module_forum(lecturer, later)


def test_the_lecturer_sees_waiting_questions_on_the_dashboard(client_as, question, lecturer):
    page = client_as(lecturer).get(reverse("core:dashboard")).content.decode()
    assert reverse("discussions:topic", args=[question.pk]) in page
    services.post_reply(topic=question, body="Он бес күн.", by=lecturer)
    page = client_as(lecturer).get(reverse("core:dashboard")).content.decode()
    assert reverse("discussions:topic", args=[question.pk]) not in page

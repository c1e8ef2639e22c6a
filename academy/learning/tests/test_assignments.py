"""Assignments (issue 14): instructions, due date, submission, resubmission until graded,
grading with feedback, late marking, notification; no listener sees another group's work."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from academy.core.workdays import add_working_days
from academy.learning import services
from academy.learning.models import Assignment, Submission


def _codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


@pytest.fixture
def assignment(course, lecturer):
    return services.assignment_create(
        course=course,
        title="Сот шешімін жазу",
        instructions="<p>Шешім жобасын жазыңыз.</p><script>alert(1)</script>",
        due_on=timezone.localdate() + timedelta(days=5),
        max_points=20,
        by=lecturer,
    )


@pytest.fixture
def other_assignment(other_group_listener, other_lecturer):
    from academy.learning.models import OnlineCourse

    group = other_group_listener.enrolments.get().group
    course = OnlineCourse.objects.filter(group=group).first() or services.online_course_create(
        group=group, title="Басқа курс", by=other_lecturer
    )
    return services.assignment_create(
        course=course,
        title="Басқа тапсырма",
        instructions="Жазыңыз.",
        due_on=timezone.localdate() + timedelta(days=5),
        by=other_lecturer,
    )


@pytest.mark.clause("IS-13")
def test_instructions_are_sanitised_and_only_authors_give_assignments(
    assignment, course, listener, other_lecturer
):
    assert "<script" not in assignment.instructions
    for user in (listener, other_lecturer):
        with pytest.raises(ValidationError) as error:
            services.assignment_create(
                course=course, title="X", instructions="x", due_on=assignment.due_on, by=user
            )
        assert _codes(error.value) == {"role"}


def test_the_due_date_may_be_counted_in_working_days(course, lecturer):
    assignment = services.assignment_create(
        course=course, title="X", instructions="x", working_days=3, by=lecturer
    )
    assert assignment.due_on == add_working_days(timezone.localdate(), 3)
    assert assignment.working_days == 3
    with pytest.raises(ValidationError) as error:
        services.assignment_create(course=course, title="Y", instructions="y", by=lecturer)
    assert _codes(error.value) == {"no_due"}


@pytest.mark.clause("IS-13")
def test_a_listener_resubmits_until_graded_then_cannot_change(assignment, listener, lecturer):
    first = services.submission_submit(assignment=assignment, text="Бірінші жауап", by=listener)
    again = services.submission_submit(
        assignment=assignment,
        file=SimpleUploadedFile("answer.pdf", b"%PDF-1.4 answer"),
        by=listener,
    )
    assert again.pk == first.pk and again.times == 2 and again.file and again.text == ""
    assert "answer" in again.file.name and again.file.name.count("/") >= 3  # random folder
    assert not again.late
    services.submission_grade(submission=again, points=18, feedback="Жақсы", by=lecturer)
    with pytest.raises(ValidationError) as error:
        services.submission_submit(assignment=assignment, text="Үшінші", by=listener)
    assert _codes(error.value) == {"graded"}
    again.refresh_from_db()
    assert (again.points, again.times) == (18, 2)


def test_an_empty_or_bad_submission_is_refused(assignment, listener):
    with pytest.raises(ValidationError) as error:
        services.submission_submit(assignment=assignment, text="  ", by=listener)
    assert _codes(error.value) == {"empty"}
    with pytest.raises(ValidationError) as error:
        services.submission_submit(
            assignment=assignment, file=SimpleUploadedFile("x.pdf", b"MZ not a pdf"), by=listener
        )
    assert "file" in error.value.message_dict
    assert not Submission.objects.exists()


def test_a_submission_after_the_due_date_is_marked_late(assignment, listener):
    Assignment.objects.filter(pk=assignment.pk).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    submission = services.submission_submit(assignment=assignment, text="Кеш", by=listener)
    assert submission.late


def test_grading_checks_points_and_author(assignment, listener, other_lecturer, lecturer):
    submission = services.submission_submit(assignment=assignment, text="Жауап", by=listener)
    with pytest.raises(ValidationError) as error:
        services.submission_grade(submission=submission, points=21, by=lecturer)
    assert _codes(error.value) == {"points"}
    with pytest.raises(ValidationError) as error:
        services.submission_grade(submission=submission, points=5, by=other_lecturer)
    assert _codes(error.value) == {"role"}
    submission.refresh_from_db()
    assert submission.points is None


def test_the_listener_is_notified_in_their_language(
    assignment, listener, lecturer, django_capture_on_commit_callbacks
):
    listener.preferred_language = "ru"
    listener.email = "listener@example.kz"
    listener.save(update_fields=["preferred_language", "email"])
    submission = services.submission_submit(assignment=assignment, text="Жауап", by=listener)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_grade(submission=submission, points=15, feedback="Хорошо", by=lecturer)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["listener@example.kz"]
    assert message.subject == "Задание оценено: Сот шешімін жазу"
    assert "15" in message.body and "Хорошо" in message.body


# ---- pages, tried as an attacker ----


@pytest.mark.clause("IS-13")
def test_a_listener_of_another_group_sees_nothing_of_this_groups_assignments(
    client_as, assignment, listener, other_group_listener
):
    submission = services.submission_submit(
        assignment=assignment,
        text="Құпия жауап",
        file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 a"),
        by=listener,
    )
    client = client_as(other_group_listener)
    course_page = client.get(reverse("learning:course_detail", args=[assignment.course_id]))
    assert course_page.status_code == 403
    for url in (
        reverse("learning:assignment_detail", args=[assignment.pk]),
        reverse("learning:submission_detail", args=[submission.pk]),
        reverse("learning:submission_file", args=[submission.pk]),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("learning:assignment_submit", args=[assignment.pk]), {"text": "Менің жауабым"}
    )
    assert response.status_code == 403
    assert list(Submission.objects.values_list("listener", flat=True)) == [listener.pk]


@pytest.mark.clause("IS-13")
def test_a_listener_never_sees_a_groupmates_submission(
    client_as, assignment, listener, second_listener
):
    submission = services.submission_submit(
        assignment=assignment,
        text="Құпия",
        file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
        by=listener,
    )
    client = client_as(second_listener)
    page = client.get(reverse("learning:assignment_detail", args=[assignment.pk]))
    assert page.status_code == 200
    assert "Құпия" not in page.content.decode()
    assert 'data-testid="submissions"' not in page.content.decode()
    assert (
        client.get(reverse("learning:submission_detail", args=[submission.pk])).status_code == 403
    )
    assert client.get(reverse("learning:submission_file", args=[submission.pk])).status_code == 403
    own = client_as(listener).get(reverse("learning:submission_file", args=[submission.pk]))
    assert own.status_code == 200


@pytest.mark.clause("IS-13")
def test_a_lecturer_of_another_group_can_neither_see_nor_grade(
    client_as, assignment, listener, other_lecturer
):
    submission = services.submission_submit(assignment=assignment, text="Жауап", by=listener)
    client = client_as(other_lecturer)
    assert (
        client.get(reverse("learning:assignment_add", args=[assignment.course_id])).status_code
        == 403
    )
    assert (
        client.get(reverse("learning:assignment_detail", args=[assignment.pk])).status_code == 403
    )
    url = reverse("learning:submission_detail", args=[submission.pk])
    assert client.post(url, {"points": 20}).status_code == 403
    submission.refresh_from_db()
    assert submission.points is None


@pytest.mark.clause("IS-13")
def test_the_workflow_through_the_pages(client_as, course, lecturer, listener):
    author = client_as(lecturer)
    response = author.post(
        reverse("learning:assignment_add", args=[course.pk]),
        {"title": "Эссе", "instructions": "Жазыңыз.", "working_days": 2, "max_points": 10},
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get(course=course)
    student = client_as(listener)
    response = student.post(
        reverse("learning:assignment_submit", args=[assignment.pk]), {"text": "Менің эссем"}
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    page = author.get(assignment.get_absolute_url()).content.decode()
    assert reverse("learning:submission_detail", args=[submission.pk]) in page
    response = author.post(
        reverse("learning:submission_detail", args=[submission.pk]),
        {"points": 11, "feedback": "x"},
    )
    assert response.status_code == 400  # over the maximum: refused, nothing saved
    response = author.post(
        reverse("learning:submission_detail", args=[submission.pk]),
        {"points": 9, "feedback": "Жақсы жұмыс"},
    )
    assert response.status_code == 302
    page = student.get(assignment.get_absolute_url()).content.decode()
    assert "Жақсы жұмыс" in page and 'data-testid="submission-form"' not in page

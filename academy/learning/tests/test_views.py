"""Pages (IS-13): only authorised, verified users, and only their own groups' objects."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from openpyxl import load_workbook

from academy.accounts.roles import Role
from academy.core.testing import sample_upload
from academy.learning import services
from academy.learning.models import Document, Module, OnlineCourse, Progress, Question
from academy.learning.testing import add_module, answers


@pytest.fixture
def module(course, lecturer):
    return add_module(
        course,
        lecturer,
        title="Сот әдебі",
        text="<script>alert(1)</script> Бірінші абзац.\n\nЕкінші абзац.",
        file=SimpleUploadedFile("lecture.pdf", b"%PDF-1.4 demo"),
        questions=2,
    )


@pytest.fixture
def document(methodologist):
    return services.document_upload(
        kind=Document.Kind.PROGRAMME,
        title_kk="Білім беру бағдарламасы",
        file=SimpleUploadedFile("programme.pdf", b"%PDF-1.4"),
        by=methodologist,
    )


def _object_urls(course, module, document):
    return [
        reverse("learning:my_courses"),
        reverse("learning:course_list"),
        reverse("learning:course_detail", args=[course.pk]),
        reverse("learning:module_detail", args=[module.pk]),
        reverse("learning:module_file", args=[module.pk]),
        reverse("learning:monitoring", args=[course.pk]),
        reverse("learning:monitoring_xlsx", args=[course.pk]),
        reverse("learning:document_list"),
        reverse("learning:document_file", args=[document.pk]),
    ]


@pytest.mark.clause("IS-13")
def test_anonymous_visitors_are_sent_to_log_in(client, course, module, document):
    for url in _object_urls(course, module, document):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]


@pytest.mark.clause("IS-13")
@pytest.mark.parametrize("role", [Role.READER, Role.CANDIDATE, Role.LIBRARIAN])
def test_users_outside_distance_learning_are_refused(
    client_as, make_persona, role, course, module, document
):
    client = client_as(make_persona(role))
    for url in _object_urls(course, module, document):
        assert client.get(url).status_code == 403, url


@pytest.mark.clause("IS-13")
def test_an_unverified_listener_is_refused(client_as, make_persona, group, course, module):
    from academy.training.models import Enrolment
    from academy.training.testing import EnrolmentFactory

    user = make_persona(Role.LISTENER)
    user.account_verified = False
    user.save(update_fields=["account_verified"])
    EnrolmentFactory(group=group, listener=user, status=Enrolment.Status.ADMITTED)
    client = client_as(user)
    for url in (
        reverse("learning:course_detail", args=[course.pk]),
        reverse("learning:module_detail", args=[module.pk]),
    ):
        response = client.get(url)  # sent to wait for verification, never shown the page
        assert response.status_code == 302
        assert "/accounts/pending/" in response["Location"]


@pytest.mark.clause("IS-13")
def test_a_listener_of_another_group_cannot_open_the_module_file_or_quiz(
    client_as, other_group_listener, course, module
):
    client = client_as(other_group_listener)
    assert client.get(reverse("learning:course_detail", args=[course.pk])).status_code == 403
    assert client.get(reverse("learning:module_detail", args=[module.pk])).status_code == 403
    assert client.get(reverse("learning:module_file", args=[module.pk])).status_code == 403
    response = client.post(reverse("learning:self_check", args=[module.pk]), answers_post(module))
    assert response.status_code == 403
    assert client.post(reverse("learning:module_studied", args=[module.pk])).status_code == 403
    assert not Progress.objects.exists()


@pytest.mark.clause("IS-13")
def test_a_lecturer_of_another_group_cannot_author_or_monitor(
    client_as, other_lecturer, course, module
):
    client = client_as(other_lecturer)
    assert client.get(reverse("learning:module_add", args=[course.pk])).status_code == 403
    assert client.get(reverse("learning:monitoring", args=[course.pk])).status_code == 403
    assert client.get(reverse("learning:monitoring_xlsx", args=[course.pk])).status_code == 403
    response = client.post(
        reverse("learning:question_add", args=[module.pk]),
        {"text": "?", "option_1": "A", "option_2": "B", "correct": 1},
    )
    assert response.status_code == 403
    assert Question.objects.filter(module=module).count() == 2


@pytest.mark.clause("IS-13")
def test_a_listener_never_sees_the_monitoring(client_as, listener, course):
    client = client_as(listener)
    assert client.get(reverse("learning:monitoring", args=[course.pk])).status_code == 403
    assert client.get(reverse("learning:monitoring_xlsx", args=[course.pk])).status_code == 403


@pytest.mark.clause("IS-13")
def test_a_listener_cannot_open_a_module_before_its_release(client_as, listener, course, lecturer):
    later = add_module(course, lecturer, release_on=timezone.localdate() + timedelta(days=3))
    response = client_as(listener).get(reverse("learning:module_detail", args=[later.pk]))
    assert response.status_code == 403


def answers_post(module, right=2):
    return {f"q{pk}": choice for pk, choice in answers(module, right).items()}


@pytest.mark.clause("IS-13")
def test_a_listener_studies_and_takes_the_self_check(client_as, listener, module):
    client = client_as(listener)
    page = client.get(reverse("learning:module_detail", args=[module.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "<script>alert(1)" not in body  # the script tag is removed on saving
    assert "<p>Екінші абзац.</p>" in body  # plain text still becomes paragraphs
    assert body.count("абзац.</p>") == 2  # paragraphs
    assert "Yes" in body and 'badge text-bg-success">correct' not in body  # answers hidden
    client.post(reverse("learning:module_studied", args=[module.pk]))
    response = client.post(
        reverse("learning:self_check", args=[module.pk]), answers_post(module, 1)
    )
    assert response.status_code == 302
    client.post(reverse("learning:self_check", args=[module.pk]), answers_post(module, 2))
    progress = Progress.objects.get(listener=listener, module=module)
    assert (progress.attempts, progress.best_percent) == (2, 100)
    assert progress.studied_at is not None
    file = client.get(reverse("learning:module_file", args=[module.pk]))
    assert file.status_code == 200
    assert b"".join(file.streaming_content) == b"%PDF-1.4 demo"


def test_an_unanswered_self_check_shows_the_form_again(client_as, listener, module):
    response = client_as(listener).post(reverse("learning:self_check", args=[module.pk]), {})
    assert response.status_code == 400
    assert not Progress.objects.exists()


@pytest.mark.clause("IS-13")
def test_a_listener_sees_only_their_own_progress(
    client_as, listener, second_listener, course, module
):
    services.module_mark_studied(module=module, by=second_listener)
    client = client_as(listener)
    for url in (
        reverse("learning:my_courses"),
        reverse("learning:course_detail", args=[course.pk]),
    ):
        body = client.get(url).content.decode()
        assert 'aria-valuenow="0.0"' in body
        assert second_listener.surname not in body


@pytest.mark.clause("IS-13")
def test_a_lecturer_adds_a_module_and_a_question(client_as, lecturer, course):
    client = client_as(lecturer)
    response = client.post(
        reverse("learning:module_add", args=[course.pk]),
        {"title": "Жаңа модуль", "text": "Мәтін", "url": "https://adilet.zan.kz/"},
    )
    module = Module.objects.get(title="Жаңа модуль")
    assert response.status_code == 302
    response = client.post(
        reverse("learning:question_add", args=[module.pk]),
        {"text": "Сұрақ?", "option_1": "Иә", "option_2": "Жоқ", "option_3": "", "correct": 2},
    )
    assert response.status_code == 302
    assert module.questions.get().correct == 2


def test_a_module_without_material_shows_the_error(client_as, lecturer, course):
    with override("en"):
        url = reverse("learning:module_add", args=[course.pk])
    response = client_as(lecturer).post(url, {"title": "Бос"})
    assert response.status_code == 200
    assert "Give the module a text, a file or a link." in response.content.decode()


@pytest.mark.clause("IS-13")
def test_the_methodologist_opens_a_course_for_a_group(client_as, methodologist, group):
    client = client_as(methodologist)
    assert client.get(reverse("learning:course_list")).status_code == 200
    response = client.post(reverse("learning:course_create", args=[group.pk]), {"title": "Онлайн"})
    course = OnlineCourse.objects.get(group=group)
    assert response["Location"] == course.get_absolute_url()


@pytest.mark.clause("IS-13")
def test_monitoring_page_and_xlsx_show_the_listeners_progress(
    client_as, methodologist, listener, second_listener, course, module
):
    services.module_mark_studied(module=module, by=listener)
    services.self_check_submit(module=module, answers=answers(module, 2), by=listener)
    client = client_as(methodologist)
    page = client.get(reverse("learning:monitoring", args=[course.pk])).content.decode()
    assert listener.full_name in page and second_listener.full_name in page
    assert "1/1 (100" in page
    assert 'class="chart' in page

    response = client.get(reverse("learning:monitoring_xlsx", args=[course.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert rows[listener.full_name][1:4] == (1, 100.0, 100)
    assert rows[second_listener.full_name][1:4] == (0, 0.0, None)


@pytest.mark.clause("IS-13")
def test_the_group_lecturer_sees_the_monitoring(client_as, lecturer, course):
    assert (
        client_as(lecturer).get(reverse("learning:monitoring", args=[course.pk])).status_code == 200
    )


@pytest.mark.clause("IS-13")
def test_documents_are_listed_to_listeners_and_uploaded_by_methodologists(
    client_as, listener, lecturer, methodologist, document
):
    listing = client_as(listener).get(reverse("learning:document_list"))
    assert "Білім беру бағдарламасы" in listing.content.decode()
    assert (
        client_as(listener).get(reverse("learning:document_file", args=[document.pk])).status_code
        == 200
    )
    assert client_as(lecturer).get(reverse("learning:document_upload")).status_code == 403
    response = client_as(methodologist).post(
        reverse("learning:document_upload"),
        {
            "kind": Document.Kind.CURRICULUM,
            "title_kk": "Жұмыс оқу жоспары",
            "file": sample_upload("plan.xlsx"),
        },
    )
    assert response.status_code == 302
    assert Document.objects.filter(kind=Document.Kind.CURRICULUM).count() == 1


@pytest.mark.clause("IS-13")
def test_the_group_page_links_to_its_online_course(client_as, methodologist, group, lecturer):
    page_url = reverse("training:group_detail", args=[group.pk])
    page = client_as(methodologist).get(page_url).content.decode()
    assert reverse("learning:course_create", args=[group.pk]) in page
    course = services.online_course_create(group=group, title="Онлайн", by=lecturer)
    page = client_as(methodologist).get(page_url).content.decode()
    assert reverse("learning:course_detail", args=[course.pk]) in page
    assert reverse("learning:course_create", args=[group.pk]) not in page

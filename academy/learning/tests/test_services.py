"""Writes of the distance learning system (IS-13): who may do what, and what is recorded."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from academy.core.testing import sample_upload
from academy.learning import services
from academy.learning.models import Attempt, Document, Progress
from academy.learning.testing import add_module, answers
from academy.training.models import Enrolment


def _codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


@pytest.mark.clause("IS-13")
@pytest.mark.clause("TR-5")
def test_a_lecturer_of_the_group_opens_its_online_course(group, lecturer):
    course = services.online_course_create(group=group, title="Онлайн", by=lecturer)
    assert course.group == group


@pytest.mark.clause("IS-13")
def test_it_refuses_a_lecturer_who_does_not_teach_the_group(group, other_lecturer):
    with pytest.raises(ValidationError) as error:
        services.online_course_create(group=group, title="Онлайн", by=other_lecturer)
    assert _codes(error.value) == {"role"}


@pytest.mark.clause("IS-13")
def test_it_refuses_a_listener_as_author(course, listener):
    with pytest.raises(ValidationError) as error:
        services.module_add(course=course, title="M", text="x", by=listener)
    assert _codes(error.value) == {"role"}


def test_it_refuses_a_second_course_for_the_group(course, group, methodologist):
    with pytest.raises(ValidationError) as error:
        services.online_course_create(group=group, title="Екінші", by=methodologist)
    assert _codes(error.value) == {"exists"}


@pytest.mark.clause("IS-13")
def test_modules_are_numbered_in_order_and_the_methodologist_may_add(
    course, lecturer, methodologist
):
    first = add_module(course, lecturer, title="Бірінші")
    second = add_module(course, methodologist, title="Екінші")
    assert (first.number, second.number) == (1, 2)


def test_it_refuses_a_module_without_material(course, lecturer):
    with pytest.raises(ValidationError) as error:
        services.module_add(course=course, title="Бос", by=lecturer)
    assert _codes(error.value) == {"empty"}


def test_it_refuses_a_file_of_a_forbidden_type(course, lecturer):
    file = SimpleUploadedFile("virus.exe", b"MZ")
    with pytest.raises(ValidationError) as error:
        services.module_add(course=course, title="Файл", file=file, by=lecturer)
    assert _codes(error.value) == {"file_type"}


def test_it_refuses_a_file_over_the_size_limit(course, lecturer, settings):
    settings.LEARNING_UPLOAD_MAX_SIZE = 1024 * 1024
    file = SimpleUploadedFile("big.pdf", b"x" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError) as error:
        services.module_add(course=course, title="Файл", file=file, by=lecturer)
    assert _codes(error.value) == {"file_size"}


def test_a_module_accepts_an_allowed_file(course, lecturer):
    file = SimpleUploadedFile("lecture.pdf", b"%PDF-1.4")
    module = services.module_add(course=course, title="Файл", file=file, by=lecturer)
    assert module.file_name == "lecture.pdf"


def test_a_question_needs_two_to_four_options_and_a_valid_answer(course, lecturer):
    module = add_module(course, lecturer)
    with pytest.raises(ValidationError) as error:
        services.question_add(module=module, text="?", options=["Yes", ""], correct=1, by=lecturer)
    assert _codes(error.value) == {"options"}
    with pytest.raises(ValidationError) as error:
        services.question_add(module=module, text="?", options=["A", "B"], correct=3, by=lecturer)
    assert _codes(error.value) == {"correct"}


@pytest.mark.clause("IS-13")
def test_a_listener_marks_a_module_studied_once(course, lecturer, listener):
    module = add_module(course, lecturer)
    first = services.module_mark_studied(module=module, by=listener)
    again = services.module_mark_studied(module=module, by=listener)
    assert again.studied_at == first.studied_at
    assert Progress.objects.count() == 1


@pytest.mark.clause("IS-13")
def test_it_refuses_a_listener_of_another_group(course, lecturer, other_group_listener):
    module = add_module(course, lecturer, questions=1)
    with pytest.raises(ValidationError) as error:
        services.module_mark_studied(module=module, by=other_group_listener)
    assert _codes(error.value) == {"not_listener"}
    with pytest.raises(ValidationError) as error:
        services.self_check_submit(
            module=module, answers=answers(module, 1), by=other_group_listener
        )
    assert _codes(error.value) == {"not_listener"}


@pytest.mark.clause("IS-13")
@pytest.mark.clause("TR-15")
def test_it_refuses_a_withdrawn_listener(course, group, lecturer, listener):
    module = add_module(course, lecturer)
    Enrolment.objects.filter(group=group, listener=listener).update(
        status=Enrolment.Status.WITHDRAWN
    )
    with pytest.raises(ValidationError) as error:
        services.module_mark_studied(module=module, by=listener)
    assert _codes(error.value) == {"not_listener"}


@pytest.mark.clause("IS-13")
def test_it_refuses_a_module_before_its_release_date(course, lecturer, listener):
    module = add_module(course, lecturer, release_on=timezone.localdate() + timedelta(days=2))
    with pytest.raises(ValidationError) as error:
        services.module_mark_studied(module=module, by=listener)
    assert _codes(error.value) == {"not_released"}


@pytest.mark.clause("IS-13")
def test_self_check_keeps_every_attempt_and_the_best_score(course, lecturer, listener):
    module = add_module(course, lecturer, questions=4)
    services.self_check_submit(module=module, answers=answers(module, 3), by=listener)
    services.self_check_submit(module=module, answers=answers(module, 1), by=listener)
    progress = Progress.objects.get(module=module, listener=listener)
    assert progress.attempts == 2
    assert progress.best_percent == 75
    assert list(Attempt.objects.order_by("pk").values_list("percent", flat=True)) == [75, 25]


def test_self_check_needs_every_question_answered(course, lecturer, listener):
    module = add_module(course, lecturer, questions=2)
    partial = dict(list(answers(module, 2).items())[:1])
    with pytest.raises(ValidationError) as error:
        services.self_check_submit(module=module, answers=partial, by=listener)
    assert _codes(error.value) == {"unanswered"}


def test_self_check_of_a_module_without_questions_is_refused(course, lecturer, listener):
    module = add_module(course, lecturer)
    with pytest.raises(ValidationError) as error:
        services.self_check_submit(module=module, answers={}, by=listener)
    assert _codes(error.value) == {"no_quiz"}


@pytest.mark.clause("IS-13")
def test_a_methodologist_uploads_a_document_with_titles_in_three_languages(methodologist):
    document = services.document_upload(
        kind=Document.Kind.TMC,
        title_kk="Оқу-әдістемелік кешен",
        title_ru="Учебно-методический комплекс",
        file=sample_upload("tmc.docx"),
        by=methodologist,
    )
    assert document.title_en == "Учебно-методический комплекс"  # falls back to Russian
    assert document.title_kk == "Оқу-әдістемелік кешен"


@pytest.mark.clause("IS-13")
def test_it_refuses_a_document_from_a_lecturer(lecturer):
    with pytest.raises(ValidationError) as error:
        services.document_upload(
            kind=Document.Kind.PROGRAMME,
            title_kk="Бағдарлама",
            file=SimpleUploadedFile("p.pdf", b"%PDF"),
            by=lecturer,
        )
    assert _codes(error.value) == {"role"}


def test_it_refuses_a_document_of_a_forbidden_type(methodologist):
    with pytest.raises(ValidationError) as error:
        services.document_upload(
            kind=Document.Kind.PROGRAMME,
            title_kk="Бағдарлама",
            file=SimpleUploadedFile("p.html", b"<script>"),
            by=methodologist,
        )
    assert _codes(error.value) == {"file_type"}

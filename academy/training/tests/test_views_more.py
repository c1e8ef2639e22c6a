"""Deadline warnings, role checks on writes, and the listener's view of materials."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from academy.accounts.roles import Role
from academy.core.audit import audit_event  # noqa: F401
from academy.training import services
from academy.training.models import Group, Material, Order, SchedulePlan
from academy.training.testing import (
    CourseFactory,
    EnrolmentFactory,
    GroupFactory,
    LessonFactory,
    ProgrammeFactory,
    listener_factory,
)

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(timezone.datetime(2026, 3, 2, 10, 0))
TODAY = date(2026, 3, 2)


def url(name, *args, lang="en"):
    return f"/{lang}" + reverse(name, args=args)[3:]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.clause("TR-13")
@pytest.mark.parametrize(("days_to_start", "warned"), [(6, False), (5, True), (4, True)])
def test_programme_page_warns_from_five_days_before_start(
    client_as, methodologist, frozen, days_to_start, warned
):
    course = CourseFactory(start_date=TODAY + timedelta(days=days_to_start))
    programme = ProgrammeFactory(group=GroupFactory(course=course), exam_date=course.end_date)
    page = (
        client_as(methodologist).get(url("training:programme", programme.group_id)).content.decode()
    )
    assert ("after that the course cannot start" in page) is warned


@pytest.mark.clause("TR-13")
@pytest.mark.parametrize(("days_to_start", "warned"), [(30, False), (5, True)])
def test_group_without_programme_is_warned_only_near_the_start(
    client_as, methodologist, frozen, days_to_start, warned
):
    group = GroupFactory(course=CourseFactory(start_date=TODAY + timedelta(days=days_to_start)))
    page = client_as(methodologist).get(url("training:programme", group.pk)).content.decode()
    assert ("after that the course cannot start" in page) is warned


@pytest.mark.clause("TR-13")
def test_sending_after_the_deadline_is_refused_on_the_page(
    client_as, methodologist, make_persona, frozen
):
    rector = make_persona(Role.RECTOR)
    course = CourseFactory(start_date=TODAY + timedelta(days=4))
    programme = ProgrammeFactory(group=GroupFactory(course=course), exam_date=course.end_date)
    for _ in range(5):
        LessonFactory(programme=programme)
    services.programme_approve(programme=programme, by=rector)
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        page = client_as(rector).post(url("training:programme_send", programme.pk), follow=True)
    assert "Move the course start" in page.content.decode()
    programme.refresh_from_db()
    assert programme.sent_at is None


@pytest.mark.clause("TR-14")
@pytest.mark.parametrize(
    ("days_to_start", "text"),
    [(9, None), (5, "list is due by"), (2, "was due by")],
)
def test_group_page_warns_then_flags_a_missing_list(
    client_as, methodologist, frozen, days_to_start, text
):
    group = GroupFactory(course=CourseFactory(start_date=TODAY + timedelta(days=days_to_start)))
    page = client_as(methodologist).get(url("training:group_detail", group.pk)).content.decode()
    if text is None:
        assert "due by" not in page
    else:
        assert text in page


@pytest.mark.clause("TR-14")
def test_confirmed_group_takes_no_more_list_rows(client_as, liaison):
    group = GroupFactory(status=Group.Status.CONFIRMED)
    response = client_as(liaison).post(
        url("training:group_list_add", group.pk), {"iin": listener_factory().iin}, follow=True
    )
    assert "replaced or withdrawn by rector" in response.content.decode()
    assert group.enrolments.count() == 0


@pytest.mark.clause("TR-14")
def test_unreadable_xlsx_is_reported(client_as, liaison):
    from django.core.files.uploadedfile import SimpleUploadedFile

    group = GroupFactory()
    response = client_as(liaison).post(
        url("training:group_list_upload", group.pk),
        {"file": SimpleUploadedFile("list.xlsx", b"not a workbook")},
    )
    assert "not a readable XLSX workbook" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("training:group_confirm", Role.LISTENER),
        ("training:group_confirm", Role.LECTURER),
        ("training:order_admission", Role.COURT_ADMINISTRATION),
        ("training:group_list_add", Role.LECTURER),
    ],
)
def test_writes_refuse_wrong_roles_with_403(client_as, make_persona, name, role):
    group = GroupFactory()
    response = client_as(make_persona(role)).post(url(name, group.pk), {"iin": "1"})
    assert response.status_code == 403


def test_programme_approval_is_for_the_rector_only(client_as, methodologist):
    programme = ProgrammeFactory()
    assert (
        client_as(methodologist).post(url("training:programme_approve", programme.pk)).status_code
        == 403
    )


def test_plan_step_with_unknown_kind_is_404(client_as, methodologist):
    plan = SchedulePlan.objects.create(year=2026)
    assert (
        client_as(methodologist)
        .post(url("training:plan_step", "other", plan.pk, "council"))
        .status_code
        == 404
    )
    assert (
        client_as(methodologist)
        .post(url("training:plan_step", "schedule", plan.pk, "jump"))
        .status_code
        == 404
    )


@pytest.mark.clause("TR-15")
def test_replacement_is_drafted_from_the_page(client_as, methodologist):
    enrolment = EnrolmentFactory()
    newcomer = listener_factory()
    response = client_as(methodologist).post(
        url("training:enrolment_change", enrolment.pk),
        {
            "reason": "Іссапарға жіберілді",
            "proposer": "regional_chair",
            "proposer_name": "Облыстық сот төрағасы",
            "court_administration_consent": "on",
            "replacement_iin": newcomer.iin,
        },
    )
    order = Order.objects.get()
    assert response["Location"].endswith(f"/orders/{order.pk}/")
    assert (order.kind, order.items.get().replacement) == ("replacement", newcomer)


@pytest.mark.clause("TR-15")
def test_withdrawal_without_consent_is_refused_on_the_page(client_as, methodologist):
    enrolment = EnrolmentFactory()
    response = client_as(methodologist).post(
        url("training:enrolment_change", enrolment.pk),
        {"reason": "Ауырып қалды", "proposer": "regional_chair", "proposer_name": "Төраға"},
    )
    assert response.status_code == 200
    assert "consent is required" in response.content.decode()
    assert not Order.objects.exists()


@pytest.mark.clause("TR-13")
def test_lecturer_change_from_the_page_is_recorded(client_as, methodologist, make_persona):
    from auditlog.models import LogEntry

    lesson = LessonFactory()
    other = make_persona(Role.LECTURER)
    response = client_as(methodologist).post(
        url("training:lesson_change", lesson.pk),
        {"topic": lesson.topic, "lecturer": other.pk, "reason": "Іссапар"},
    )
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.lecturer == other
    assert LogEntry.objects.filter(additional_data__event="lesson_changed").count() == 1


@pytest.mark.clause("TR-8")
def test_listener_sees_materials_of_own_group_only(client_as, listener, methodologist):
    own = EnrolmentFactory(listener=listener)
    Material.objects.create(
        group=own.group,
        title="Сот әдебі кодексі",
        url="https://example.kz/a",
        added_by=methodologist,
    )
    Material.objects.create(
        group=GroupFactory(),
        title="Басқа топтың материалы",
        url="https://example.kz/b",
        added_by=methodologist,
    )
    page = client_as(listener).get(url("training:my_courses")).content.decode()
    assert "Сот әдебі кодексі" in page and "Басқа топтың материалы" not in page


@pytest.mark.clause("TR-20")
def test_listener_sees_published_sample_questions(client_as, listener, methodologist, frozen):
    course = CourseFactory(start_date=TODAY, end_date=TODAY + timedelta(days=9))
    enrolment = EnrolmentFactory(listener=listener, group=GroupFactory(course=course))
    programme = ProgrammeFactory(group=enrolment.group, exam_date=TODAY + timedelta(days=9))
    page = client_as(listener).get(url("training:my_courses")).content.decode()
    assert "Сот актісінің құрылымы" not in page
    services.programme_publish_questions(
        programme=programme, questions="1. Сот актісінің құрылымы", by=methodologist
    )
    page = client_as(listener).get(url("training:my_courses")).content.decode()
    assert "Сот актісінің құрылымы" in page


def test_dashboard_shows_training_tiles_by_role(client_as, listener, lecturer, methodologist):
    assert "/training/my/" in client_as(listener).get("/en/dashboard/").content.decode()
    assert "/training/teaching/" in client_as(lecturer).get("/en/dashboard/").content.decode()
    page = client_as(methodologist).get("/en/dashboard/").content.decode()
    assert "/training/plans/schedule/" in page and "/training/my/" not in page


@pytest.mark.clause("TR-5")
def test_course_approval_error_says_why_in_russian(client_as, make_persona):
    rector = make_persona(Role.RECTOR)
    programme = ProgrammeFactory()
    LessonFactory(programme=programme, hours=8)
    page = (
        client_as(rector)
        .post(url("training:course_approve", programme.group.course_id, lang="ru"), follow=True)
        .content.decode()
    )
    assert "академических часов; в программе 8" in page


@pytest.mark.clause("TR-10")
def test_admin_locks_rows_of_an_agreed_plan(client_as, administrator):
    from django.contrib.auth.models import Permission

    from academy.training.models import SchedulePlanRow

    # accounts.roles.ROLE_PERMISSIONS gives administrators no training permissions yet.
    administrator.user_permissions.set(
        Permission.objects.filter(content_type__app_label="training")
    )
    client = client_as(administrator)
    for year, status, editable in ((2026, "approved", False), (2027, "draft", True)):
        plan = SchedulePlan.objects.create(year=year, status=status)
        SchedulePlanRow.objects.create(
            plan=plan,
            title="Курс",
            kind="judges_qualification",
            audience="judges",
            start_date=date(year, 3, 2),
            end_date=date(year, 3, 11),
            planned_listeners=25,
        )
        page = client.get(f"/en/admin/training/scheduleplan/{plan.pk}/change/").content.decode()
        assert ('name="rows-0-title"' in page) is editable


@pytest.mark.clause("TR-28")
def test_certificate_order_is_drafted_for_the_chosen_listeners(client_as, methodologist):
    passed = EnrolmentFactory()
    failed = EnrolmentFactory(group=passed.group)
    client = client_as(methodologist)
    page = client.get(url("training:order_certificate", passed.group_id)).content.decode()
    assert passed.listener.full_name in page and failed.listener.full_name in page
    response = client.post(
        url("training:order_certificate", passed.group_id), {"enrolments": [passed.pk]}
    )
    order = Order.objects.get(kind="certificate")
    assert response["Location"].endswith(f"/orders/{order.pk}/")
    assert [item.enrolment for item in order.items.all()] == [passed]


def test_buttons_are_shown_only_to_who_may_press_them(client_as, methodologist, make_persona):
    rector = make_persona(Role.RECTOR)
    plan = SchedulePlan.objects.create(year=2026)
    course = CourseFactory()
    plan_page = url("training:schedule_plan_detail", plan.pk)
    assert "Record the Council" in client_as(methodologist).get(plan_page).content.decode()
    assert "Record the Council" not in client_as(rector).get(plan_page).content.decode()
    course_page = url("training:course_detail", course.pk)
    assert "Approve the course" in client_as(rector).get(course_page).content.decode()
    assert "Approve the course" not in client_as(methodologist).get(course_page).content.decode()


def test_course_title_follows_the_interface_language(client_as, methodologist):
    CourseFactory(
        title_kk="Азаматтық іс жүргізу", title_ru="Гражданский процесс", title_en="Civil procedure"
    )
    assert (
        "Гражданский процесс"
        in client_as(methodologist).get(url("training:course_list", lang="ru")).content.decode()
    )
    assert (
        "Азаматтық іс жүргізу"
        in client_as(methodologist).get(url("training:course_list", lang="kk")).content.decode()
    )


@pytest.mark.clause("TR-8")
def test_lecturer_shares_material_with_own_group_only(client_as, lecturer, liaison):
    own = LessonFactory(lecturer=lecturer).programme.group
    other = GroupFactory()
    data = {"title": "Сот әдебі", "url": "https://example.kz/ethics"}
    assert client_as(lecturer).post(url("training:material_add", own.pk), data).status_code == 302
    assert client_as(lecturer).post(url("training:material_add", other.pk), data).status_code == 403
    assert client_as(liaison).post(url("training:material_add", own.pk), data).status_code == 403
    assert list(Material.objects.values_list("group_id", flat=True)) == [own.pk]
    assert (
        f'action="/en/training/groups/{own.pk}/materials/"'
        not in client_as(liaison).get(url("training:group_detail", own.pk)).content.decode()
    )

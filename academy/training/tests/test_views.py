"""Pages: each checks the role and the object; errors from the services are shown."""

import io
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from academy.accounts.roles import Role
from academy.core.iin import make_iin
from academy.training import services
from academy.training.models import Attendance, Enrolment, ExpulsionProposal, Lesson, Order
from academy.training.testing import (
    CourseFactory,
    EnrolmentFactory,
    GroupFactory,
    LessonFactory,
    ProgrammeFactory,
    at,
    fill_group,
    listener_factory,
)

pytestmark = pytest.mark.django_db


def url(name, *args, lang="en"):
    return f"/{lang}" + reverse(name, args=args)[3:]


@pytest.fixture
def lesson_today(lecturer):
    today = timezone.localdate()
    course = CourseFactory(start_date=today - timedelta(days=2), end_date=today + timedelta(days=7))
    programme = ProgrammeFactory(group=GroupFactory(course=course), exam_date=course.end_date)
    lesson = LessonFactory(programme=programme, lecturer=lecturer, starts_at=at(today, 9))
    return lesson


@pytest.mark.parametrize(
    "name",
    [
        "training:schedule_plan_list",
        "training:study_plan_list",
        "training:course_list",
        "training:order_list",
        "training:training_due",
        "training:proposal_list",
    ],
)
def test_manager_pages_render_for_methodologist_and_refuse_listener(
    client_as, methodologist, listener, name
):
    assert client_as(methodologist).get(url(name)).status_code == 200
    assert client_as(listener).get(url(name)).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(url("training:course_list"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.clause("TR-10")
def test_schedule_plan_walkthrough_pages(client_as, methodologist, make_persona):
    rector = make_persona(Role.RECTOR)
    client = client_as(methodologist)
    response = client.post(url("training:schedule_plan_list"), {"year": 2027, "period": "year"})
    assert response.status_code == 302
    plan_url = response["Location"]
    response = client.post(
        plan_url,
        {
            "title": "Әкімшілік сот ісін жүргізу",
            "kind": "judges_qualification",
            "audience": "court_staff",
            "start_date": "2027-03-01",
            "end_date": "2027-03-10",
            "planned_listeners": 25,
            "language": "kk",
        },
    )
    assert response.status_code == 200
    assert "is for the audience" in response.content.decode()
    pk = int(plan_url.rstrip("/").rsplit("/", 1)[1])
    client.post(
        plan_url,
        {
            "title": "Әкімшілік сот ісін жүргізу",
            "kind": "judges_qualification",
            "audience": "judges",
            "start_date": "2027-03-01",
            "end_date": "2027-03-10",
            "planned_listeners": 25,
            "language": "kk",
        },
    )
    client.post(url("training:plan_step", "schedule", pk, "council"))
    client.post(url("training:plan_step", "schedule", pk, "supreme_court"))
    response = client.post(url("training:plan_step", "schedule", pk, "approve"), follow=True)
    assert "Only these roles may do this" in response.content.decode()
    client_as(rector).post(url("training:plan_step", "schedule", pk, "approve"))
    page = client.get(plan_url).content.decode()
    assert "Open the course" in page


def test_listener_sees_only_own_attendance(client_as, listener):
    own = EnrolmentFactory(listener=listener)
    other = EnrolmentFactory()
    client = client_as(listener)
    assert client.get(url("training:my_attendance", own.pk)).status_code == 200
    assert client.get(url("training:my_attendance", other.pk)).status_code == 404
    assert client.get(url("training:group_detail", own.group_id)).status_code == 403


@pytest.mark.clause("TR-18")
def test_lecturer_opens_only_own_class_register(client_as, lecturer, make_persona, lesson_today):
    assert client_as(lecturer).get(url("training:attendance", lesson_today.pk)).status_code == 200
    other = make_persona(Role.LECTURER)
    assert client_as(other).get(url("training:attendance", lesson_today.pk)).status_code == 403
    assert (
        client_as(other)
        .get(url("training:group_detail", lesson_today.programme.group_id))
        .status_code
        == 403
    )
    assert (
        client_as(lecturer)
        .get(url("training:group_detail", lesson_today.programme.group_id))
        .status_code
        == 200
    )


@pytest.mark.clause("TR-18")
def test_htmx_mark_returns_the_row(client_as, lecturer, lesson_today):
    enrolment = EnrolmentFactory(group=lesson_today.programme.group)
    response = client_as(lecturer).post(
        url("training:attendance_mark", lesson_today.pk, enrolment.pk),
        {"mark": "excused"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith("<tr") and 'aria-pressed="true"' in body
    assert Attendance.objects.get().mark == "excused"


@pytest.mark.clause("TR-18")
def test_listener_cannot_mark_attendance(client_as, listener, lesson_today):
    enrolment = EnrolmentFactory(group=lesson_today.programme.group)
    response = client_as(listener).post(
        url("training:attendance_mark", lesson_today.pk, enrolment.pk), {"mark": "present"}
    )
    assert response.status_code == 403
    assert not Attendance.objects.exists()


@pytest.mark.clause("TR-14")
def test_upload_shows_line_numbered_errors(client_as, make_persona):
    liaison = make_persona(Role.COURT_ADMINISTRATION)
    group = GroupFactory(course=CourseFactory(start_date=timezone.localdate() + timedelta(days=30)))
    good = make_iin(date(1979, 4, 4), "M", 1)
    content = f"IIN;Surname;Name;Patronymic;Category\n{good};Әлиев;Марат;;judge\n111;Жоқ;Жоқ;;judge\n".encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_as(liaison).post(
        url("training:group_list_upload", group.pk),
        {"file": SimpleUploadedFile("list.csv", content, content_type="text/csv")},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "1 listener added" in body
    assert "<td>3</td>" in body and "12 digits" in body
    assert group.enrolments.count() == 1


@pytest.mark.clause("TR-16")
def test_confirm_page_shows_size_error(client_as, methodologist):
    group = GroupFactory()
    fill_group(group, 3)
    response = client_as(methodologist).post(url("training:group_confirm", group.pk), follow=True)
    assert "20 to 25 listeners; this group has 3" in response.content.decode()


@pytest.mark.clause("TR-16")
def test_size_error_is_translated_to_kazakh_and_russian(client_as, methodologist):
    group = GroupFactory()
    fill_group(group, 3)
    client = client_as(methodologist)
    kk = client.post(
        url("training:group_confirm", group.pk, lang="kk"), follow=True
    ).content.decode()
    ru = client.post(
        url("training:group_confirm", group.pk, lang="ru"), follow=True
    ).content.decode()
    assert "20 to 25" not in kk and "20" in kk and "25" in kk
    assert "слушател" in ru


@pytest.mark.clause("TR-8")
def test_listener_sees_courses_timetable_and_calendar_feed(client_as, listener):
    enrolment = EnrolmentFactory(listener=listener)
    LessonFactory(programme=ProgrammeFactory(group=enrolment.group), topic="Сот әдебі")
    client = client_as(listener)
    page = client.get(url("training:my_courses")).content.decode()
    assert str(enrolment.group.course) in page
    assert "Сот әдебі" in client.get(url("training:my_timetable")).content.decode()
    feed_url = page.split('href="http://testserver')[1].split('"')[0]
    feed = client.get(feed_url)
    assert feed["Content-Type"].startswith("text/calendar")
    text = feed.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and "SUMMARY:Сот әдебі" in text
    assert client.get(url("training:calendar_feed", "forged-token")).status_code == 404


def test_lecturer_sees_own_classes_only(client_as, lecturer, make_persona):
    LessonFactory(lecturer=lecturer, topic="Менің сабағым")
    LessonFactory(lecturer=make_persona(Role.LECTURER), topic="Басқа сабақ")
    page = client_as(lecturer).get(url("training:my_classes")).content.decode()
    assert "Менің сабағым" in page and "Басқа сабақ" not in page


@pytest.mark.clause("TR-4")
def test_training_due_page_has_the_chart_by_region(client_as, methodologist):
    person = listener_factory()
    page = client_as(methodologist).get(url("training:training_due")).content.decode()
    assert 'class="chart"' in page and str(person.court.region) in page


@pytest.mark.clause("TR-4")
def test_training_due_xlsx(client_as, methodologist):
    person = listener_factory()
    response = client_as(methodologist).get(url("training:training_due_xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    iins = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert person.iin in iins


@pytest.mark.clause("TR-15")
def test_only_rector_can_sign_on_the_order_page(client_as, methodologist, make_persona):
    rector = make_persona(Role.RECTOR)
    with time_machine.travel(timezone.now(), tick=False):
        today = timezone.localdate()
        course = CourseFactory(
            start_date=today + timedelta(days=10), end_date=today + timedelta(days=19)
        )
        programme = ProgrammeFactory(group=GroupFactory(course=course), exam_date=course.end_date)
        for _ in range(5):
            LessonFactory(programme=programme)
        services.programme_approve(programme=programme, by=rector)
        services.programme_send(programme=programme, by=rector)
        group = programme.group
        fill_group(group, 20)
        services.group_confirm(group=group, by=methodologist)
        response = client_as(methodologist).post(url("training:order_admission", group.pk))
        order = Order.objects.get()
        assert response["Location"].endswith(f"/orders/{order.pk}/")
        assert (
            client_as(methodologist)
            .post(order.get_absolute_url(), {"number": "1", "date": today})
            .status_code
            == 403
        )
        page = client_as(rector).get(url("training:order_detail", order.pk))
        assert "Signing changes 20 listeners to" in page.content.decode()  # summary first
        response = client_as(rector).post(
            url("training:order_detail", order.pk), {"number": "15-ө", "date": today.isoformat()}
        )
        # A button no longer signs: the rector is sent to sign the PDF digitally (IS-4.8).
        assert response["Location"] == url("signatures:order_sign", order.pk)
        assert group.enrolments.filter(status=Enrolment.Status.ADMITTED).count() == 0


@pytest.mark.clause("TR-18")
def test_vice_rector_turns_proposal_into_expulsion_order(client_as, make_persona):
    vice = make_persona(Role.VICE_RECTOR)
    enrolment = EnrolmentFactory()
    proposal = ExpulsionProposal.objects.create(enrolment=enrolment, unexcused_count=3)
    client = client_as(vice)
    assert (
        enrolment.listener.full_name in client.get(url("training:proposal_list")).content.decode()
    )
    response = client.post(url("training:proposal_decide", proposal.pk, "propose"))
    order = Order.objects.get(kind="expulsion")
    assert response["Location"].endswith(f"/orders/{order.pk}/")
    assert order.status == "draft" and Lesson.objects.count() == 0


@pytest.mark.clause("TR-18")
def test_rest_marked_present_in_one_click(client_as, lecturer, lesson_today):
    group = lesson_today.programme.group
    absent = EnrolmentFactory(group=group)
    others = [EnrolmentFactory(group=group) for _ in range(3)]
    EnrolmentFactory(group=group, status=Enrolment.Status.WITHDRAWN)
    services.attendance_mark(lesson=lesson_today, enrolment=absent, mark="unexcused", by=lecturer)
    response = client_as(lecturer).post(
        url("training:attendance_rest_present", lesson_today.pk), follow=True
    )
    assert "3 listeners marked present" in response.content.decode()
    marks = dict(Attendance.objects.values_list("enrolment_id", "mark"))
    assert marks == {absent.pk: "unexcused", **{e.pk: "present" for e in others}}

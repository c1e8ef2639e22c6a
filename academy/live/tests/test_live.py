"""Live sessions (TR-5, TR-23): scheduled online classes and oral exams, a join link from
VIDEO_ROOM_URL_TEMPLATE, attendance through the training register, reminders, iCalendar."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from academy.exams.models import Exam, Participant
from academy.live import services
from academy.live.models import LiveAttendance, LiveSession
from academy.notifications.models import Notification
from academy.training import services as training
from academy.training.models import Attendance, Lesson


def _codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


@pytest.fixture
def lesson(group):
    return Lesson.objects.get(programme__group=group)


@pytest.fixture
def session(group, lesson, lecturer):
    now = timezone.now()
    return services.session_schedule(
        group=group,
        title="Онлайн дәріс",
        starts_at=now + timedelta(minutes=5),
        ends_at=now + timedelta(hours=2),
        lesson=lesson,
        by=lecturer,
    )


@pytest.mark.clause("TR-5")
def test_the_groups_lecturer_schedules_and_the_listeners_are_told(
    session, group, listener, second_listener, other_lecturer, other_group_listener
):
    assert session.kind == LiveSession.Kind.CLASS
    told = set(
        Notification.objects.filter(kind="live_scheduled").values_list("recipient", flat=True)
    )
    assert {listener.pk, second_listener.pk} <= told
    assert other_group_listener.pk not in told
    for user in (listener, other_lecturer):
        with pytest.raises(ValidationError) as error:
            services.session_schedule(
                group=group,
                title="X",
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                by=user,
            )
        assert _codes(error.value) == {"role"}


def test_a_session_must_end_after_it_starts(group, lecturer):
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        services.session_schedule(
            group=group, title="X", starts_at=now, ends_at=now - timedelta(hours=1), by=lecturer
        )
    assert _codes(error.value) == {"order"}


def test_the_join_link_is_made_from_the_setting(session, settings):
    settings.VIDEO_ROOM_URL_TEMPLATE = "https://bbb.academy.kz/rooms/{room}/join"
    assert session.join_url == f"https://bbb.academy.kz/rooms/{session.room}/join"
    session.room_url = "https://meet.academy.kz/own"
    assert session.join_url == "https://meet.academy.kz/own"


@pytest.mark.clause("TR-18")
def test_joining_records_attendance_and_marks_the_listener_present(
    session, lesson, listener, second_listener, lecturer, client_as, settings
):
    settings.VIDEO_ROOM_URL_TEMPLATE = "https://meet.academy.kz/{room}"
    response = client_as(listener).post(reverse("live:join", args=[session.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"https://meet.academy.kz/{session.room}"
    client_as(listener).post(reverse("live:join", args=[session.pk]))
    record = LiveAttendance.objects.get(session=session, user=listener)
    assert record.joins == 2
    mark = Attendance.objects.get(lesson=lesson, enrolment__listener=listener)
    assert mark.mark == Attendance.Mark.PRESENT and mark.recorded_by == listener
    # A mark the lecturer gave first is kept.
    enrolment = second_listener.enrolments.get(group=lesson.programme.group)
    training.attendance_mark(
        lesson=lesson, enrolment=enrolment, mark=Attendance.Mark.EXCUSED, by=lecturer
    )
    services.session_join(session=session, by=second_listener)
    assert Attendance.objects.get(enrolment=enrolment, lesson=lesson).mark == "excused"


def test_the_room_is_closed_before_the_start_and_when_cancelled(session, listener, lecturer):
    with pytest.raises(ValidationError) as error:
        services.session_join(
            session=session, by=listener, now=session.starts_at - timedelta(hours=1)
        )
    assert _codes(error.value) == {"closed"}
    services.session_cancel(session=session, by=lecturer)
    with pytest.raises(ValidationError) as error:
        services.session_join(session=session, by=listener)
    assert _codes(error.value) == {"cancelled"}
    assert not LiveAttendance.objects.exists()


def test_another_groups_listener_is_refused_on_every_page(
    client_as, session, group, other_group_listener
):
    client = client_as(other_group_listener)
    for url in (
        reverse("live:session", args=[session.pk]),
        reverse("live:group_sessions", args=[group.pk]),
        reverse("live:session_new", args=[group.pk]),
    ):
        assert client.get(url).status_code in {403, 404}, url
    for url in (
        reverse("live:join", args=[session.pk]),
        reverse("live:cancel", args=[session.pk]),
        reverse("live:session_new", args=[group.pk]),
    ):
        assert client.post(url, {"title": "X"}).status_code in {403, 404}, url
    assert not LiveAttendance.objects.exists()
    session.refresh_from_db()
    assert not session.cancelled
    page = client.get(reverse("live:my_sessions")).content.decode()
    assert "Онлайн дәріс" not in page


def test_the_calendar_feed_lists_the_users_sessions(
    client, session, listener, other_group_listener
):
    key = training.calendar_feed_key(listener)
    url = reverse("live:calendar_feed", args=[training.calendar_feed_token(key)])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Онлайн дәріс"]
    assert str(events[0]["UID"]) == f"live-{session.pk}@academy"
    other = training.calendar_feed_token(training.calendar_feed_key(other_group_listener))
    foreign = client.get(reverse("live:calendar_feed", args=[other]))
    assert Calendar.from_ical(foreign.content).walk("VEVENT") == []
    assert client.get(reverse("live:calendar_feed", args=["forged"])).status_code == 404


def test_reminders_go_once_before_the_start(session, listener, settings):
    settings.LIVE_REMINDER_MINUTES = 60
    assert services.send_reminders(now=session.starts_at - timedelta(hours=3)) == 0
    assert services.send_reminders(now=session.starts_at - timedelta(minutes=30)) == 1
    assert services.send_reminders(now=session.starts_at - timedelta(minutes=20)) == 0
    assert Notification.objects.filter(recipient=listener, kind="live_reminder").count() == 1


@pytest.fixture
def oral_exam(group, listener):
    exam = Exam.objects.create(
        title="Ауызша емтихан", group=group, kind=Exam.Kind.ORAL, audience=Exam.Audience.JUDGES
    )
    Participant.objects.create(exam=exam, listener=listener)
    return exam


@pytest.mark.clause("TR-23")
def test_the_oral_exam_is_scheduled_from_the_exam_page(
    client_as, oral_exam, methodologist, listener, second_listener
):
    now = timezone.now()
    page = client_as(methodologist).get(reverse("exams:exam_detail", args=[oral_exam.pk]))
    assert reverse("live:exam_sessions", args=[oral_exam.pk]) in page.content.decode()
    fmt = "%Y-%m-%dT%H:%M"
    response = client_as(methodologist).post(
        reverse("live:exam_sessions", args=[oral_exam.pk]),
        {
            "starts_at": timezone.localtime(now + timedelta(minutes=5)).strftime(fmt),
            "ends_at": timezone.localtime(now + timedelta(hours=3)).strftime(fmt),
        },
    )
    assert response.status_code == 302
    session = LiveSession.objects.get(exam=oral_exam)
    assert session.kind == LiveSession.Kind.ORAL_EXAM
    assert client_as(listener).get(session.get_absolute_url()).status_code == 200
    assert services.session_join(session=session, by=listener) == session.join_url
    # A listener of the group who does not sit this exam is not let in.
    assert client_as(second_listener).get(session.get_absolute_url()).status_code == 403
    assert (
        client_as(second_listener)
        .post(reverse("live:exam_sessions", args=[oral_exam.pk]), {})
        .status_code
        == 403
    )


def test_only_an_oral_exam_is_held_live(oral_exam, methodologist):
    oral_exam.kind = Exam.Kind.WRITTEN_CASE
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        services.oral_exam_schedule(
            exam=oral_exam, starts_at=now, ends_at=now + timedelta(hours=1), by=methodologist
        )
    assert _codes(error.value) == {"kind"}


def test_the_listener_sees_the_coming_session_on_the_dashboard(client_as, session, listener):
    page = client_as(listener).get(reverse("core:dashboard")).content.decode()
    assert reverse("live:session", args=[session.pk]) in page


def test_the_session_appears_in_the_listeners_timetable(client_as, session, listener):
    page = client_as(listener).get(reverse("training:my_timetable")).content.decode()
    assert 'data-testid="timetable-live"' in page
    assert reverse("live:session", args=[session.pk]) in page


@pytest.mark.clause("TR-18")
def test_the_register_takes_only_the_listeners_own_joining(lesson, listener, second_listener):
    from auditlog.models import LogEntry

    enrolment = listener.enrolments.get(group=lesson.programme.group)
    with pytest.raises(ValidationError) as error:
        training.attendance_record_online(lesson=lesson, enrolment=enrolment, by=second_listener)
    assert _codes(error.value) == {"role"}
    record = training.attendance_record_online(lesson=lesson, enrolment=enrolment, by=listener)
    assert record.mark == Attendance.Mark.PRESENT
    assert (
        training.attendance_record_online(lesson=lesson, enrolment=enrolment, by=listener) is None
    )
    assert LogEntry.objects.filter(additional_data__event="attendance_recorded_online").count() == 1


def test_the_reminders_run_on_the_beat(settings):
    from academy.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["remind-live-sessions"]
    assert entry["task"] == "live.send_reminders"
    app.loader.import_default_modules()
    assert "live.send_reminders" in app.tasks


def test_an_oral_exam_session_is_named_in_the_readers_language(oral_exam, methodologist):
    from django.utils import translation

    oral_exam.title_kk, oral_exam.title_ru = "Ауызша емтихан", "Устный экзамен"
    oral_exam.save()
    now = timezone.now()
    with translation.override("kk"):
        session = services.oral_exam_schedule(
            exam=oral_exam,
            starts_at=now + timedelta(minutes=5),
            ends_at=now + timedelta(hours=1),
            by=methodologist,
        )
    session = LiveSession.objects.select_related("exam").get(pk=session.pk)
    with translation.override("ru"):
        assert session.shown_title == str(session) == "Устный экзамен"

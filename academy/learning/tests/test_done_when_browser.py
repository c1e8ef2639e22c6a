"""Issue 14, "Done when", tried in Chromium as new users would, one page after another:
a methodologist copies last term's course to a new retraining group; a lecturer edits a
lesson, adds a practice quiz from the bank and an assignment, schedules a live class; a
listener studies, takes the quiz, asks a question, submits; the lecturer answers and
grades; the gradebook and the monitoring page show it; the methodologist sees who is
behind before the in-person weeks start (TR-5, TR-8.3, IS-13)."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from academy.core.testing import browser_relogin, submit_and_wait
from academy.core.tests.test_accessibility import serious_violations
from academy.discussions.models import Topic
from academy.exams.models import Attempt
from academy.exams.testing import correct_token, make_bank
from academy.learning import services
from academy.learning.models import Assignment, CourseQuiz, Module, OnlineCourse, Submission
from academy.learning.testing import add_module
from academy.live.models import LiveSession
from academy.training.models import Enrolment, Lesson
from academy.training.testing import (
    CourseFactory,
    EnrolmentFactory,
    GroupFactory,
    LessonFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.browser

# Bytes of the page and what it loads, media (images, video, audio) left out; uncompressed.
PAGE_WEIGHT = """() => performance.getEntries()
  .filter(e => e.entryType === 'navigation' || (e.entryType === 'resource'
    && !['img', 'video', 'audio'].includes(e.initiatorType)))
  .reduce((sum, e) => sum + (e.decodedBodySize || 0), 0)"""


def _group(lecturer, name: str, first_day: int, in_person_day: int):
    """A retraining group: distance classes from `first_day`, in person from `in_person_day`
    (days from today)."""
    today = timezone.localdate()
    course = CourseFactory(
        start_date=today + timedelta(days=first_day),
        end_date=today + timedelta(days=first_day + 27),
    )
    group = GroupFactory(course=course, name=name)
    programme = ProgrammeFactory(group=group, exam_date=course.end_date)
    for day, mode in ((first_day, Lesson.Mode.DISTANCE), (in_person_day, Lesson.Mode.IN_PERSON)):
        starts = timezone.make_aware(datetime.combine(today + timedelta(days=day), time(9)))
        LessonFactory(
            programme=programme,
            lecturer=lecturer,
            mode=mode,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
        )
    return group


@pytest.mark.clause("TR-5")
@pytest.mark.clause("TR-8.3")
@pytest.mark.clause("IS-13")
def test_issue_14_done_when(
    transactional_db, page, login, lecturer, listener, second_listener, methodologist
):
    today = timezone.localdate()
    # Last term's group and its course: two modules, a week apart.
    old_group = _group(lecturer, "Өткен топ", first_day=-120, in_person_day=-106)
    old_course = services.online_course_create(
        group=old_group, title="Судьяларды қайта даярлау", by=lecturer
    )
    add_module(
        old_course,
        lecturer,
        title="Judicial ethics",
        text="Old text.",
        release_on=today - timedelta(days=120),
    )
    add_module(
        old_course,
        lecturer,
        title="Civil procedure",
        text="The parties.",
        release_on=today - timedelta(days=113),
    )
    # The new retraining group: distance classes began 7 days ago, in person in a week.
    new_group = _group(lecturer, "Жаңа топ", first_day=-7, in_person_day=7)
    for person in (listener, second_listener):
        EnrolmentFactory(group=new_group, listener=person, status=Enrolment.Status.ADMITTED)
    category = make_bank(4, path="Ethics", language="kk")

    # 1. The methodologist copies last term's course to the new group.
    browser_relogin(page, login, methodologist)
    page.goto("/en/learning/monitoring/")
    page.click("a[href$='/learning/copy/']")
    assert serious_violations(page) == []
    page.select_option("#id_source", str(old_course.pk))
    page.select_option("#id_group", str(new_group.pk))
    submit_and_wait(page, "[data-testid=course-copy-form]")
    course = OnlineCourse.objects.get(group=new_group)
    first, second = course.modules.order_by("number")
    assert (first.release_on, second.release_on) == (
        today - timedelta(days=7),
        today,
    )  # shifted to the new timetable
    assert "Civil procedure" in page.inner_text("[data-testid=modules]")

    # 2. The lecturer edits a lesson, adds a practice quiz and an assignment, schedules a class.
    browser_relogin(page, login, lecturer)
    page.goto(f"/en/learning/courses/{course.pk}/")
    page.click(f"a[href$='/learning/modules/{first.pk}/edit/']")
    page.fill("#id_text", "<p>A judge is <strong>impartial</strong>.</p>")
    submit_and_wait(page, "[data-testid=module-edit-form]")
    assert "impartial" in page.inner_text("[data-testid=material-text]")
    assert "Version 2" in page.inner_text("[data-testid=revisions]")

    page.goto(f"/en/learning/courses/{course.pk}/")
    page.click(f"a[href$='/learning/courses/{course.pk}/quizzes/add/']")
    assert serious_violations(page) == []
    page.fill("#id_title", "Ethics: practice")
    page.select_option("#id_mode", CourseQuiz.Mode.PRACTICE)
    page.select_option("#id_module", str(first.pk))
    page.select_option("#id_language", "kk")
    page.fill("#id_attempts_allowed", "")
    page.select_option("#id_category_1", str(category.pk))
    page.fill("#id_count_1", "2")
    submit_and_wait(page, "[data-testid=quiz-form]")
    quiz = CourseQuiz.objects.get(course=course)
    assert quiz.mode == CourseQuiz.Mode.PRACTICE

    page.goto(f"/en/learning/courses/{course.pk}/")
    page.click(f"a[href$='/learning/courses/{course.pk}/assignments/add/']")
    page.fill("#id_title", "Draft a decision")
    page.fill("#id_instructions", "Write a reasoned decision.")
    page.fill("#id_working_days", "3")
    page.fill("#id_max_points", "20")
    submit_and_wait(page, "[data-testid=assignment-form]")
    assignment = Assignment.objects.get(course=course)

    page.goto(f"/en/learning/courses/{course.pk}/")
    page.click("[data-testid=course-live]")
    page.click(f"a[href$='/live/groups/{new_group.pk}/new/']")
    assert serious_violations(page) == []
    start = timezone.localtime() + timedelta(days=1)
    page.fill("#id_title", "Seminar: impartiality")
    page.fill("#id_starts_at", start.strftime("%Y-%m-%dT10:00"))
    page.fill("#id_ends_at", start.strftime("%Y-%m-%dT11:30"))
    submit_and_wait(page, "[data-testid=session-form]")
    assert "listeners are told" in page.inner_text("main")
    session = LiveSession.objects.get(group=new_group)

    # 3. The listener studies, takes the quiz, asks a question and submits.
    browser_relogin(page, login, listener)
    page.goto("/en/live/")
    assert "Seminar: impartiality" in page.inner_text("main")  # the class in their timetable
    # Quality: the course page weighs under 500 KB without its media and fits 390 px.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/en/learning/courses/{course.pk}/")
    page.wait_for_load_state("load")
    weight = page.evaluate(PAGE_WEIGHT)
    assert 0 < weight < 500_000, weight
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"/en/learning/courses/{course.pk}/")
    page.click(f"[data-testid=modules] a[href$='/learning/modules/{first.pk}/']")
    assert "impartial" in page.inner_text("[data-testid=material]")
    submit_and_wait(page, "[data-testid=material] form")
    assert "You have studied this material." in page.inner_text("main")

    page.goto(f"/en/learning/courses/{course.pk}/")
    page.click(f"[data-testid=quizzes] a[href$='/learning/quizzes/{quiz.pk}/']")
    with page.expect_navigation():
        page.click("[data-testid=quiz-start]")
    attempt = Attempt.objects.get(exam=quiz.exam, listener=listener)
    item = attempt.items.get(position=1)
    page.check(f"#q1-{correct_token(item)}")
    with page.expect_navigation():
        page.click("[data-testid=check-1]")
    assert "Correct." in page.inner_text("#q1 [data-testid=verdict]")
    item = attempt.items.get(position=2)
    page.check(f"#q2-{correct_token(item)}")
    with page.expect_navigation():
        page.click("[data-testid=quiz-submit]")
    assert "100.0%" in page.inner_text("[data-testid=quiz-result]")

    page.goto(f"/en/learning/courses/{course.pk}/")
    page.click("[data-testid=course-discussion]")
    page.click("[data-testid=ask-question]")
    page.fill("#id_title", "Recusal")
    page.fill("#id_body", "When must a judge step aside?")
    submit_and_wait(page, "[data-testid=topic-form]")
    question = Topic.objects.get(course=course, kind=Topic.Kind.QUESTION)

    page.goto(f"/en/learning/courses/{course.pk}/")
    page.click(f"[data-testid=assignments] a[href$='/learning/assignments/{assignment.pk}/']")
    page.fill("[data-testid=submission-form] #id_text", "The claim is granted in part.")
    submit_and_wait(page, "[data-testid=submission-form]")
    assert "Your answer has been submitted." in page.inner_text("main")
    submission = Submission.objects.get(assignment=assignment, listener=listener)

    # 4. The lecturer answers the question (from the bell) and grades the answer.
    browser_relogin(page, login, lecturer)
    page.click("[data-testid=notification-bell]")
    page.locator("[data-testid=notifications] a", has_text="Recusal").click()
    page.wait_for_url(f"**/discussions/topics/{question.pk}/")
    page.fill("#id_body", "When their impartiality may reasonably be doubted.")
    submit_and_wait(page, "[data-testid=reply-form]")
    page.goto(f"/en/learning/assignments/{assignment.pk}/")
    page.click(f"[data-testid=submissions] a[href$='/learning/submissions/{submission.pk}/']")
    page.fill("#id_points", "17")
    page.fill("#id_feedback", "Well reasoned.")
    submit_and_wait(page, "[data-testid=grade-form]")

    # The gradebook shows the quiz grade and the points.
    page.goto(f"/en/learning/courses/{course.pk}/")
    page.click(f"a[href$='/learning/courses/{course.pk}/gradebook/']")
    row = page.locator("[data-testid=gradebook-row]", has_text=listener.full_name)
    cells = row.inner_text()
    assert "100" in cells and "17" in cells
    assert serious_violations(page) == []

    # The listener reads the answer and the grade.
    browser_relogin(page, login, listener)
    page.click("[data-testid=notification-bell]")
    notices = page.inner_text("[data-testid=notifications]")
    assert "Recusal" in notices and "Draft a decision" in notices
    page.goto(f"/en/discussions/topics/{question.pk}/")
    assert "reasonably be doubted" in page.inner_text("[data-testid=posts]")
    page.goto(f"/en/learning/assignments/{assignment.pk}/")
    assert "17 of 20 points" in page.inner_text("[data-testid=grade]")

    # 5. The methodologist: the monitoring page shows the progress, and a week before the
    # in-person classes the lagging page names the listener who has not begun.
    browser_relogin(page, login, methodologist)
    page.goto(f"/en/learning/courses/{course.pk}/")
    page.click(f"a[href$='/learning/courses/{course.pk}/monitoring/']")
    table = page.inner_text("[data-testid=monitoring-table]")
    assert listener.full_name in table and second_listener.full_name in table
    assert serious_violations(page) == []
    page.goto("/en/dashboard/")
    page.click("main a[href$='/learning/lagging/']")
    lagging = page.inner_text("[data-testid=lagging-table]")
    assert second_listener.full_name in lagging
    assert listener.full_name not in lagging  # the first module is done
    assert "Judicial ethics" in lagging
    assert serious_violations(page) == []
    assert Module.objects.get(pk=first.pk).text.startswith("<p>A judge")
    assert session.group_id == new_group.pk

"""Courses (TR-5), course programmes and timetables (TR-13), exams (TR-19, TR-20)."""

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.accounts.roles import Role
from academy.core.audit import audit_event
from academy.core.translated import assign, translated_kwargs
from academy.core.uploads import check_upload_content

from ..models import (
    ApprovalStatus,
    Audience,
    Course,
    CourseKind,
    CourseProgramme,
    Group,
    Lesson,
    Material,
    SchedulePlanRow,
    StudyPlan,
)
from ..notifications import notify_questions_published
from .common import require_role
from .plans import _check_kind_audience

# TR-5: academic hours allowed per kind of course.
KIND_HOURS = {
    CourseKind.JUDGES_QUALIFICATION: (40, 80),
    CourseKind.STAFF_QUALIFICATION: (20, 40),
}
RETRAINING_WEEKS = 4  # TR-5: 4 calendar weeks of classes, weeks 1-2 distance, 3-4 in person
PROGRAMME_DEADLINE_DAYS = 3  # TR-13
PROGRAMME_WARNING_DAYS = 5
EXAM_NOTICE_DAYS = {Audience.JUDGES: 7, Audience.COURT_STAFF: 3}  # TR-20


def _fmt(day: date) -> str:
    return day.strftime("%d.%m.%Y")


@transaction.atomic
def course_create(
    *,
    title_kk: str,
    title_ru: str = "",
    title_en: str = "",
    kind: str,
    audience: str,
    start_date: date,
    end_date: date,
    schedule_row: SchedulePlanRow | None = None,
    study_plan: StudyPlan | None = None,
    by: Any,
) -> Course:
    """Create a course from the approved schedule plan (TR-10) with the kind's limits (TR-5)."""
    _check_kind_audience(kind, audience)
    if schedule_row is not None and not schedule_row.plan.is_approved:
        raise ValidationError(
            _("Courses are opened only from an approved schedule plan."), code="plan_draft"
        )
    if study_plan is not None and study_plan.status != ApprovalStatus.APPROVED:
        raise ValidationError(_("The study plan is not approved yet."), code="study_plan_draft")
    course = Course(
        title_kk=title_kk,
        title_ru=title_ru or title_kk,
        title_en=title_en or title_ru or title_kk,
        kind=kind,
        audience=audience,
        start_date=start_date,
        end_date=end_date,
        schedule_row=schedule_row,
        study_plan=study_plan,
    )
    course.full_clean()
    errors = _duration_errors(course)
    if errors:
        raise ValidationError(errors)
    course.save()
    audit_event(actor=by, obj=course, event="course_created")
    return course


def _duration_errors(course: Course) -> list[str]:
    # TR-5 (reading chosen in RULES.md): a retraining lasts 4 calendar weeks of classes –
    # the first class falls in calendar week 1 and the last in calendar week 4, so a
    # Monday-to-Friday course of 26 days is as valid as one of 28.
    if course.kind != CourseKind.JUDGES_RETRAINING:
        return []
    weeks = course.calendar_weeks
    if weeks != RETRAINING_WEEKS:
        return [
            _(
                "A judges' retraining lasts 4 calendar weeks: the first class falls in the first week and the last class in the fourth (TR-5); these dates span %(weeks)s calendar weeks."
            )
            % {"weeks": weeks}
        ]
    return []


def course_limit_errors(course: Course, lessons: list[Lesson]) -> list[str]:
    """Why a programme breaks the limits of its course kind (TR-5); empty when it does not."""
    errors = _duration_errors(course)
    hours = sum(lesson.hours for lesson in lessons)
    if course.kind in KIND_HOURS:
        low, high = KIND_HOURS[CourseKind(course.kind)]
        if not low <= hours <= high:
            errors.append(
                _(
                    "A “%(kind)s” has %(low)s to %(high)s academic hours; the programme has %(hours)s."
                )
                % {"kind": course.get_kind_display(), "low": low, "high": high, "hours": hours}
            )
    elif course.kind == CourseKind.JUDGES_RETRAINING:
        distance_until = course.distance_until
        for lesson in lessons:
            if lesson.starts_at is None:
                continue  # reported as undated when the programme is approved
            day = timezone.localtime(lesson.starts_at).date()
            expected = Lesson.Mode.DISTANCE if day <= distance_until else Lesson.Mode.IN_PERSON
            if lesson.mode != expected:
                errors.append(
                    _(
                        "Retraining: classes of the first 2 weeks are distance learning and of the last 2 weeks in person; “%(topic)s” on %(day)s must be “%(mode)s”."
                    )
                    % {"topic": lesson.topic, "day": _fmt(day), "mode": Lesson.Mode(expected).label}
                )
    return errors


@transaction.atomic
def course_approve(*, course: Course, by: Any) -> Course:
    """The rector approves a course whose every group programme keeps the TR-5 limits."""
    require_role(by, Role.RECTOR)
    if course.status == Course.Status.APPROVED:
        raise ValidationError(_("The course is already approved."), code="approved")
    programmes = list(
        CourseProgramme.objects.filter(group__course=course)
        .select_related("group")
        .prefetch_related("lessons")
    )
    if not programmes:
        raise ValidationError(
            _("The course has no group programme yet; it cannot be approved."), code="empty"
        )
    errors: list[str] = []
    for programme in programmes:
        for message in course_limit_errors(course, list(programme.lessons.all())):
            errors.append(
                _("%(group)s: %(error)s") % {"group": programme.group.name, "error": message}
            )
    if errors:
        raise ValidationError(errors, code="limits")
    course.status = Course.Status.APPROVED
    course.approved_at = timezone.now()
    course.approved_by = by
    course.save(update_fields=["status", "approved_at", "approved_by"])
    audit_event(actor=by, obj=course, event="course_approved")
    return course


def exam_notice_days(group: Group) -> int:
    """TR-20: calendar days between the sample questions and the exam."""
    return EXAM_NOTICE_DAYS[Audience(group.course.audience)]


def _check_exam(
    *, group: Group, exam_form: str, exam_mode: str, proctoring: bool, exam_date: date
) -> None:
    course = group.course
    judges = course.audience == Audience.JUDGES
    # TR-19: the form follows the audience and whether the exam is in person or distance.
    if exam_mode == CourseProgramme.ExamMode.IN_PERSON:
        allowed = {
            CourseProgramme.ExamForm.WRITTEN_CASE
            if judges
            else CourseProgramme.ExamForm.COMPUTER_TEST
        }
    else:
        allowed = {CourseProgramme.ExamForm.ORAL}
        if proctoring:
            allowed.add(
                CourseProgramme.ExamForm.WRITTEN_CASE
                if judges
                else CourseProgramme.ExamForm.COMPUTER_TEST
            )
    if exam_form not in allowed:
        raise ValidationError(
            {
                "exam_form": _("For this audience and exam mode the exam form must be: %(forms)s.")
                % {
                    "forms": ", ".join(
                        str(CourseProgramme.ExamForm(f).label) for f in sorted(allowed)
                    )
                }
            },
            code="exam_form",
        )
    if not course.start_date <= exam_date <= course.end_date:
        raise ValidationError(
            {
                "exam_date": _("The exam date must fall within the course (%(start)s – %(end)s).")
                % {"start": _fmt(course.start_date), "end": _fmt(course.end_date)}
            },
            code="exam_outside",
        )


def _check_exam_notice(programme: CourseProgramme, exam_date: date) -> None:
    # TR-20: the sample questions reach listeners 7 (judges) / 3 (staff) days before the exam.
    days = exam_notice_days(programme.group)
    if programme.questions_published_at:
        given = timezone.localtime(programme.questions_published_at).date()
    else:
        given = timezone.localdate()
    if (exam_date - given).days < days:
        raise ValidationError(
            {
                "exam_date": _(
                    "The sample exam questions must reach the listeners at least %(days)s calendar days before the exam, so the exam cannot be before %(date)s."
                )
                % {"days": days, "date": _fmt(given + timedelta(days=days))}
            },
            code="exam_notice",
        )


@transaction.atomic
def programme_create(
    *,
    group: Group,
    exam_form: str,
    exam_date: date,
    exam_mode: str = CourseProgramme.ExamMode.IN_PERSON,
    proctoring: bool = False,
    by: Any,
) -> CourseProgramme:
    """Start a group's course programme with its exam form and date (TR-13, TR-19, TR-20)."""
    if CourseProgramme.objects.filter(group=group).exists():
        raise ValidationError(_("This group already has a programme."), code="exists")
    _check_exam(
        group=group,
        exam_form=exam_form,
        exam_mode=exam_mode,
        proctoring=proctoring,
        exam_date=exam_date,
    )
    programme = CourseProgramme(
        group=group,
        exam_form=exam_form,
        exam_mode=exam_mode,
        proctoring=proctoring,
        exam_date=exam_date,
    )
    _check_exam_notice(programme, exam_date)
    programme.full_clean()
    programme.save()
    audit_event(actor=by, obj=programme, event="programme_created")
    return programme


@transaction.atomic
def programme_set_exam(
    *,
    programme: CourseProgramme,
    exam_form: str,
    exam_date: date,
    exam_mode: str,
    proctoring: bool,
    by: Any,
) -> CourseProgramme:
    """Change the exam form or date; a date leaving too little notice is refused (TR-20)."""
    _check_exam(
        group=programme.group,
        exam_form=exam_form,
        exam_mode=exam_mode,
        proctoring=proctoring,
        exam_date=exam_date,
    )
    if exam_date != programme.exam_date:
        _check_exam_notice(programme, exam_date)
    old = {"exam_form": programme.exam_form, "exam_date": programme.exam_date.isoformat()}
    programme.exam_form, programme.exam_date = exam_form, exam_date
    programme.exam_mode, programme.proctoring = exam_mode, proctoring
    programme.full_clean()
    programme.save()
    audit_event(actor=by, obj=programme, event="programme_exam_changed", details={"old": old})
    return programme


def _check_lesson_day(course: Course, starts_at: datetime) -> None:
    day = timezone.localtime(starts_at).date()
    if not course.start_date <= day <= course.end_date:
        raise ValidationError(
            {
                "starts_at": _("The class must fall within the course (%(start)s – %(end)s).")
                % {"start": _fmt(course.start_date), "end": _fmt(course.end_date)}
            },
            code="lesson_outside",
        )


def _require_draft_programme(programme: CourseProgramme) -> None:
    if programme.is_approved:
        raise ValidationError(
            _(
                "The programme is approved: only the topic and the lecturer of a class may be changed."
            ),
            code="approved",
        )


@transaction.atomic
def lesson_add(
    *,
    programme: CourseProgramme,
    topic: str,
    hours: int,
    class_form: str,
    starts_at: datetime,
    ends_at: datetime,
    lecturer: Any | None = None,
    mode: str = Lesson.Mode.IN_PERSON,
    by: Any,
    topic_ru: str = "",
    topic_en: str = "",
) -> Lesson:
    """Add a class to the timetable of a draft programme (TR-7, TR-13).

    `topic` is the Kazakh topic; `topic_ru`/`topic_en` the others (missing: marked fallback).
    """
    _require_draft_programme(programme)
    _check_lesson_day(programme.group.course, starts_at)
    if lecturer is not None and not lecturer.has_role(Role.LECTURER):
        raise ValidationError({"lecturer": _("This person is not a lecturer.")}, code="lecturer")
    lesson = Lesson(
        **translated_kwargs("topic", topic, ru=topic_ru, en=topic_en),
        programme=programme,
        hours=hours,
        class_form=class_form,
        mode=mode,
        lecturer=lecturer,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    lesson.full_clean()
    lesson.save()
    return lesson


@transaction.atomic
def lesson_schedule(
    *,
    lesson: Lesson,
    starts_at: datetime,
    ends_at: datetime,
    mode: str = Lesson.Mode.IN_PERSON,
    by: Any,
) -> Lesson:
    """Date a class of a draft programme, e.g. one taken from the study plan (TR-13)."""
    programme = lesson.programme
    _require_draft_programme(programme)
    _check_lesson_day(programme.group.course, starts_at)
    lesson.starts_at, lesson.ends_at, lesson.mode = starts_at, ends_at, mode
    lesson.full_clean()
    lesson.save(update_fields=["starts_at", "ends_at", "mode"])
    audit_event(
        actor=by,
        obj=lesson,
        event="lesson_scheduled",
        details={"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()},
    )
    return lesson


@transaction.atomic
def programme_fill_from_study_plan(*, programme: CourseProgramme, by: Any) -> list[Lesson]:
    """Take the classes of a draft programme from the approved study plan (TR-11..TR-13).

    Steps: check the programme is a draft and the course's study plan is approved; take
    the plan's topics for the course's kind (its audience); add each topic not yet in the
    programme with its form, hours and lecturer, undated for the methodologist to schedule.
    """
    _require_draft_programme(programme)
    course = programme.group.course
    plan = course.study_plan
    if plan is None:
        raise ValidationError(
            _("The course is not linked to a study plan; choose the study plan first."),
            code="no_study_plan",
        )
    # TR-12: topics come only from a study plan the rector has approved.
    if plan.status != ApprovalStatus.APPROVED:
        raise ValidationError(
            _(
                "%(plan)s is not approved by the rector yet; classes are taken only from an approved study plan."
            )
            % {"plan": plan},
            code="study_plan_not_approved",
        )
    topics = list(plan.topics.filter(kind=course.kind).select_related("lecturer").order_by("pk"))
    if not topics:
        raise ValidationError(
            _("%(plan)s has no topics for a “%(kind)s”.")
            % {"plan": plan, "kind": course.get_kind_display()},
            code="no_topics",
        )
    present = set(programme.lessons.values_list("topic_kk", flat=True))
    added = []
    for topic in topics:
        if topic.title in present:
            continue
        lesson = Lesson(
            **translated_kwargs("topic", topic.title),
            programme=programme,
            hours=topic.hours,
            class_form=topic.class_form,
            lecturer=topic.lecturer,
        )
        lesson.full_clean()
        lesson.save()
        added.append(lesson)
    if not added:
        raise ValidationError(
            _("Every topic of the study plan is already in the programme."), code="nothing_new"
        )
    audit_event(
        actor=by,
        obj=programme,
        event="programme_filled_from_study_plan",
        details={"study_plan": plan.pk, "classes": len(added)},
    )
    return added


@transaction.atomic
def lesson_change(
    *,
    lesson: Lesson,
    topic: str,
    lecturer: Any | None,
    reason: str = "",
    by: Any,
    topic_ru: str | None = None,
    topic_en: str | None = None,
) -> Lesson:
    """TR-13: topics and lecturers may change, also after approval; each change is recorded.

    `topic` is the Kazakh topic; `topic_ru`/`topic_en` the others (None keeps them).
    """
    if lecturer is not None and not lecturer.has_role(Role.LECTURER):
        raise ValidationError({"lecturer": _("This person is not a lecturer.")}, code="lecturer")
    old = {"topic": lesson.topic_kk or lesson.topic, "lecturer": str(lesson.lecturer or "")}
    assign(lesson, "topic", topic, ru=topic_ru, en=topic_en)
    lesson.lecturer = lecturer
    lesson.full_clean()
    lesson.save(update_fields=["topic", "topic_kk", "topic_ru", "topic_en", "lecturer"])
    audit_event(
        actor=by,
        obj=lesson,
        event="lesson_changed",
        details={
            "old": old,
            "new": {"topic": topic, "lecturer": str(lecturer or "")},
            "reason": reason,
            "after_approval": lesson.programme.is_approved,
        },
    )
    return lesson


def programme_deadline(programme_or_group: CourseProgramme | Group) -> date:
    """TR-13: the last day to approve and send the programme."""
    group = (
        programme_or_group.group
        if isinstance(programme_or_group, CourseProgramme)
        else programme_or_group
    )
    return group.course.start_date - timedelta(days=PROGRAMME_DEADLINE_DAYS)


@transaction.atomic
def programme_approve(*, programme: CourseProgramme, by: Any) -> CourseProgramme:
    """The rector approves the programme if it keeps the course kind's limits (TR-5, TR-13)."""
    require_role(by, Role.RECTOR)
    if programme.is_approved:
        raise ValidationError(_("The programme is already approved."), code="approved")
    lessons = list(programme.lessons.all())
    if not lessons:
        raise ValidationError(_("The programme has no classes."), code="empty")
    undated = [lesson.topic for lesson in lessons if lesson.starts_at is None]
    if undated:
        raise ValidationError(
            _("Set the date and time of every class first; without them: %(topics)s.")
            % {"topics": "; ".join(undated)},
            code="undated",
        )
    errors = course_limit_errors(programme.group.course, lessons)
    if errors:
        raise ValidationError(errors, code="limits")
    _check_deadline(programme)
    programme.status = CourseProgramme.Status.APPROVED
    programme.approved_at = timezone.now()
    programme.approved_by = by
    programme.save(update_fields=["status", "approved_at", "approved_by"])
    audit_event(actor=by, obj=programme, event="programme_approved")
    return programme


def _check_deadline(programme: CourseProgramme) -> None:
    deadline = programme_deadline(programme)
    if timezone.localdate() > deadline:
        raise ValidationError(
            _(
                "The programme had to be approved and sent to the Council and the Supreme Court by %(date)s (3 calendar days before the start); the course cannot start on these dates. Move the course start."
            )
            % {"date": _fmt(deadline)},
            code="programme_late",
        )


@transaction.atomic
def programme_send(*, programme: CourseProgramme, by: Any) -> CourseProgramme:
    """Mark the approved programme sent to the Council and the Supreme Court (TR-13)."""
    if not programme.is_approved:
        raise ValidationError(_("Only an approved programme can be sent."), code="draft")
    if programme.sent_at:
        raise ValidationError(_("The programme has already been sent."), code="sent")
    _check_deadline(programme)
    programme.sent_at = timezone.now()
    programme.save(update_fields=["sent_at"])
    audit_event(actor=by, obj=programme, event="programme_sent")
    return programme


@transaction.atomic
def programme_publish_questions(
    *, programme: CourseProgramme, questions: str, by: Any
) -> CourseProgramme:
    """Give the group's listeners the sample list of exam questions (TR-20)."""
    if not questions.strip():
        raise ValidationError(_("Enter the sample exam questions."), code="empty")
    days = exam_notice_days(programme.group)
    today = timezone.localdate()
    if (programme.exam_date - today).days < days:
        raise ValidationError(
            _(
                "Too late: the sample questions must be given at least %(days)s calendar days before the exam (%(exam)s). Move the exam date first."
            )
            % {"days": days, "exam": _fmt(programme.exam_date)},
            code="exam_notice",
        )
    programme.sample_questions = questions.strip()
    programme.questions_published_at = timezone.now()
    programme.save(update_fields=["sample_questions", "questions_published_at"])
    notify_questions_published(programme)
    audit_event(actor=by, obj=programme, event="exam_questions_published")
    return programme


MATERIAL_EXTENSIONS = ("pdf", "docx", "doc", "pptx", "xlsx", "txt", "odt")
MATERIAL_MAX_SIZE_DEFAULT = 50 * 1024 * 1024  # 50 MB


def material_max_size() -> int:
    """Largest material upload in bytes (setting TRAINING_MATERIAL_MAX_SIZE, default 50 MB)."""
    return int(getattr(settings, "TRAINING_MATERIAL_MAX_SIZE", MATERIAL_MAX_SIZE_DEFAULT))


def material_check_file(file: Any) -> None:
    """Refuse files of other types or over the size limit (they are served to listeners)."""
    extension = Path(file.name or "").suffix.lower().lstrip(".")
    if extension not in MATERIAL_EXTENSIONS:
        raise ValidationError(
            {
                "file": _("Files of this type cannot be shared. Allowed types: %(types)s.")
                % {"types": ", ".join(MATERIAL_EXTENSIONS)}
            },
            code="file_type",
        )
    limit = material_max_size()
    if file.size > limit:
        raise ValidationError(
            {
                "file": _("The file is too large: at most %(size)s MB may be shared.")
                % {"size": limit // (1024 * 1024)}
            },
            code="file_size",
        )
    try:
        check_upload_content(file)  # the bytes must be what the name says
    except ValidationError as error:
        raise ValidationError({"file": error}) from None


@transaction.atomic
def material_add(*, group: Group, title: str, file: Any = None, url: str = "", by: Any) -> Material:
    """Share a class material with the group's listeners (TR-8)."""
    if not file and not url:
        raise ValidationError(_("Attach a file or give a link."), code="empty")
    if file:
        material_check_file(file)
    material = Material(group=group, title=title, file=file or "", url=url, added_by=by)
    material.full_clean()
    material.save()
    return material

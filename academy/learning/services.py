"""Writes of the distance learning system (IS-13): authoring, studying, self-checks, documents."""

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.accounts.permissions import user_has_role
from academy.core.audit import audit_event
from academy.core.translated import assign, translated_kwargs
from academy.core.uploads import check_upload_content
from academy.core.workdays import add_working_days
from academy.training.models import Group, Lesson

from . import notifications, selectors
from .models import (
    ASSIGNMENT_RULES,
    MAX_OPTIONS,
    MODULE_RULES,
    Assignment,
    Attempt,
    Completion,
    Document,
    Module,
    ModuleRevision,
    OnlineCourse,
    Progress,
    Question,
    Submission,
)
from .richtext import sanitize

UPLOAD_EXTENSIONS = ("pdf", "docx", "doc", "pptx", "xlsx", "txt", "odt")
UPLOAD_MAX_SIZE_DEFAULT = 50 * 1024 * 1024  # 50 MB


def upload_max_size() -> int:
    """Largest upload in bytes (setting LEARNING_UPLOAD_MAX_SIZE, default 50 MB)."""
    return int(getattr(settings, "LEARNING_UPLOAD_MAX_SIZE", UPLOAD_MAX_SIZE_DEFAULT))


def check_upload(file: Any) -> None:
    """Refuse files of other types or over the size limit: they are served to listeners."""
    extension = Path(file.name or "").suffix.lower().lstrip(".")
    if extension not in UPLOAD_EXTENSIONS:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("Files of this type cannot be uploaded. Allowed types: %(types)s.")
                    % {"types": ", ".join(UPLOAD_EXTENSIONS)},
                    code="file_type",
                )
            }
        )
    limit = upload_max_size()
    if file.size > limit:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("The file is too large: at most %(size)s MB may be uploaded.")
                    % {"size": limit // (1024 * 1024)},
                    code="file_size",
                )
            }
        )
    try:
        check_upload_content(file)  # the bytes must be what the name says
    except ValidationError as error:
        raise ValidationError({"file": error}) from None


def _require_author(user: Any, group: Group) -> None:
    # IS-13: access levels – only the group's lecturers and the methodologists author.
    if not selectors.can_author(user, group):
        raise ValidationError(
            _("Only the group's lecturers and the methodologists may edit its online course."),
            code="role",
        )


def _check_rule(rule: str, allowed: Any) -> None:
    """Completion rules (issue 14): only those that make sense for the kind of activity."""
    if rule not in allowed:
        raise ValidationError(
            {
                "completion": ValidationError(
                    _("Choose one of: %(rules)s.")
                    % {"rules": ", ".join(str(Completion(r).label) for r in allowed)},
                    code="rule",
                )
            }
        )


@transaction.atomic
def course_weights_set(
    *, course: OnlineCourse, quiz_weight: int, assignment_weight: int, by: Any
) -> OnlineCourse:
    """Gradebook: the weights of the quiz and assignment categories (percent, sum 100)."""
    course = OnlineCourse.objects.select_for_update().select_related("group").get(pk=course.pk)
    _require_author(by, course.group)
    if quiz_weight < 0 or assignment_weight < 0 or quiz_weight + assignment_weight != 100:
        raise ValidationError(
            _("The weights of the categories must add up to 100."), code="weights"
        )
    before = [course.quiz_weight, course.assignment_weight]
    course.quiz_weight, course.assignment_weight = quiz_weight, assignment_weight
    course.full_clean()
    course.save(update_fields=["quiz_weight", "assignment_weight"])
    audit_event(
        actor=by,
        obj=course,
        event="gradebook_weights_set",
        details={"before": before, "after": [quiz_weight, assignment_weight]},
    )
    return course


def _require_listener(user: Any, module: Module) -> None:
    # IS-13: only authorised users – here the group's admitted listeners.
    if not selectors.is_group_listener(user, module.course.group):
        raise ValidationError(
            _("Only the listeners of this group study its online course."), code="not_listener"
        )
    if module.hidden:
        raise ValidationError(_("This module is hidden by its authors."), code="hidden")
    if not module.is_released():
        raise ValidationError(
            _("This module is available from %(date)s.")
            % {"date": module.release_on.strftime("%d.%m.%Y")},
            code="not_released",
        )


@transaction.atomic
def online_course_create(
    *,
    group: Group,
    title: str,
    description: str = "",
    by: Any,
    title_ru: str = "",
    title_en: str = "",
) -> OnlineCourse:
    """IS-13 online learning, TR-5: open the online course of a training group (one each).

    `title` is the Kazakh title; `title_ru`/`title_en` the others (missing: marked fallback).
    """
    group = Group.objects.select_for_update().get(pk=group.pk)
    _require_author(by, group)
    if OnlineCourse.objects.filter(group=group).exists():
        raise ValidationError(_("This group already has an online course."), code="exists")
    course = OnlineCourse(
        **translated_kwargs("title", title, ru=title_ru, en=title_en),
        group=group,
        description=description.strip(),
        created_by=by,
    )
    course.full_clean()
    course.save()
    audit_event(actor=by, obj=course, event="online_course_created", details={"group": group.pk})
    return course


@transaction.atomic
def module_add(
    *,
    course: OnlineCourse,
    title: str,
    text: str = "",
    file: Any = None,
    url: str = "",
    release_on: date | None = None,
    by: Any,
    completion: str = Completion.PASSED,
    title_ru: str = "",
    title_en: str = "",
) -> Module:
    """IS-13 teaching-methodical complex: add the next module with its material.

    `title` is the Kazakh title; `title_ru`/`title_en` the others (missing: marked fallback).

    1. Only the group's lecturers and the methodologists add modules.
    2. A module has a material: a text, a file (type and size checked) or a link.
    3. It is numbered after the last one (the course row is locked for the count).
    """
    course = OnlineCourse.objects.select_for_update().select_related("group").get(pk=course.pk)
    _require_author(by, course.group)
    text = sanitize(text)  # rich text: a <script> never reaches a listener's browser
    _check_rule(completion, MODULE_RULES)
    if not (text or file or url):
        raise ValidationError(_("Give the module a text, a file or a link."), code="empty")
    if file:
        check_upload(file)
    number = (course.modules.aggregate(n=Max("number"))["n"] or 0) + 1
    module = Module(
        **translated_kwargs("title", title, ru=title_ru, en=title_en),
        course=course,
        number=number,
        text=text,
        file=file or "",
        url=url,
        release_on=release_on,
        completion=completion,
        created_by=by,
    )
    module.full_clean()
    module.save()
    _save_revision(module, by)
    audit_event(actor=by, obj=module, event="module_added", details={"course": course.pk})
    notifications.notify_module_released(module)  # released now; a later date: the beat
    return module


def _save_revision(module: Module, by: Any) -> ModuleRevision:
    """Keep this state of the module as its next version (versions of a lesson are kept)."""
    last = module.revisions.aggregate(n=Max("version"))["n"] or 0
    return ModuleRevision.objects.create(
        module=module,
        version=last + 1,
        title=module.title_kk or module.title,
        text=module.text,
        url=module.url,
        file_name=module.file_name[:255],
        release_on=module.release_on,
        saved_by=by,
    )


def _locked_module(module: Module) -> Module:
    return (
        Module.objects.select_for_update()
        .select_related("course", "course__group")
        .get(pk=module.pk)
    )


@transaction.atomic
def module_edit(
    *,
    module: Module,
    title: str,
    text: str = "",
    file: Any = None,
    remove_file: bool = False,
    url: str = "",
    release_on: date | None = None,
    by: Any,
    completion: str | None = None,
    title_ru: str | None = None,
    title_en: str | None = None,
) -> Module:
    """Edit a module's title, material and release date; the new state is kept as a version.

    `title` is the Kazakh title; `title_ru`/`title_en` the others (None keeps them).

    1. Only the group's lecturers and the methodologists edit.
    2. The text is sanitised; a new file is checked; some material must remain.
    """
    module = _locked_module(module)
    _require_author(by, module.course.group)
    text = sanitize(text)
    keeps_file = bool(module.file) and not remove_file
    if not (text or file or url or keeps_file):
        raise ValidationError(_("Give the module a text, a file or a link."), code="empty")
    if file:
        check_upload(file)
        module.file = file
    elif remove_file:
        module.file = ""
    before = {"title": module.title_kk or module.title, "release_on": str(module.release_on or "")}
    assign(module, "title", title, ru=title_ru, en=title_en)
    module.text = text
    module.url = url
    module.release_on = release_on
    if completion:
        _check_rule(completion, MODULE_RULES)
        module.completion = completion
    module.full_clean()
    module.save()
    revision = _save_revision(module, by)
    audit_event(
        actor=by,
        obj=module,
        event="module_edited",
        details={"before": before, "version": revision.version},
    )
    return module


@transaction.atomic
def module_move(*, module: Module, direction: str, by: Any) -> Module:
    """Move a module one place up or down in its course (swaps numbers with its neighbour)."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Move a module up or down."), code="direction")
    course = (
        OnlineCourse.objects.select_for_update().select_related("group").get(pk=module.course_id)
    )
    _require_author(by, course.group)
    module = Module.objects.get(pk=module.pk)
    siblings = course.modules.exclude(pk=module.pk)
    if direction == "up":
        neighbour = siblings.filter(number__lt=module.number).order_by("-number").first()
    else:
        neighbour = siblings.filter(number__gt=module.number).order_by("number").first()
    if neighbour is None:
        raise ValidationError(
            _("Module %(module)s is already the first.")
            if direction == "up"
            else _("Module %(module)s is already the last."),
            code="edge",
            params={"module": module.number},
        )
    mine, theirs = module.number, neighbour.number
    module.number = 0  # free the number: (course, number) is unique
    module.save(update_fields=["number"])
    neighbour.number = mine
    neighbour.save(update_fields=["number"])
    module.number = theirs
    module.save(update_fields=["number"])
    audit_event(actor=by, obj=module, event="module_moved", details={"from": mine, "to": theirs})
    return module


@transaction.atomic
def module_set_hidden(*, module: Module, hidden: bool, by: Any) -> Module:
    """Hide a module from the listeners or show it again (authors still see it)."""
    module = _locked_module(module)
    _require_author(by, module.course.group)
    module.hidden = hidden
    module.save(update_fields=["hidden"])
    audit_event(
        actor=by, obj=module, event="module_hidden" if hidden else "module_shown", details={}
    )
    if not hidden:
        notifications.notify_module_released(module)  # those already told are not told again
    return module


@transaction.atomic
def module_delete(*, module: Module, by: Any) -> None:
    """Delete a module nobody has worked on yet; one with listeners' progress can be hidden.

    Deleting would erase listeners' self-check results (IS-13 summarising results), so it
    is refused once a listener has studied the module or taken its self-check.
    """
    module = _locked_module(module)
    _require_author(by, module.course.group)
    if module.progress.exists() or module.attempts.exists():
        raise ValidationError(
            _(
                "Module %(module)s already has listeners' results and cannot be deleted; "
                "hide it instead."
            ),
            code="has_results",
            params={"module": module},
        )
    audit_event(
        actor=by,
        obj=module,
        event="module_deleted",
        details={"course": module.course_id, "number": module.number, "title": module.title},
    )
    module.delete()


@transaction.atomic
def question_add(
    *, module: Module, text: str, options: Sequence[str], correct: int, by: Any
) -> Question:
    """Add a single-choice question to a module's self-check (2–4 options, one correct)."""
    _require_author(by, module.course.group)
    filled = [option.strip() for option in options if option and option.strip()]
    if len(filled) < 2 or len(filled) > MAX_OPTIONS:
        raise ValidationError(_("Give from two to four options."), code="options")
    if not 1 <= correct <= len(filled):
        raise ValidationError(
            {
                "correct": ValidationError(
                    _("Choose which of the options is correct."), code="correct"
                )
            }
        )
    padded = filled + [""] * (MAX_OPTIONS - len(filled))
    question = Question(
        module=module,
        text=text.strip(),
        option_1=padded[0],
        option_2=padded[1],
        option_3=padded[2],
        option_4=padded[3],
        correct=correct,
    )
    question.full_clean()
    question.save()
    audit_event(actor=by, obj=question, event="question_added", details={"module": module.pk})
    return question


def _question_fields(options: Sequence[str], correct: int) -> dict[str, Any]:
    filled = [option.strip() for option in options if option and option.strip()]
    if len(filled) < 2 or len(filled) > MAX_OPTIONS:
        raise ValidationError(_("Give from two to four options."), code="options")
    if not 1 <= correct <= len(filled):
        raise ValidationError(
            {
                "correct": ValidationError(
                    _("Choose which of the options is correct."), code="correct"
                )
            }
        )
    padded = filled + [""] * (MAX_OPTIONS - len(filled))
    return {f"option_{n}": padded[n - 1] for n in range(1, MAX_OPTIONS + 1)} | {"correct": correct}


@transaction.atomic
def question_edit(
    *, question: Question, text: str, options: Sequence[str], correct: int, by: Any
) -> Question:
    """Edit a self-check question (past attempts keep the score they had)."""
    question = (
        Question.objects.select_for_update()
        .select_related("module__course__group")
        .get(pk=question.pk)
    )
    _require_author(by, question.module.course.group)
    fields = _question_fields(options, correct)
    question.text = text.strip()
    for name, value in fields.items():
        setattr(question, name, value)
    question.full_clean()
    question.save()
    audit_event(actor=by, obj=question, event="question_edited", details={})
    return question


@transaction.atomic
def question_delete(*, question: Question, by: Any) -> None:
    """Delete a self-check question (past attempts keep the score they had)."""
    question = Question.objects.select_related("module__course__group").get(pk=question.pk)
    _require_author(by, question.module.course.group)
    audit_event(
        actor=by,
        obj=question,
        event="question_deleted",
        details={"module": question.module_id, "text": question.text[:200]},
    )
    question.delete()


def _progress_for(module: Module, listener: Any) -> Progress:
    progress, _created = Progress.objects.select_for_update().get_or_create(
        module=module, listener=listener, defaults={"last_activity_at": timezone.now()}
    )
    return progress


@transaction.atomic
def module_mark_studied(*, module: Module, by: Any) -> Progress:
    """IS-13 summarising results: a listener records having studied a module's material."""
    _require_listener(by, module)
    progress = _progress_for(module, by)
    now = timezone.now()
    if progress.studied_at is None:
        progress.studied_at = now
    progress.last_activity_at = now
    progress.save(update_fields=["studied_at", "last_activity_at"])
    return progress


@transaction.atomic
def self_check_submit(*, module: Module, answers: Mapping[int, int], by: Any) -> Attempt:
    """IS-13 summarising results: take a module's self-check; retries are allowed.

    1. Only an admitted listener of the group, and only once the module is released.
    2. Every question is answered with one of its options.
    3. The attempt is recorded; the listener's best score is kept.
    """
    _require_listener(by, module)
    questions = list(module.questions.all())
    if not questions:
        raise ValidationError(_("This module has no self-check."), code="no_quiz")
    for question in questions:
        choice = answers.get(question.pk)
        if choice not in {number for number, _text in question.options()}:
            raise ValidationError(_("Answer every question."), code="unanswered")
    correct = sum(1 for q in questions if answers[q.pk] == q.correct)
    percent = round(100 * correct / len(questions))
    attempt = Attempt.objects.create(
        module=module, listener=by, correct=correct, total=len(questions), percent=percent
    )
    progress = _progress_for(module, by)
    progress.attempts += 1
    progress.best_percent = max(progress.best_percent or 0, percent)
    progress.last_activity_at = timezone.now()
    progress.save(update_fields=["attempts", "best_percent", "last_activity_at"])
    return attempt


@transaction.atomic
def document_upload(
    *, kind: str, title_kk: str, title_ru: str = "", title_en: str = "", file: Any, by: Any
) -> Document:
    """IS-13: add a programme, curriculum, TMC or scientific-methodical document.

    Only the methodologists (and administrators) keep the repository; the file is checked.
    """
    if not user_has_role(by, *selectors.MANAGE_ROLES):
        raise ValidationError(
            _("Only a methodologist or an administrator may upload documents."), code="role"
        )
    if not file:
        raise ValidationError({"file": ValidationError(_("Attach the file."), code="empty")})
    check_upload(file)
    document = Document(
        kind=kind,
        title_kk=title_kk.strip(),
        title_ru=title_ru.strip() or title_kk.strip(),
        title_en=title_en.strip() or title_ru.strip() or title_kk.strip(),
        file=file,
        uploaded_by=by,
    )
    document.full_clean()
    document.save()
    audit_event(actor=by, obj=document, event="document_uploaded", details={"kind": kind})
    return document


def timetable_start(group: Group) -> date:
    """The first day of the group's timetable: its first dated class, else the course start."""
    first = (
        Lesson.objects.filter(programme__group=group, starts_at__isnull=False)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    return timezone.localdate(first) if first else group.course.start_date


@transaction.atomic
def course_copy(*, source: OnlineCourse, group: Group, by: Any) -> OnlineCourse:
    """Course templates: copy an online course (modules, materials, questions) to a new group.

    1. Only a methodologist (or administrator) copies, and only to a group without a course.
    2. Release dates move by the distance between the two groups' timetable starts.
    3. Files are copied under new random names; hidden modules stay hidden.
    """
    if not user_has_role(by, *selectors.MANAGE_ROLES):
        raise ValidationError(
            _("Only a methodologist or an administrator may copy a course."), code="role"
        )
    group = Group.objects.select_for_update().select_related("course").get(pk=group.pk)
    source = OnlineCourse.objects.select_related("group", "group__course").get(pk=source.pk)
    if source.group_id == group.pk or OnlineCourse.objects.filter(group=group).exists():
        raise ValidationError(
            _("Group %(group)s already has an online course.") % {"group": group},
            code="exists",
        )
    shift = timetable_start(group) - timetable_start(source.group)
    course = OnlineCourse(
        **translated_kwargs(
            "title", source.title_kk or source.title, ru=source.title_ru, en=source.title_en
        ),
        group=group,
        description=source.description,
        created_by=by,
    )
    course.full_clean()
    course.save()
    for old in source.modules.prefetch_related("questions"):
        module = Module(
            **translated_kwargs(
                "title", old.title_kk or old.title, ru=old.title_ru, en=old.title_en
            ),
            course=course,
            number=old.number,
            text=old.text,
            url=old.url,
            hidden=old.hidden,
            completion=old.completion,
            release_on=old.release_on + shift if old.release_on else None,
            created_by=by,
        )
        if old.file:
            with old.file.open("rb") as handle:
                module.file.save(Path(old.file.name).name, ContentFile(handle.read()), save=False)
        module.full_clean()
        module.save()
        _save_revision(module, by)
        Question.objects.bulk_create(
            Question(
                module=module,
                text=q.text,
                option_1=q.option_1,
                option_2=q.option_2,
                option_3=q.option_3,
                option_4=q.option_4,
                correct=q.correct,
            )
            for q in old.questions.all()
        )
    _copy_activities(source, course, shift, by)
    audit_event(
        actor=by,
        obj=course,
        event="online_course_copied",
        details={"from": source.pk, "group": group.pk, "shift_days": shift.days},
    )
    return course


def _copy_activities(source: OnlineCourse, course: OnlineCourse, shift: Any, by: Any) -> None:
    """Course templates: the quizzes (a new exam on the same blueprint: the questions are
    drawn afresh for the new group) and the SCORM packages (the zip under a new name),
    placed in the module of the same number, and the assignments, dates shifted like the
    modules'."""
    from academy.exams.models import Exam

    from .models import CourseQuiz, ScormPackage

    modules = {m.number: m for m in course.modules.all()}
    course.quiz_weight, course.assignment_weight = source.quiz_weight, source.assignment_weight
    course.save(update_fields=["quiz_weight", "assignment_weight"])
    for quiz in source.quizzes.select_related("exam", "module"):
        old = quiz.exam
        exam = Exam.objects.create(
            title=old.title,
            kind=old.kind,
            audience=old.audience,
            language=old.language,
            status=Exam.Status.OPEN,
            blueprint=old.blueprint,
            duration_minutes=old.duration_minutes,
            attempts_allowed=old.attempts_allowed,
            immediate_feedback=old.immediate_feedback,
            answers_released=old.answers_released,
        )
        CourseQuiz.objects.create(
            course=course,
            module=modules.get(quiz.module.number) if quiz.module else None,
            exam=exam,
            mode=quiz.mode,
            grading=quiz.grading,
            pass_percent=quiz.pass_percent,
            completion=quiz.completion,
            due_on=quiz.due_on + shift if quiz.due_on else None,
            created_by=by,
        )
    for task in source.assignments.all():
        Assignment.objects.create(
            course=course,
            title=task.title,
            instructions=task.instructions,
            due_on=task.due_on + shift,
            working_days=task.working_days,
            max_points=task.max_points,
            completion=task.completion,
            pass_percent=task.pass_percent,
            created_by=by,
        )
    for package in source.scorm_packages.select_related("module"):
        copy = ScormPackage(
            course=course,
            module=modules.get(package.module.number) if package.module else None,
            title=package.title,
            identifier=package.identifier,
            launch=package.launch,
            mastery_score=package.mastery_score,
            completion=package.completion,
            uploaded_by=by,
        )
        with package.file.open("rb") as handle:
            copy.file.save(Path(package.file.name).name, ContentFile(handle.read()), save=False)
        copy.save()


# ---- Assignments (issue 14) ----


def _require_group_listener(user: Any, course: OnlineCourse) -> None:
    if not selectors.is_group_listener(user, course.group):
        raise ValidationError(
            _("Only the listeners of this group study its online course."), code="not_listener"
        )


@transaction.atomic
def assignment_create(
    *,
    course: OnlineCourse,
    title: str,
    instructions: str,
    due_on: date | None = None,
    working_days: int | None = None,
    max_points: int = 100,
    by: Any,
    completion: str = Completion.SUBMITTED,
    pass_percent: int = 50,
) -> Assignment:
    """Give the group an assignment: sanitised instructions, a due date and maximum points.

    The due date is either a calendar date or counted in working days from today
    (public holidays and the Academy's overrides skipped, academy.core.workdays).
    """
    course = OnlineCourse.objects.select_related("group").get(pk=course.pk)
    _require_author(by, course.group)
    instructions = sanitize(instructions)
    _check_rule(completion, ASSIGNMENT_RULES)
    if not instructions:
        raise ValidationError(
            {"instructions": ValidationError(_("Write the instructions."), code="empty")}
        )
    if working_days:
        due_on = add_working_days(timezone.localdate(), working_days)
    if due_on is None:
        raise ValidationError(
            {
                "due_on": ValidationError(
                    _("Give a due date or the number of working days."), code="no_due"
                )
            }
        )
    assignment = Assignment(
        course=course,
        title=title.strip(),
        instructions=instructions,
        due_on=due_on,
        working_days=working_days or None,
        max_points=max_points,
        completion=completion,
        pass_percent=pass_percent,
        created_by=by,
    )
    assignment.full_clean()
    assignment.save()
    audit_event(actor=by, obj=assignment, event="assignment_created", details={})
    return assignment


@transaction.atomic
def submission_submit(
    *, assignment: Assignment, text: str = "", file: Any = None, by: Any
) -> Submission:
    """A listener submits (or resubmits, until graded) a text or a file; lateness is marked.

    1. Only an admitted listener of the assignment's group.
    2. A text or a file (type, size and content checked; stored under a random name).
    3. After the due date the submission is accepted but marked late.
    """
    assignment = Assignment.objects.select_related("course__group").get(pk=assignment.pk)
    _require_group_listener(by, assignment.course)
    text = text.strip()
    if not (text or file):
        raise ValidationError(_("Write an answer or attach a file."), code="empty")
    if file:
        check_upload(file)
    now = timezone.now()
    submission = (
        Submission.objects.select_for_update().filter(assignment=assignment, listener=by).first()
    )
    if submission is None:
        submission = Submission(assignment=assignment, listener=by, times=0)
    elif submission.graded:
        raise ValidationError(
            _("Your answer has already been graded and cannot be changed."), code="graded"
        )
    submission.text = text
    if file:
        submission.file = file
    elif text:
        submission.file = ""
    submission.submitted_at = now
    submission.times += 1
    submission.late = timezone.localdate(now) > assignment.due_on
    submission.full_clean()
    submission.save()
    audit_event(
        actor=by,
        obj=submission,
        event="assignment_submitted",
        details={"times": submission.times, "late": submission.late},
    )
    return submission


@transaction.atomic
def submission_grade(
    *, submission: Submission, points: int, feedback: str = "", by: Any
) -> Submission:
    """Grade a submission with points and written feedback; the listener is notified."""
    submission = (
        Submission.objects.select_for_update()
        .select_related("assignment__course__group", "listener")
        .get(pk=submission.pk)
    )
    assignment = submission.assignment
    _require_author(by, assignment.course.group)
    if not 0 <= points <= assignment.max_points:
        raise ValidationError(
            {
                "points": ValidationError(
                    _("Give from 0 to %(max)s points.") % {"max": assignment.max_points},
                    code="points",
                )
            }
        )
    submission.points = points
    submission.feedback = feedback.strip()
    submission.graded_by = by
    submission.graded_at = timezone.now()
    submission.save(update_fields=["points", "feedback", "graded_by", "graded_at"])
    audit_event(actor=by, obj=submission, event="assignment_graded", details={"points": points})
    notifications.notify_graded(submission)
    return submission

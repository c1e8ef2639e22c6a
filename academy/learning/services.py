"""Writes of the distance learning system (IS-13): authoring, studying, self-checks, documents."""

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.accounts.permissions import user_has_role
from academy.core.audit import audit_event
from academy.core.uploads import check_upload_content
from academy.training.models import Group

from . import selectors
from .models import MAX_OPTIONS, Attempt, Document, Module, OnlineCourse, Progress, Question

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


def _require_listener(user: Any, module: Module) -> None:
    # IS-13: only authorised users – here the group's admitted listeners.
    if not selectors.is_group_listener(user, module.course.group):
        raise ValidationError(
            _("Only the listeners of this group study its online course."), code="not_listener"
        )
    if not module.is_released():
        raise ValidationError(
            _("This module is available from %(date)s.")
            % {"date": module.release_on.strftime("%d.%m.%Y")},
            code="not_released",
        )


@transaction.atomic
def online_course_create(
    *, group: Group, title: str, description: str = "", by: Any
) -> OnlineCourse:
    """IS-13 online learning, TR-5: open the online course of a training group (one each)."""
    group = Group.objects.select_for_update().get(pk=group.pk)
    _require_author(by, group)
    if OnlineCourse.objects.filter(group=group).exists():
        raise ValidationError(_("This group already has an online course."), code="exists")
    course = OnlineCourse(
        group=group, title=title.strip(), description=description.strip(), created_by=by
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
) -> Module:
    """IS-13 teaching-methodical complex: add the next module with its material.

    1. Only the group's lecturers and the methodologists add modules.
    2. A module has a material: a text, a file (type and size checked) or a link.
    3. It is numbered after the last one (the course row is locked for the count).
    """
    course = OnlineCourse.objects.select_for_update().select_related("group").get(pk=course.pk)
    _require_author(by, course.group)
    text = text.strip()
    if not (text or file or url):
        raise ValidationError(_("Give the module a text, a file or a link."), code="empty")
    if file:
        check_upload(file)
    number = (course.modules.aggregate(n=Max("number"))["n"] or 0) + 1
    module = Module(
        course=course,
        number=number,
        title=title.strip(),
        text=text,
        file=file or "",
        url=url,
        release_on=release_on,
        created_by=by,
    )
    module.full_clean()
    module.save()
    audit_event(actor=by, obj=module, event="module_added", details={"course": course.pk})
    return module


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
    return question


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

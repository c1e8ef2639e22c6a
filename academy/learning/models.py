"""IS-13: the distance learning system – online courses, self-checks, progress, documents.

An online course belongs to one training group (TR-5: the first two weeks of judges'
retraining are distance learning). Files are stored under unguessable paths and served
only through access-checked views.
"""

import uuid
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academy.training.models import Group

from .richtext import rich_text_html

# A self-check counts as passed from this share of correct answers (a module is then done).
SELF_CHECK_PASS_PERCENT = 50
MAX_OPTIONS = 4


class Completion(models.TextChoices):
    """When an activity counts as done for a listener (issue 14: completion rules)."""

    VIEWED = "viewed", _("Viewed")
    SUBMITTED = "submitted", _("Submitted")
    GRADED = "graded", _("Graded")
    PASSED = "passed", _("Passed")


# Rules that make sense for each kind of activity (checked by the services).
MODULE_RULES = (Completion.VIEWED, Completion.PASSED)
ASSIGNMENT_RULES = (Completion.SUBMITTED, Completion.GRADED, Completion.PASSED)
QUIZ_RULES = (Completion.SUBMITTED, Completion.GRADED, Completion.PASSED)
SCORM_RULES = (Completion.VIEWED, Completion.SUBMITTED, Completion.PASSED)
DEFAULT_PASS_PERCENT = 50


def _unguessable(folder: str, filename: str) -> str:
    return f"learning/{folder}/{timezone.now():%Y}/{uuid.uuid4().hex}/{Path(filename).name}"


def module_upload_to(instance: "Module", filename: str) -> str:
    return _unguessable("modules", filename)


def document_upload_to(instance: "Document", filename: str) -> str:
    return _unguessable("documents", filename)


class OnlineCourse(models.Model):
    """IS-13 online learning: the distance part of one training group's course."""

    group = models.OneToOneField(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="online_course"
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Gradebook: the course grade weighs the two categories, in percent (sum 100).
    quiz_weight = models.PositiveSmallIntegerField(_("weight of quizzes, %"), default=50)
    assignment_weight = models.PositiveSmallIntegerField(_("weight of assignments, %"), default=50)

    class Meta:
        verbose_name = _("online course")
        verbose_name_plural = _("online courses")
        ordering = ["-group__course__start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quiz_weight__lte=100)
                & Q(quiz_weight=100 - models.F("assignment_weight")),
                name="learning_course_weights_sum_100",
                violation_error_message=_("The weights of the categories must add up to 100."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:course_detail", args=[self.pk])


class Module(models.Model):
    """An ordered module of an online course: its teaching material and release date."""

    course = models.ForeignKey(
        OnlineCourse,
        verbose_name=_("online course"),
        on_delete=models.CASCADE,
        related_name="modules",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=255)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to=module_upload_to, blank=True)
    url = models.URLField(_("link"), blank=True)
    release_on = models.DateField(_("available from"), null=True, blank=True)
    # Hidden modules are kept for their authors but listeners do not see them.
    hidden = models.BooleanField(_("hidden from listeners"), default=False)
    # Viewed: the material studied; passed: studied and the self-check (if any) passed.
    completion = models.CharField(
        _("completed when"), max_length=10, choices=Completion.choices, default=Completion.PASSED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["course", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "number"],
                name="learning_module_number_unique",
                violation_error_message=_("A module with this number already exists."),
            ),
            models.CheckConstraint(
                condition=~Q(text="") | ~Q(file="") | ~Q(url=""),
                name="learning_module_has_material",
                violation_error_message=_("Give the module a text, a file or a link."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("learning:module_detail", args=[self.pk])

    def is_released(self, day: date | None = None) -> bool:
        return self.release_on is None or self.release_on <= (day or timezone.localdate())

    @property
    def html(self) -> str:
        """The material as safe HTML: sanitised again on output; plain text gets paragraphs."""
        return rich_text_html(self.text)

    @property
    def paragraphs(self) -> list[str]:
        """The text as plain paragraphs (blank-line separated); templates escape each."""
        blocks = self.text.replace("\r\n", "\n").split("\n\n")
        return [" ".join(block.split()) for block in blocks if block.strip()]

    @property
    def file_name(self) -> str:
        return Path(self.file.name).name if self.file else ""


class ModuleRevision(models.Model):
    """A saved version of a module's material: one is kept on every save (issue 14)."""

    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="revisions"
    )
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=255)
    text = models.TextField(_("text"), blank=True)
    url = models.URLField(_("link"), blank=True)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    release_on = models.DateField(_("available from"), null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    saved_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("module version")
        verbose_name_plural = _("module versions")
        ordering = ["module", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["module", "version"], name="learning_revision_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.module} v{self.version}"

    @property
    def html(self) -> str:
        return rich_text_html(self.text)


class Question(models.Model):
    """A single-choice question of a module's self-check: up to four options, one correct."""

    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.TextField(_("question"))
    option_1 = models.CharField(_("option 1"), max_length=500)
    option_2 = models.CharField(_("option 2"), max_length=500)
    option_3 = models.CharField(_("option 3"), max_length=500, blank=True)
    option_4 = models.CharField(_("option 4"), max_length=500, blank=True)
    correct = models.PositiveSmallIntegerField(_("correct option"))

    class Meta:
        verbose_name = _("self-check question")
        verbose_name_plural = _("self-check questions")
        ordering = ["module", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(correct__gte=1, correct__lte=MAX_OPTIONS),
                name="learning_question_correct_in_range",
                violation_error_message=_("The correct option must be one of the options."),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def options(self) -> list[tuple[int, str]]:
        """The filled options as (number, text)."""
        values = [self.option_1, self.option_2, self.option_3, self.option_4]
        return [(index, text) for index, text in enumerate(values, start=1) if text]


class Progress(models.Model):
    """IS-13 summarising results: one listener's progress in one module."""

    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="progress"
    )
    listener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("listener"),
        on_delete=models.PROTECT,
        related_name="learning_progress",
    )
    studied_at = models.DateTimeField(_("material studied at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("self-check attempts"), default=0)
    best_percent = models.PositiveSmallIntegerField(_("best self-check score, %"), null=True)
    last_activity_at = models.DateTimeField(_("last activity"))

    class Meta:
        verbose_name = _("module progress")
        verbose_name_plural = _("module progress")
        constraints = [
            models.UniqueConstraint(
                fields=["module", "listener"], name="learning_progress_once_per_listener"
            ),
            models.CheckConstraint(
                condition=Q(best_percent__isnull=True) | Q(best_percent__lte=100),
                name="learning_progress_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.listener} – {self.module}"


class Attempt(models.Model):
    """One taking of a module's self-check (retries are allowed; each is kept)."""

    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="attempts"
    )
    listener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("listener"),
        on_delete=models.PROTECT,
        related_name="learning_attempts",
    )
    correct = models.PositiveSmallIntegerField(_("correct answers"))
    total = models.PositiveSmallIntegerField(_("questions"))
    percent = models.PositiveSmallIntegerField(_("score, %"))
    taken_at = models.DateTimeField(_("taken at"), auto_now_add=True)

    class Meta:
        verbose_name = _("self-check attempt")
        verbose_name_plural = _("self-check attempts")
        ordering = ["-taken_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(correct__lte=models.F("total")),
                name="learning_attempt_correct_le_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.listener} – {self.module}: {self.percent}%"


class Document(models.Model):
    """IS-13: a document of the repository (programmes, curricula, TMCs, SM documents)."""

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("Educational programme")
        CURRICULUM = "curriculum", _("Working curriculum")
        TMC = "tmc", _("Teaching-methodical complex")
        SCIENTIFIC = "scientific", _("Scientific-methodical document")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)  # translated: title_kk/ru/en
    file = models.FileField(_("file"), upload_to=document_upload_to)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("repository document")
        verbose_name_plural = _("repository documents")
        ordering = ["kind", "-uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def file_name(self) -> str:
        return Path(self.file.name).name if self.file else ""


def submission_upload_to(instance: "Submission", filename: str) -> str:
    return _unguessable("submissions", filename)


class Assignment(models.Model):
    """An assignment of an online course: instructions, a due date, points (issue 14)."""

    course = models.ForeignKey(
        OnlineCourse,
        verbose_name=_("online course"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    title = models.CharField(_("title"), max_length=255)
    instructions = models.TextField(_("instructions"))
    due_on = models.DateField(_("due date"))
    # Set when the lecturer counted the due date in working days (academy.core.workdays).
    working_days = models.PositiveSmallIntegerField(
        _("working days to complete"), null=True, blank=True
    )
    max_points = models.PositiveSmallIntegerField(_("maximum points"), default=100)
    completion = models.CharField(
        _("completed when"),
        max_length=10,
        choices=Completion.choices,
        default=Completion.SUBMITTED,
    )
    pass_percent = models.PositiveSmallIntegerField(
        _("passed from, % of the points"), default=DEFAULT_PASS_PERCENT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["course", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_points__gt=0), name="learning_assignment_points_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:assignment_detail", args=[self.pk])

    @property
    def html(self) -> str:
        return rich_text_html(self.instructions)


class Submission(models.Model):
    """A listener's answer to an assignment; replaced by resubmission until it is graded."""

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="submissions",
    )
    listener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("listener"),
        on_delete=models.PROTECT,
        related_name="learning_submissions",
    )
    text = models.TextField(_("answer"), blank=True)
    file = models.FileField(_("file"), upload_to=submission_upload_to, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    times = models.PositiveSmallIntegerField(_("times submitted"), default=1)
    late = models.BooleanField(_("submitted late"), default=False)
    points = models.PositiveSmallIntegerField(_("points"), null=True, blank=True)
    feedback = models.TextField(_("feedback"), blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("graded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    graded_at = models.DateTimeField(_("graded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["assignment", "listener__surname", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "listener"], name="learning_submission_once_per_listener"
            ),
            models.CheckConstraint(
                condition=~Q(text="") | ~Q(file=""), name="learning_submission_has_answer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.listener} – {self.assignment}"

    @property
    def graded(self) -> bool:
        return self.points is not None

    @property
    def file_name(self) -> str:
        return Path(self.file.name).name if self.file else ""

    @property
    def paragraphs(self) -> list[str]:
        blocks = self.text.replace("\r\n", "\n").split("\n\n")
        return [" ".join(block.split()) for block in blocks if block.strip()]


class CourseQuiz(models.Model):
    """A quiz of an online course, taken in the exam engine (issue 14: one engine).

    The exam (a computer test without a group, so TR-21 does not bind it) holds the
    blueprint drawn from the bank's categories, the duration, the attempts limit and
    whether answers are checked at once; this row places it in the course.
    """

    class Mode(models.TextChoices):
        PRACTICE = "practice", _("Practice (answers checked at once, not graded)")
        GRADED = "graded", _("Graded")

    class Grading(models.TextChoices):
        BEST = "best", _("Best attempt")
        LAST = "last", _("Last attempt")

    course = models.ForeignKey(
        OnlineCourse,
        verbose_name=_("online course"),
        on_delete=models.CASCADE,
        related_name="quizzes",
    )
    module = models.ForeignKey(
        Module,
        verbose_name=_("module"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quizzes",
    )
    exam = models.OneToOneField(
        "exams.Exam", verbose_name=_("test"), on_delete=models.PROTECT, related_name="course_quiz"
    )
    mode = models.CharField(_("kind of quiz"), max_length=10, choices=Mode.choices)
    grading = models.CharField(
        _("grade counted"), max_length=5, choices=Grading.choices, default=Grading.BEST
    )
    pass_percent = models.PositiveSmallIntegerField(
        _("passed from, %"), default=DEFAULT_PASS_PERCENT
    )
    completion = models.CharField(
        _("completed when"),
        max_length=10,
        choices=Completion.choices,
        default=Completion.SUBMITTED,
    )
    due_on = models.DateField(_("to be done by"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("course quiz")
        verbose_name_plural = _("course quizzes")
        ordering = ["course", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_percent__lte=100), name="learning_quiz_pass_percent_range"
            ),
        ]

    def __str__(self) -> str:
        return self.exam.title

    def get_absolute_url(self) -> str:
        return reverse("learning:quiz_detail", args=[self.pk])

    @property
    def title(self) -> str:
        return self.exam.title

    @property
    def counts_in_grade(self) -> bool:
        return self.mode == self.Mode.GRADED


def scorm_upload_to(instance: "ScormPackage", filename: str) -> str:
    return _unguessable("scorm", filename)


class ScormPackage(models.Model):
    """A SCORM 1.2 package played as a lesson of the course (issue 14: standards).

    The zip is kept whole (size-limited, its manifest parsed on upload) and its files
    are served from it, same-origin, to the player's iframe.
    """

    course = models.ForeignKey(
        OnlineCourse,
        verbose_name=_("online course"),
        on_delete=models.CASCADE,
        related_name="scorm_packages",
    )
    module = models.ForeignKey(
        Module,
        verbose_name=_("module"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scorm_packages",
    )
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("package"), upload_to=scorm_upload_to)
    identifier = models.CharField(_("identifier"), max_length=255, blank=True)
    launch = models.CharField(_("start page"), max_length=500)
    mastery_score = models.PositiveSmallIntegerField(_("mastery score"), null=True, blank=True)
    completion = models.CharField(
        _("completed when"),
        max_length=10,
        choices=Completion.choices,
        default=Completion.SUBMITTED,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("SCORM package")
        verbose_name_plural = _("SCORM packages")
        ordering = ["course", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:scorm_player", args=[self.pk])

    @property
    def launch_path(self) -> str:
        return self.launch.split("?", 1)[0]

    @property
    def launch_query(self) -> str:
        return self.launch.split("?", 1)[1] if "?" in self.launch else ""


class ScormTrack(models.Model):
    """What a SCORM 1.2 package reported for one listener (cmi.core.* and suspend data)."""

    class Status(models.TextChoices):
        NOT_ATTEMPTED = "not attempted", _("Not attempted")
        BROWSED = "browsed", _("Browsed")
        INCOMPLETE = "incomplete", _("Incomplete")
        COMPLETED = "completed", _("Completed")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")

    package = models.ForeignKey(
        ScormPackage,
        verbose_name=_("SCORM package"),
        on_delete=models.CASCADE,
        related_name="tracks",
    )
    listener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("listener"),
        on_delete=models.PROTECT,
        related_name="scorm_tracks",
    )
    lesson_status = models.CharField(
        _("lesson status"), max_length=14, choices=Status.choices, default=Status.NOT_ATTEMPTED
    )
    score_raw = models.DecimalField(
        _("score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    score_max = models.DecimalField(
        _("maximum score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    lesson_location = models.CharField(_("location"), max_length=255, blank=True)
    suspend_data = models.TextField(_("suspend data"), blank=True)
    total_time = models.CharField(_("total time"), max_length=20, blank=True)
    commits = models.PositiveIntegerField(_("commits"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("SCORM result")
        verbose_name_plural = _("SCORM results")
        constraints = [
            models.UniqueConstraint(
                fields=["package", "listener"], name="learning_scorm_track_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.listener} – {self.package}: {self.lesson_status}"

    @property
    def percent(self) -> float | None:
        if self.score_raw is None:
            return None
        top = self.score_max or 100
        return round(float(self.score_raw) * 100 / float(top), 1) if top else None

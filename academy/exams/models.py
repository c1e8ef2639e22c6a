"""Exams: question bank, blueprints, attempts, commissions, grades and results.

The attempt engine (Attempt / AttemptItem / AttemptEvent) is generic so that the
distance-learning quizzes can reuse it with their own blueprints.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    KK = "kk", "Қазақша"
    RU = "ru", "Русский"


class QuestionLanguage(models.TextChoices):
    """A bank question's language: the exam languages plus English (Moodle imports)."""

    KK = "kk", "Қазақша"
    RU = "ru", "Русский"
    EN = "en", "English"


class TextFormat(models.TextChoices):
    """How a question version's texts are stored: plain text or sanitised HTML."""

    PLAIN = "plain", _("Plain text")
    HTML = "html", _("HTML")


class QuestionCategory(models.Model):
    """A branch of law or a topic; categories nest."""

    name = models.CharField(_("name"), max_length=255)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="exams_category_unique_name_in_parent"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="exams_category_unique_top_level_name",
            ),
        ]

    def __str__(self) -> str:
        return self.path

    @property
    def path(self) -> str:
        names = [self.name]
        node = self.parent
        while node is not None:
            names.append(node.name)
            node = node.parent
        return " / ".join(reversed(names))

    def descendant_ids(self) -> list[int]:
        """This category's id and those of all categories below it."""
        ids = [self.pk]
        frontier = [self.pk]
        while frontier:
            frontier = list(
                QuestionCategory.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            )
            ids.extend(frontier)
        return ids


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "truefalse", _("True/false")
    MATCHING = "matching", _("Matching")
    SHORT = "short", _("Short answer")
    NUMERICAL = "numerical", _("Numerical")
    ESSAY = "essay", _("Essay")
    DESCRIPTION = "description", _("Description")


class Question(models.Model):
    """A bank question; its wording and answers live in versions (never edited in place)."""

    category = models.ForeignKey(
        QuestionCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    qtype = models.CharField(_("type"), max_length=12, choices=QuestionType.choices)
    language = models.CharField(_("language"), max_length=2, choices=QuestionLanguage.choices)
    name = models.CharField(_("title"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    current_version = models.ForeignKey(
        "QuestionVersion",
        verbose_name=_("current version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["category__name", "pk"]

    def __str__(self) -> str:
        if self.name or self.current_version is None:
            return self.name
        from .services.text import plain_text  # pure text helpers, no model imports

        return plain_text(self.current_version.text, self.current_version.text_format)[:80]


class QuestionVersion(models.Model):
    """One immutable wording of a question; attempts point at the version they were given."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    # Every fraction is one of Moodle's grade fractions (bank.FRACTIONS).
    # single/multiple: {"options": [{"id", "text", "fraction", "correct", "feedback"}]}
    # truefalse: {"answer": bool, "feedback_true", "feedback_false"}
    # matching: {"pairs": [{"id", "left", "right"}]}, left "" = an extra (distractor) answer
    # short: {"answers": [{"text", "fraction", "feedback"}], "case_sensitive": bool}
    # numerical: {"answers": [{"value" (number or "*"), "tolerance", "fraction", "feedback"}]}
    # essay, description: {}
    payload = models.JSONField(_("answers"), blank=True)
    # The texts of the version (question, options, feedback, matching left sides) are
    # plain text or sanitised HTML; answers typed by the examinee are always plain.
    text_format = models.CharField(
        _("text format"), max_length=5, choices=TextFormat.choices, default=TextFormat.PLAIN
    )
    general_feedback = models.TextField(_("feedback"), blank=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")
        ordering = ["question", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "number"], name="exams_version_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id} v{self.number}"


class Blueprint(models.Model):
    """How many items to draw from which categories (TR-21 defaults: 50 × 2 points, 50 min)."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    points_per_item = models.PositiveSmallIntegerField(_("points per item"), default=2)
    duration_minutes = models.PositiveSmallIntegerField(_("duration, minutes"), default=50)

    class Meta:
        verbose_name = _("test blueprint")
        verbose_name_plural = _("test blueprints")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(points_per_item__gte=1) & Q(duration_minutes__gte=1),
                name="exams_blueprint_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def total_items(self) -> int:
        return sum(rule.count for rule in self.rules.all())


class BlueprintRule(models.Model):
    blueprint = models.ForeignKey(
        Blueprint, verbose_name=_("blueprint"), on_delete=models.CASCADE, related_name="rules"
    )
    category = models.ForeignKey(
        QuestionCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveSmallIntegerField(_("number of items"))
    include_subcategories = models.BooleanField(_("include sub-categories"), default=True)

    class Meta:
        verbose_name = _("blueprint rule")
        verbose_name_plural = _("blueprint rules")
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="exams_rule_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.category} × {self.count}"


class CaseForm(models.TextChoices):
    # TR-22: the two forms of a case.
    QUESTIONS = "questions", _("Case with questions on substantive and procedural law")
    DECISION = "decision", _("Case requiring a reasoned judicial decision")


class CaseTask(models.Model):
    """A written case modelling a court situation in a specialisation (TR-22)."""

    title = models.CharField(_("title"), max_length=255)
    specialisation = models.CharField(_("specialisation"), max_length=30)
    form = models.CharField(_("form"), max_length=12, choices=CaseForm.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    text = models.TextField(_("case text"))

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["specialisation", "title"]

    def __str__(self) -> str:
        return self.title

    def get_specialisation_display(self) -> str:
        """The TR-17 name of the specialisation; a code the list does not know stays as typed."""
        from academy.accounts.models import User

        return str(dict(User.Specialisation.choices).get(self.specialisation, self.specialisation))


class Exam(models.Model):
    class Kind(models.TextChoices):
        COMPUTER_TEST = "computer_test", _("Computer test")
        WRITTEN_CASE = "written_case", _("Written case solution")
        ORAL = "oral", _("Oral exam")

    class Audience(models.TextChoices):
        JUDGES = "judges", _("Judges")
        COURT_STAFF = "court_staff", _("Court staff")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        CONFIRMED = "confirmed", _("Results confirmed")

    title = models.CharField(_("title"), max_length=255)
    group = models.ForeignKey(
        "training.Group",
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exams",
    )
    kind = models.CharField(_("exam form"), max_length=20, choices=Kind.choices)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.KK
    )
    exam_date = models.DateField(_("exam date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    blueprint = models.ForeignKey(
        Blueprint,
        verbose_name=_("blueprint"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exams",
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duration, minutes"), default=50)
    cases = models.ManyToManyField(CaseTask, verbose_name=_("cases"), blank=True)
    online_session_url = models.URLField(_("online session link"), blank=True)
    grade_spread_threshold = models.PositiveSmallIntegerField(
        _("allowed spread of grades"),
        default=20,
        help_text=_("Grades of commission members further apart than this are flagged."),
    )
    answers_released = models.BooleanField(_("correct answers shown to listeners"), default=False)
    # Quizzes of an online course (issue 14) reuse the engine: more than one attempt
    # (empty: no limit; enforced by attempt_retake) and, for practice, each answer
    # checked as soon as it is given (attempt_item_check). A group's exam keeps 1 and off.
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), null=True, blank=True, default=1, help_text=_("Empty: no limit.")
    )
    immediate_feedback = models.BooleanField(_("answers checked at once"), default=False)
    leadership_absent_reason = models.CharField(
        _("why the rector and vice-rector are both absent"), max_length=255, blank=True
    )
    commission_fixed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("commission fixed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    commission_fixed_at = models.DateTimeField(_("commission fixed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("exam")
        verbose_name_plural = _("exams")
        ordering = ["-exam_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1), name="exams_exam_duration_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class OralTicket(models.Model):
    """An oral exam ticket: theoretical questions, one per line (TR-19.2, TR-23)."""

    exam = models.ForeignKey(
        Exam, verbose_name=_("exam"), on_delete=models.CASCADE, related_name="tickets"
    )
    number = models.PositiveSmallIntegerField(_("ticket number"))
    questions = models.TextField(_("questions"), help_text=_("One question per line."))

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["exam", "number"]
        constraints = [
            models.UniqueConstraint(fields=["exam", "number"], name="exams_ticket_number"),
        ]

    def __str__(self) -> str:
        return str(self.number)


class CommissionMember(models.Model):
    class Seat(models.TextChoices):
        COUNCIL_MEMBER = "council_member", _("Member of the Supreme Judicial Council")
        SUPREME_COURT_JUDGE = "supreme_judge", _("Judge of the Supreme Court")
        RETIRED_SUPREME_COURT_JUDGE = "retired_supreme_judge", _("Retired Supreme Court judge")
        RECTOR = "rector", _("Rector")
        VICE_RECTOR = "vice_rector", _("Vice-rector")
        SEC_DIRECTOR = "sec_director", _("SEC director")
        COUNCIL_STAFF = "council_staff", _("Council apparatus employee")
        COURT_ADMINISTRATION = "court_administration", _("Court Administration employee")
        LECTURER = "lecturer", _("Lecturer")

    exam = models.ForeignKey(
        Exam, verbose_name=_("exam"), on_delete=models.CASCADE, related_name="commission"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="exam_commissions",
    )
    seat = models.CharField(_("seat"), max_length=24, choices=Seat.choices)
    is_chair = models.BooleanField(_("chair"), default=False)

    class Meta:
        verbose_name = _("commission member")
        verbose_name_plural = _("commission members")
        constraints = [
            models.UniqueConstraint(fields=["exam", "user"], name="exams_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_seat_display()})"


class Participant(models.Model):
    """A listener admitted to an exam, with any extra time the commission granted."""

    exam = models.ForeignKey(
        Exam, verbose_name=_("exam"), on_delete=models.CASCADE, related_name="participants"
    )
    listener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("listener"),
        on_delete=models.PROTECT,
        related_name="exam_participations",
    )
    extra_minutes = models.PositiveSmallIntegerField(_("extra time, minutes"), default=0)
    extra_reason = models.CharField(_("reason for extra time"), max_length=255, blank=True)
    extra_granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("extra time granted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["exam", "listener"], name="exams_participant_once"),
            models.CheckConstraint(
                condition=Q(extra_minutes=0) | ~Q(extra_reason=""),
                name="exams_extra_time_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(self.listener)


def new_grading_key() -> str:
    return secrets.token_hex(16)


class Attempt(models.Model):
    class Status(models.TextChoices):
        # Drawn when the exam opened (items, orders, seed), waiting for its start.
        READY = "ready", _("Ready to start")
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    exam = models.ForeignKey(
        Exam, verbose_name=_("exam"), on_delete=models.PROTECT, related_name="attempts"
    )
    listener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("listener"),
        on_delete=models.PROTECT,
        related_name="exam_attempts",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS
    )
    # 1 for an exam; a quiz that allows retakes numbers each listener's attempts.
    number = models.PositiveSmallIntegerField(_("attempt number"), default=1)
    seed = models.BigIntegerField(_("random seed"))
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("deadline"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    auto_submitted = models.BooleanField(_("submitted automatically"), default=False)
    case = models.ForeignKey(
        CaseTask,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answer_text = models.TextField(_("answer"), blank=True)
    ticket = models.JSONField(_("ticket questions"), default=list, blank=True)
    # Fractional: items score Moodle's fractions of their points.
    earned_points = models.DecimalField(
        _("points earned"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    max_points = models.PositiveSmallIntegerField(_("maximum points"), null=True, blank=True)
    # Anonymous code shown to graders instead of the listener's name (TR-22).
    code = models.CharField(_("work code"), max_length=12, unique=True)
    # Fixed at start: {"position": [question type, shown order]}, so an answer save
    # checks and maps the answer without reading the items (the exam's hot path).
    item_map = models.JSONField(_("item map"), default=dict, blank=True, editable=False)
    # The page's sequence of the stored written answer: an older save never overwrites.
    text_seq = models.BigIntegerField(_("answer sequence"), default=0, editable=False)
    # Opaque key of the work in the graders' pages and URLs (TR-22): unlike the id, it
    # never appears beside the listener's name.
    grading_key = models.CharField(
        _("grading key"), max_length=32, unique=True, default=new_grading_key, editable=False
    )

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["exam", "listener", "number"], name="exams_attempt_once_per_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="exams_attempt_number_positive"
            ),
            models.CheckConstraint(
                condition=Q(deadline__gt=F("started_at")), name="exams_deadline_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class AttemptItem(models.Model):
    attempt = models.ForeignKey(
        Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    version = models.ForeignKey(
        QuestionVersion,
        verbose_name=_("question version"),
        on_delete=models.PROTECT,
        related_name="attempt_items",
    )
    # Order in which options (or matching answers) were shown to this listener.
    order = models.JSONField(_("answer order"), default=list)
    answer = models.JSONField(_("answer"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # The page's per-item sequence of the stored answer: a save with an older one (a late
    # retry) is acknowledged as superseded and never stored.
    seq = models.BigIntegerField(_("answer sequence"), default=0, editable=False)
    is_correct = models.BooleanField(_("correct"), null=True)
    # The fraction of the item's points earned (0..1); null until scored (an essay
    # until it is graded by hand).
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=7, null=True, blank=True)

    class Meta:
        verbose_name = _("attempt item")
        verbose_name_plural = _("attempt items")
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="exams_item_position"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}#{self.position}"


class AttemptEvent(models.Model):
    """A browser event recorded for the commission (TR-19 proctoring)."""

    class Kind(models.TextChoices):
        TAB_HIDDEN = "tab_hidden", _("Tab hidden")
        TAB_VISIBLE = "tab_visible", _("Tab visible again")
        FULLSCREEN_EXIT = "fullscreen_exit", _("Full screen left")
        PASTE = "paste", _("Text pasted")
        COPY = "copy", _("Text copied")
        BLUR = "blur", _("Window lost focus")
        RESUMED = "resumed", _("Attempt resumed")
        SAVE_REFUSED = "save_refused", _("Save refused after the deadline")

    attempt = models.ForeignKey(
        Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("time"), auto_now_add=True)
    details = models.CharField(_("details"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("attempt event")
        verbose_name_plural = _("attempt events")
        ordering = ["attempt", "occurred_at", "pk"]

    def __str__(self) -> str:
        return self.kind


class Grade(models.Model):
    """One commission member's grade of a written case (TR-A1) or an oral answer."""

    attempt = models.ForeignKey(
        Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="grades"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("commission member"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # TR-A1: five criteria, each 0..20; an oral grade keeps one figure.
    criteria = models.JSONField(_("criteria"), default=list)
    total = models.PositiveSmallIntegerField(_("total"))
    comment = models.TextField(_("comment"), blank=True)
    graded_at = models.DateTimeField(_("graded at"), auto_now=True)

    class Meta:
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "member"], name="exams_grade_once"),
            models.CheckConstraint(condition=Q(total__lte=100), name="exams_grade_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} {self.total}"


class Result(models.Model):
    """A listener's exam result on the 100-point scale (TR-26, TR-27, TR-A2)."""

    exam = models.ForeignKey(
        Exam, verbose_name=_("exam"), on_delete=models.PROTECT, related_name="results"
    )
    listener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("listener"),
        on_delete=models.PROTECT,
        related_name="exam_results",
    )
    points = models.PositiveSmallIntegerField(_("points"))
    numeric_equivalent = models.DecimalField(
        _("numeric equivalent"), max_digits=3, decimal_places=2
    )
    passed = models.BooleanField(_("passed"))
    disagreement = models.BooleanField(_("grades disagree"), default=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["listener__surname", "listener__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["exam", "listener"], name="exams_result_once"),
            models.CheckConstraint(condition=Q(points__lte=100), name="exams_result_max_100"),
            models.CheckConstraint(
                # TR-27: passed exactly when at least 50 points.
                condition=Q(passed=True, points__gte=50) | Q(passed=False, points__lt=50),
                name="exams_result_passed_at_50",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.listener}: {self.points}"


class ResultCorrection(models.Model):
    """The only way a confirmed result changes: a recorded correction."""

    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.PROTECT, related_name="corrections"
    )
    old_points = models.PositiveSmallIntegerField(_("old points"))
    new_points = models.PositiveSmallIntegerField(_("new points"))
    reason = models.TextField(_("reason"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrected by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    corrected_at = models.DateTimeField(_("corrected at"), auto_now_add=True)

    class Meta:
        verbose_name = _("result correction")
        verbose_name_plural = _("result corrections")
        ordering = ["result", "corrected_at"]

    def __str__(self) -> str:
        return f"{self.result}: {self.old_points} → {self.new_points}"

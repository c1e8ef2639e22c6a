"""Appeals against results of the qualification exam for the post of judge (AP)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from academy.core.media import RandomName
from academy.core.validators import check_dates, past_date

from . import notices, reasons

RECORDING_EXTENSIONS = ["mp4", "webm", "mkv", "mp3", "ogg", "wav", "m4a"]
RECORDING_MAX_BYTES = 500 * 1024 * 1024
ACT_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
ACT_MAX_BYTES = 10 * 1024 * 1024


@deconstructible
class MaxFileSize:
    """Refuse uploads larger than `limit` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __call__(self, file: object) -> None:
        if getattr(file, "size", 0) > self.limit:
            raise ValidationError(
                _("The file is too large: at most %(mb)s MB."),
                code="too_large",
                params={"mb": self.limit // (1024 * 1024)},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MaxFileSize) and other.limit == self.limit


validate_recording_size = MaxFileSize(RECORDING_MAX_BYTES)
validate_act_size = MaxFileSize(ACT_MAX_BYTES)


class Stage(models.TextChoices):
    """AP-8: the appealable stages of the qualification exam."""

    TEST = "test", _("Computer test on legislation")
    ESSAY = "essay", _("Essay")
    CASE = "case", _("Case tasks")
    INTERVIEW = "interview", _("Interview")


class Exam(models.Model):
    """A qualification exam for the post of judge."""

    title = models.CharField(pgettext_lazy("appeals", "title"), max_length=255)
    starts_on = models.DateField(_("starts on"))
    # AP-18: essay and case appeals are filed no later than the day before the interview.
    interview_on = models.DateField(
        _("interview date"),
        null=True,
        blank=True,
        help_text=_("Essay and case appeals close the day before (AP-18)."),
    )

    class Meta:
        verbose_name = _("qualification exam")
        verbose_name_plural = _("qualification exams")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.title


class StageResult(models.Model):
    """One candidate's result at one stage of an exam."""

    exam = models.ForeignKey(
        Exam,
        verbose_name=pgettext_lazy("appeals", "exam"),
        on_delete=models.CASCADE,
        related_name="results",
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("appeals", "candidate"),
        on_delete=models.PROTECT,
        related_name="stage_results",
    )
    stage = models.CharField(
        pgettext_lazy("appeals", "stage"), max_length=20, choices=Stage.choices
    )
    points = models.DecimalField(
        pgettext_lazy("appeals", "points"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    threshold = models.DecimalField(
        pgettext_lazy("appeals", "threshold"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    received_on = models.DateField(_("result received on"))
    is_resit = models.BooleanField(_("re-sit"), default=False)
    recording = models.FileField(
        _("video/audio recording"),
        upload_to=RandomName("appeals/recordings"),
        blank=True,
        validators=[FileExtensionValidator(RECORDING_EXTENSIONS), validate_recording_size],
    )

    class Meta:
        verbose_name = _("stage result")
        verbose_name_plural = _("stage results")
        ordering = ["exam", "candidate", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["exam", "candidate", "stage", "is_resit"], name="result_unique_per_stage"
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0) & Q(threshold__gte=0), name="result_points_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.get_stage_display()} · {self.points}"

    def clean(self) -> None:
        check_dates(self, received_on=past_date)

    @property
    def points_missing(self) -> Decimal:
        return max(self.threshold - self.points, Decimal(0))


class TestAnswer(models.Model):
    """AP-15.2: one question of the candidate's test, their answer and the correct one."""

    __test__ = False  # not a pytest test class

    result = models.ForeignKey(
        StageResult,
        verbose_name=pgettext_lazy("appeals", "result"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    number = models.PositiveIntegerField(_("question number"))
    question = models.TextField(pgettext_lazy("appeals", "question"), blank=True)
    candidate_answer = models.CharField(_("candidate's answer"), max_length=255, blank=True)
    correct_answer = models.CharField(_("correct answer"), max_length=255)

    class Meta:
        verbose_name = _("test answer")
        verbose_name_plural = _("test answers")
        ordering = ["result", "number"]
        constraints = [
            models.UniqueConstraint(fields=["result", "number"], name="answer_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}"

    @property
    def is_correct(self) -> bool:
        return self.candidate_answer.strip().lower() == self.correct_answer.strip().lower()


class GraderSheet(models.Model):
    """AP-16, AP-19: a grader's sheet (essay, case) or a Qualification commission member's
    interview scores, one score per criterion in the order of the stage's criteria."""

    result = models.ForeignKey(
        StageResult,
        verbose_name=pgettext_lazy("appeals", "result"),
        on_delete=models.CASCADE,
        related_name="sheets",
    )
    grader = models.CharField(pgettext_lazy("appeals", "grader"), max_length=255)
    scores = models.JSONField(pgettext_lazy("appeals", "scores"), default=list, blank=True)

    class Meta:
        verbose_name = _("grader's sheet")
        verbose_name_plural = _("graders' sheets")
        ordering = ["result", "grader"]

    def __str__(self) -> str:
        return self.grader

    @property
    def total(self) -> Decimal:
        return sum((Decimal(str(s)) for s in self.scores if s is not None), Decimal(0))


class Commission(models.Model):
    """AP-3..AP-7: the appeals commission; its composition is approved by the Council chair."""

    title = models.CharField(pgettext_lazy("appeals", "title"), max_length=255)
    approved_on = models.DateField(_("approved by the Council chair on"))
    approval_reference = models.CharField(_("approval reference"), max_length=255, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("appeals", "chair"),
        on_delete=models.PROTECT,
        related_name="chaired_commissions",
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("appeals", "secretary"),
        on_delete=models.PROTECT,
        related_name="commissions_as_secretary",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("appeals", "members"),
        related_name="appeal_commissions",
        help_text=_("Voting members, the chair included; never the secretary."),
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("presiding member in the chair's absence"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("AP-4: the member the chair designates to lead sittings in their absence."),
    )
    exams = models.ManyToManyField(
        Exam, verbose_name=pgettext_lazy("appeals", "exams"), related_name="commissions"
    )

    class Meta:
        verbose_name = _("appeals commission")
        verbose_name_plural = _("appeals commissions")
        ordering = ["-approved_on"]
        constraints = [
            # AP-7: the secretary is not the chair (and so not a voting member).
            models.CheckConstraint(
                condition=~Q(chair=models.F("secretary")), name="commission_secretary_not_chair"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Sitting(models.Model):
    """AP-4, AP-11: a sitting of the commission, led by its chair."""

    commission = models.ForeignKey(
        Commission,
        verbose_name=pgettext_lazy("appeals", "commission"),
        on_delete=models.PROTECT,
        related_name="sittings",
    )
    starts_at = models.DateTimeField(pgettext_lazy("appeals", "starts at"))
    place = models.CharField(pgettext_lazy("appeals", "place"), max_length=255)
    presiding = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("presiding"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Another member the chair designates when the chair is absent."),
    )
    materials_sent_at = models.DateTimeField(_("materials sent at"), null=True, blank=True)
    present_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members present"),
        related_name="+",
        blank=True,
    )
    minutes = models.FileField(
        pgettext_lazy("appeals", "minutes"), upload_to=RandomName("appeals/minutes"), blank=True
    )

    class Meta:
        verbose_name = pgettext_lazy("appeals", "sitting")
        verbose_name_plural = _("sittings")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        from django.utils import timezone

        return f"{self.commission} · {timezone.localtime(self.starts_at):%d.%m.%Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("appeals:sitting_detail", args=[self.pk])


class Appeal(models.Model):
    """An appeal against one stage result, on form No. 1 (test) or No. 2 (other stages)."""

    class Status(models.TextChoices):
        FILED = "filed", _("Filed")
        SCHEDULED = "scheduled", _("Scheduled for a sitting")
        NOT_CONSIDERED = "not_considered", _("Not considered")
        DECIDED = "decided", _("Decided")

    class Decision(models.TextChoices):
        REJECT = "reject", _("Rejected")
        UPHOLD = "uphold", _("Upheld, admitted to a re-sit")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("Not recorded")
        PRESENT = "present", pgettext_lazy("appeals", "Present")
        ABSENT_EXCUSED = "absent_excused", _("Absent for a good reason")
        ABSENT_UNEXCUSED = (
            "absent_unexcused",
            pgettext_lazy("appeals", "Absent without good reason"),
        )

    result = models.ForeignKey(
        StageResult,
        verbose_name=pgettext_lazy("appeals", "result"),
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    commission = models.ForeignKey(
        Commission,
        verbose_name=pgettext_lazy("appeals", "commission"),
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    reasons = models.TextField(pgettext_lazy("appeals", "reasons"), blank=True)
    filed_at = models.DateTimeField(_("filed at"))
    on_paper = models.BooleanField(_("filed on paper"), default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        pgettext_lazy("appeals", "status"),
        max_length=20,
        choices=Status.choices,
        default=Status.FILED,
    )
    # Reasons are stored as codes and rendered in the reader's language (reasons.py).
    status_reason_code = models.CharField(
        pgettext_lazy("appeals", "reason"), max_length=40, blank=True
    )
    status_reason_params = models.JSONField(default=dict, blank=True)
    cannot_be_upheld_code = models.CharField(
        _("why it cannot be upheld"), max_length=40, blank=True
    )
    cannot_be_upheld_params = models.JSONField(default=dict, blank=True)
    decision_grounds = models.JSONField(_("reasons for the decision"), default=list, blank=True)
    # AP-20: technical faults.
    technical_fault = models.BooleanField(_("technical fault"), default=False)
    agreed_to_continue = models.BooleanField(
        _("the candidate agreed to continue after the fault"), default=False
    )
    fault_act = models.FileField(
        _("technical fault act"),
        upload_to=RandomName("appeals/acts"),
        blank=True,
        validators=[FileExtensionValidator(ACT_EXTENSIONS), validate_act_size],
    )
    sitting = models.ForeignKey(
        Sitting,
        verbose_name=pgettext_lazy("appeals", "sitting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appeals",
    )
    # AP-14.2: postponement and attendance.
    postponement_reason = models.TextField(_("reason for postponement"), blank=True)
    postponement_requested_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(
        _("candidate's attendance"),
        max_length=20,
        choices=Attendance.choices,
        default=Attendance.UNKNOWN,
        blank=True,
    )
    decision = models.CharField(
        pgettext_lazy("appeals", "decision"), max_length=10, choices=Decision.choices, blank=True
    )
    decided_at = models.DateTimeField(pgettext_lazy("appeals", "decided at"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("appeals", "appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-filed_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="decided") & ~Q(decision="") & Q(decided_at__isnull=False))
                | (~Q(status="decided") & Q(decision="")),
                name="appeal_decision_iff_decided",
            ),
        ]

    def __str__(self) -> str:
        return _("Appeal No. %(number)s") % {"number": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("appeals:appeal_detail", args=[self.pk])

    @property
    def candidate(self):  # noqa: ANN201
        return self.result.candidate

    @property
    def stage(self) -> str:
        return self.result.stage

    @property
    def form_number(self) -> int:
        """AP-F1: form No. 1 for the test, No. 2 for the other stages."""
        return 1 if self.result.stage == Stage.TEST else 2

    @property
    def is_locked(self) -> bool:
        # AP-24: the decision is final.
        return self.status in {self.Status.DECIDED, self.Status.NOT_CONSIDERED}

    # Reasons in the reader's language (reasons.py).

    @property
    def status_reason(self) -> str:
        return reasons.render(self.status_reason_code, self.status_reason_params)

    def set_status_reason(self, reason: "reasons.Reason | None") -> None:
        self.status_reason_code = reason.code if reason else ""
        self.status_reason_params = dict(reason.params) if reason else {}

    @property
    def cannot_be_upheld_reason(self) -> str:
        return reasons.render(self.cannot_be_upheld_code, self.cannot_be_upheld_params)

    def set_cannot_be_upheld(self, reason: "reasons.Reason | None") -> None:
        self.cannot_be_upheld_code = reason.code if reason else ""
        self.cannot_be_upheld_params = dict(reason.params) if reason else {}

    @property
    def decision_reasons(self) -> str:
        return " ".join(
            reasons.render(g.get("code", ""), g.get("params")) for g in self.decision_grounds
        )


class ContestedQuestion(models.Model):
    """AP-F1 form No. 1: a contested test question with grounds and legal references."""

    appeal = models.ForeignKey(
        Appeal,
        verbose_name=pgettext_lazy("appeals", "appeal"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    number = models.PositiveIntegerField(_("question number"))
    grounds = models.TextField(pgettext_lazy("appeals", "grounds"))
    legal_reference = models.CharField(_("legal reference"), max_length=500, blank=True)
    disregarded_code = models.CharField(_("disregarded because"), max_length=40, blank=True)
    disregarded_params = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("contested question")
        verbose_name_plural = _("contested questions")
        ordering = ["appeal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["appeal", "number"], name="contested_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}"

    @property
    def disregarded_reason(self) -> str:
        """AP-15.2, in the reader's language; "" for a question that counts."""
        return reasons.render(self.disregarded_code, self.disregarded_params)


class Recusal(models.Model):
    """AP-6: a member declares a conflict of interest and takes no part in the decision."""

    appeal = models.ForeignKey(
        Appeal,
        verbose_name=pgettext_lazy("appeals", "appeal"),
        on_delete=models.CASCADE,
        related_name="recusals",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("appeals", "member"),
        on_delete=models.PROTECT,
    )
    reason = models.TextField(pgettext_lazy("appeals", "reason"))
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["appeal", "member"], name="recusal_unique_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.appeal}"


class ReviewSheet(models.Model):
    """AP-F2..AP-F5: one member's review sheet; `items` follow the stage's criteria."""

    class Position(models.TextChoices):
        UPHOLD = "uphold", _("Uphold the appeal")
        REJECT = "reject", _("Reject the appeal")

    appeal = models.ForeignKey(
        Appeal,
        verbose_name=pgettext_lazy("appeals", "appeal"),
        on_delete=models.CASCADE,
        related_name="sheets",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("appeals", "member"),
        on_delete=models.PROTECT,
    )
    items = models.JSONField(pgettext_lazy("appeals", "items"), default=list, blank=True)
    position = models.CharField(
        _("position on the appeal"), max_length=10, choices=Position.choices
    )
    comment = models.TextField(pgettext_lazy("appeals", "comment"), blank=True)
    graders_heard = models.TextField(_("graders heard (AP-17)"), blank=True)
    submitted_at = models.DateTimeField(pgettext_lazy("appeals", "submitted at"), auto_now=True)

    class Meta:
        verbose_name = _("review sheet")
        verbose_name_plural = _("review sheets")
        constraints = [
            models.UniqueConstraint(fields=["appeal", "member"], name="sheet_unique_member"),
            # AP-16: a member who finds the grade unfounded states why.
            models.CheckConstraint(
                condition=~Q(position="uphold") | ~Q(comment=""), name="sheet_uphold_needs_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.appeal}"


class Vote(models.Model):
    """AP-23: a member's vote on an appeal."""

    appeal = models.ForeignKey(
        Appeal,
        verbose_name=pgettext_lazy("appeals", "appeal"),
        on_delete=models.CASCADE,
        related_name="votes",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("appeals", "member"),
        on_delete=models.PROTECT,
    )
    choice = models.CharField(
        pgettext_lazy("appeals", "vote"), max_length=10, choices=ReviewSheet.Position.choices
    )
    cast_at = models.DateTimeField(_("cast at"), auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("appeals", "vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["appeal", "member"], name="vote_unique_member")
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_choice_display()}"


class Resit(models.Model):
    """AP-22: admission to re-sit a stage; at most once per stage per exam."""

    exam = models.ForeignKey(
        Exam, verbose_name=pgettext_lazy("appeals", "exam"), on_delete=models.PROTECT
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("appeals", "candidate"),
        on_delete=models.PROTECT,
    )
    stage = models.CharField(
        pgettext_lazy("appeals", "stage"), max_length=20, choices=Stage.choices
    )
    appeal = models.OneToOneField(
        Appeal, verbose_name=pgettext_lazy("appeals", "appeal"), on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("re-sit")
        verbose_name_plural = _("re-sits")
        constraints = [
            models.UniqueConstraint(
                fields=["exam", "candidate", "stage"],
                name="resit_once_per_stage",
                violation_error_message=_("This stage has already been re-sat once in this exam."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.get_stage_display()}"


class Notification(models.Model):
    """A message shown to a user in the system (also sent by e-mail)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("appeals", "user"),
        on_delete=models.CASCADE,
        related_name="appeal_notifications",
    )
    # A message code and parameters, rendered in the reader's language (notices.py).
    code = models.CharField(pgettext_lazy("appeals", "message"), max_length=40)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(pgettext_lazy("appeals", "link"), max_length=255, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("appeals", "created at"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("appeals", "notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:50]

    @property
    def text(self) -> str:
        """The message in the active language."""
        return notices.render(self.code, self.params)

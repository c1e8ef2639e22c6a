"""Training: schedule plan, study plan, courses, groups, programmes, orders, attendance.

Clauses TR-3..TR-20 of RULES.md. The rules themselves live in services.py; the
database keeps what can be stated as a constraint.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from academy.accounts.models import User


class Language(models.TextChoices):
    """Language of instruction (TR-17)."""

    KK = "kk", _("Kazakh")
    RU = "ru", _("Russian")


class Audience(models.TextChoices):
    """Listener category of a course (TR-10)."""

    JUDGES = "judges", _("Judges")
    COURT_STAFF = "court_staff", _("Court staff")


class CourseKind(models.TextChoices):
    """TR-5: the three kinds of course and their limits."""

    JUDGES_QUALIFICATION = "judges_qualification", _("Judges' qualification course")
    STAFF_QUALIFICATION = "staff_qualification", _("Court staff qualification course")
    JUDGES_RETRAINING = "judges_retraining", _("Judges' retraining")


class ClassForm(models.TextChoices):
    """TR-7: forms of classes."""

    LECTURE = "lecture", _("Lecture")
    SEMINAR = "seminar", _("Seminar")
    PRACTICAL = "practical", _("Practical class")
    TRAINING = "training", pgettext_lazy("class form", "Training")
    COURT_WORK = "court_work", _("Participation in court work")


class ApprovalStatus(models.TextChoices):
    """TR-10, TR-12: agreed by the Council, then the Supreme Court, approved by the rector."""

    DRAFT = "draft", _("Draft")
    COUNCIL_AGREED = "council_agreed", _("Agreed by the Council")
    SUPREME_COURT_AGREED = "supreme_court_agreed", _("Agreed by the Supreme Court")
    APPROVED = "approved", _("Approved by the rector")


class ApprovalFields(models.Model):
    """Who moved a plan through each step of agreement and when."""

    status = models.CharField(
        _("status"), max_length=30, choices=ApprovalStatus.choices, default=ApprovalStatus.DRAFT
    )
    council_agreed_at = models.DateTimeField(_("agreed by the Council at"), null=True, blank=True)
    council_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Council agreement recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    supreme_court_agreed_at = models.DateTimeField(
        _("agreed by the Supreme Court at"), null=True, blank=True
    )
    supreme_court_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Supreme Court agreement recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def is_approved(self) -> bool:
        return self.status == ApprovalStatus.APPROVED


class SchedulePlan(ApprovalFields):
    """TR-10: the schedule plan (Жоспар-кесте) for a calendar year or half-year."""

    class Period(models.TextChoices):
        YEAR = "year", _("Calendar year")
        FIRST_HALF = "h1", _("First half-year")
        SECOND_HALF = "h2", _("Second half-year")

    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=4, choices=Period.choices, default="year")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_versions",
    )

    class Meta:
        verbose_name = _("schedule plan")
        verbose_name_plural = _("schedule plans")
        ordering = ["-year", "period", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "period", "version"], name="schedule_plan_unique_version"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="schedule_plan_year_range"
            ),
        ]

    def __str__(self) -> str:
        return _("Schedule plan %(year)s (%(period)s), version %(version)s") % {
            "year": self.year,
            "period": self.get_period_display(),
            "version": self.version,
        }

    def get_absolute_url(self) -> str:
        return reverse("training:schedule_plan_detail", args=[self.pk])


class SchedulePlanRow(models.Model):
    """A planned course in the schedule plan."""

    plan = models.ForeignKey(
        SchedulePlan, verbose_name=_("schedule plan"), on_delete=models.CASCADE, related_name="rows"
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=30, choices=CourseKind.choices)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    planned_listeners = models.PositiveIntegerField(_("planned number of listeners"))
    language = models.CharField(
        _("language of instruction"), max_length=2, choices=Language.choices, default=Language.KK
    )

    class Meta:
        verbose_name = _("schedule plan row")
        verbose_name_plural = _("schedule plan rows")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="schedule_row_dates_ordered",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(planned_listeners__gt=0), name="schedule_row_listeners_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y})"


class StudyPlan(ApprovalFields):
    """TR-11, TR-12: the study plan (Оқу жоспары) for the calendar year."""

    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_versions",
    )

    class Meta:
        verbose_name = _("study plan")
        verbose_name_plural = _("study plans")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="study_plan_unique_version"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="study_plan_year_range"
            ),
        ]

    def __str__(self) -> str:
        return _("Study plan %(year)s, version %(version)s") % {
            "year": self.year,
            "version": self.version,
        }

    def get_absolute_url(self) -> str:
        return reverse("training:study_plan_detail", args=[self.pk])


class StudyPlanTopic(models.Model):
    """TR-11: a topic of the study plan with its class form and lecturer."""

    plan = models.ForeignKey(
        StudyPlan, verbose_name=_("study plan"), on_delete=models.CASCADE, related_name="topics"
    )
    kind = models.CharField(_("course kind"), max_length=30, choices=CourseKind.choices)
    title = models.CharField(_("topic"), max_length=255)
    class_form = models.CharField(_("class form"), max_length=20, choices=ClassForm.choices)
    hours = models.PositiveSmallIntegerField(_("academic hours"))
    lecturer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lecturer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="study_plan_topics",
    )

    class Meta:
        verbose_name = _("study plan topic")
        verbose_name_plural = _("study plan topics")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="study_topic_hours_positive")
        ]

    def __str__(self) -> str:
        return self.title


class Course(models.Model):
    """TR-5: a course of one kind for one audience, run for one or more groups."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    title = models.CharField(_("title"), max_length=255)  # translated: title_kk/ru/en
    kind = models.CharField(_("kind"), max_length=30, choices=CourseKind.choices)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    schedule_row = models.ForeignKey(
        SchedulePlanRow,
        verbose_name=_("schedule plan row"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
    )
    study_plan = models.ForeignKey(
        StudyPlan,
        verbose_name=_("study plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="course_dates_ordered",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:course_detail", args=[self.pk])

    @property
    def is_for_judges(self) -> bool:
        return self.audience == Audience.JUDGES

    @property
    def distance_until(self):  # noqa: ANN201 - a date or None
        """TR-5: the last day of the distance part of a retraining (first 2 weeks)."""
        if self.kind != CourseKind.JUDGES_RETRAINING:
            return None
        return self.start_date + timedelta(days=13)


class Group(models.Model):
    """TR-16, TR-17: a group of listeners of one course."""

    class Audience(models.TextChoices):
        # TR-16: each has its own size bounds.
        REGIONAL_JUDGES = "regional_judges", _("Judges of regional-level courts")
        DISTRICT_JUDGES = "district_judges", _("Judges of district-level courts")
        COURT_STAFF = "court_staff", _("Court staff")

    class Status(models.TextChoices):
        FORMING = "forming", _("Being formed")
        CONFIRMED = "confirmed", _("Confirmed")

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="groups"
    )
    name = models.CharField(_("name"), max_length=120)
    audience = models.CharField(_("group audience"), max_length=20, choices=Audience.choices)
    language = models.CharField(
        _("language of instruction"), max_length=2, choices=Language.choices, default=Language.KK
    )
    # TR-17 classification of judges' groups.
    specialisation = models.CharField(
        _("form of proceedings or specialised court"),
        max_length=30,
        choices=User.Specialisation.choices,
        blank=True,
    )
    experience_up_to_3_years = models.BooleanField(
        _("judges with up to 3 years of service"), default=False
    )
    staff_subcategory = models.CharField(
        _("staff sub-category"), max_length=20, choices=User.StaffSubcategory.choices, blank=True
    )
    other_ground = models.CharField(_("other ground"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.FORMING
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    size_override_reason = models.TextField(_("reason for size override"), blank=True)
    list_received_at = models.DateTimeField(
        _("list received from the Court Administration at"), null=True, blank=True
    )
    list_late = models.BooleanField(_("list received late"), default=False)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["course", "name"]
        constraints = [
            models.UniqueConstraint(fields=["course", "name"], name="group_unique_name_per_course")
        ]

    def __str__(self) -> str:
        return f"{self.course} – {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("training:group_detail", args=[self.pk])

    @property
    def is_for_judges(self) -> bool:
        return self.audience != Group.Audience.COURT_STAFF

    def listeners(self) -> models.QuerySet:
        """Listeners currently admitted to the group (see selectors.group_active_listeners)."""
        return User.objects.filter(
            enrolments__group=self, enrolments__status=Enrolment.Status.ADMITTED
        )


class Enrolment(models.Model):
    """A listener in a group. Status changes only through a signed order (TR-15, TR-18)."""

    class Status(models.TextChoices):
        LISTED = "listed", _("Listed by the Court Administration")
        ADMITTED = "admitted", _("Admitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REPLACED = "replaced", _("Replaced")
        EXPELLED = "expelled", _("Expelled")
        COMPLETED = "completed", _("Completed")

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="enrolments"
    )
    listener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("listener"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.LISTED
    )
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("listed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["group", "listener__surname", "listener__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "listener"],
                name="enrolment_unique_listener_per_group",
                violation_error_message=_("This listener is already in the group."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.listener} – {self.group}"


class CourseProgramme(models.Model):
    """TR-13, TR-19, TR-20: a group's programme with its timetable and exam."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved by the rector")

    class ExamForm(models.TextChoices):
        # TR-19
        WRITTEN_CASE = "written_case", _("Written case solution")
        COMPUTER_TEST = "computer_test", _("Computer test")
        ORAL = "oral", _("Oral exam")

    class ExamMode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        DISTANCE = "distance", _("Distance")

    group = models.OneToOneField(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="programme"
    )
    exam_form = models.CharField(_("exam form"), max_length=20, choices=ExamForm.choices)
    exam_mode = models.CharField(
        _("exam mode"), max_length=20, choices=ExamMode.choices, default=ExamMode.IN_PERSON
    )
    proctoring = models.BooleanField(_("proctoring available"), default=False)
    exam_date = models.DateField(_("exam date"))
    sample_questions = models.TextField(_("sample list of exam questions"), blank=True)
    questions_published_at = models.DateTimeField(
        _("sample questions published at"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(
        _("sent to the Council and the Supreme Court at"), null=True, blank=True
    )
    sent_late = models.BooleanField(_("sent late"), default=False)

    class Meta:
        verbose_name = _("course programme")
        verbose_name_plural = _("course programmes")

    def __str__(self) -> str:
        return _("Programme of %(group)s") % {"group": self.group}

    @property
    def is_approved(self) -> bool:
        return self.status == CourseProgramme.Status.APPROVED

    @property
    def total_hours(self) -> int:
        return sum(lesson.hours for lesson in self.lessons.all())


class Lesson(models.Model):
    """A class of the course programme: topic, hours, form, lecturer, date and time."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        DISTANCE = "distance", _("Distance")

    programme = models.ForeignKey(
        CourseProgramme,
        verbose_name=_("course programme"),
        on_delete=models.CASCADE,
        related_name="lessons",
    )
    topic = models.CharField(_("topic"), max_length=255)
    hours = models.PositiveSmallIntegerField(_("academic hours"))
    class_form = models.CharField(_("class form"), max_length=20, choices=ClassForm.choices)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    lecturer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lecturer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lessons",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="lesson_hours_positive"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="lesson_times_ordered",
                violation_error_message=_("A class must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def group(self) -> Group:
        return self.programme.group


class Material(models.Model):
    """TR-8: class materials given to a group's listeners."""

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to="training/materials/%Y/", blank=True)
    url = models.URLField(_("link"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Order(models.Model):
    """TR-15, TR-18, TR-28: a rector's order. Only a signed order changes enrolments."""

    class Kind(models.TextChoices):
        ADMISSION = "admission", _("Admission of listeners")
        REPLACEMENT = "replacement", _("Replacement of a listener")
        WITHDRAWAL = "withdrawal", _("Withdrawal of a listener")
        EXPULSION = "expulsion", _("Expulsion for unexcused absence")
        CERTIFICATE = "certificate", _("Issue of certificates")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")

    class Proposer(models.TextChoices):
        REGIONAL_CHAIR = "regional_chair", _("Chair of the regional court")
        HEAD_OF_ADMINISTRATOR = "head_of_administrator", _("Head of the court administrator")
        VICE_RECTOR = "vice_rector", _("Vice-rector")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="orders"
    )
    number = models.CharField(_("number"), max_length=30, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    reason = models.TextField(_("reason"), blank=True)
    proposer = models.CharField(
        _("proposed by"), max_length=30, choices=Proposer.choices, blank=True
    )
    proposer_name = models.CharField(_("name of the proposer"), max_length=255, blank=True)
    court_administration_consent = models.BooleanField(
        _("Court Administration consent received"), default=False
    )
    recipients = models.TextField(_("recipients"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at"]
        constraints = [
            # Order numbers start again each year.
            models.UniqueConstraint(
                fields=["number", "year"],
                condition=~Q(number=""),
                name="order_unique_number_per_year",
                violation_error_message=_("An order with this number already exists this year."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (~Q(number="") & Q(date__isnull=False)),
                name="order_signed_has_number_and_date",
                violation_error_message=_("A signed order must have a number and a date."),
            ),
        ]

    def __str__(self) -> str:
        if self.number:
            return _("Order No. %(number)s: %(kind)s") % {
                "number": self.number,
                "kind": self.get_kind_display(),
            }
        return _("Draft order: %(kind)s") % {"kind": self.get_kind_display()}

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        self.year = self.date.year if self.date else None
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("training:order_detail", args=[self.pk])

    def clean(self) -> None:
        # The year keys the per-year numbering; set before the constraints are validated.
        self.year = self.date.year if self.date else None

    @property
    def is_signed(self) -> bool:
        return self.status == Order.Status.SIGNED


class OrderItem(models.Model):
    """A listener an order concerns; for a replacement, also who replaces them."""

    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="items"
    )
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.PROTECT, related_name="order_items"
    )
    replacement = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replaced by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("order item")
        verbose_name_plural = _("order items")
        constraints = [
            models.UniqueConstraint(fields=["order", "enrolment"], name="order_item_unique")
        ]

    def __str__(self) -> str:
        return str(self.enrolment)


class Attendance(models.Model):
    """TR-18: one mark of the attendance register."""

    class Mark(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Absent with good reason")
        UNEXCUSED = "unexcused", _("Absent without good reason")

    lesson = models.ForeignKey(
        Lesson, verbose_name=_("class"), on_delete=models.CASCADE, related_name="attendance"
    )
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("listener"), on_delete=models.CASCADE, related_name="attendance"
    )
    mark = models.CharField(_("mark"), max_length=20, choices=Mark.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance mark")
        verbose_name_plural = _("attendance marks")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "enrolment"], name="attendance_unique_mark")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.listener} – {self.lesson}: {self.get_mark_display()}"


class ExpulsionProposal(models.Model):
    """TR-18: raised to the vice-rector when unexcused absences pass the threshold."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting the vice-rector")
        PROPOSED = "proposed", _("Proposed to the rector")
        DISMISSED = "dismissed", _("Dismissed")

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="expulsion_proposals",
    )
    unexcused_count = models.PositiveSmallIntegerField(_("unexcused absences"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    order = models.ForeignKey(
        Order,
        verbose_name=_("order"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expulsion_proposals",
    )

    class Meta:
        verbose_name = _("expulsion proposal")
        verbose_name_plural = _("expulsion proposals")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(status="open"),
                name="expulsion_proposal_one_open",
            )
        ]

    def __str__(self) -> str:
        return str(self.enrolment)

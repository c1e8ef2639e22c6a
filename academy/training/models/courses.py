"""Courses (TR-5), groups (TR-16, TR-17), enrolments, programmes and classes (TR-13)."""

import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academy.accounts.models import User

from .choices import Audience, ClassForm, CourseKind, Language
from .plans import SchedulePlanRow, StudyPlan


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
    def first_week_monday(self):  # noqa: ANN201 - a date
        """The Monday of the calendar week (Monday to Sunday) of the first class."""
        return self.start_date - timedelta(days=self.start_date.weekday())

    @property
    def calendar_weeks(self) -> int:
        """TR-5: how many calendar weeks (Monday to Sunday) the classes touch."""
        last_monday = self.end_date - timedelta(days=self.end_date.weekday())
        return (last_monday - self.first_week_monday).days // 7 + 1

    @property
    def distance_until(self):  # noqa: ANN201 - a date or None
        """TR-5: the last day of the distance part of a retraining (calendar weeks 1-2).

        Reading chosen (RULES.md): 4 weeks are four calendar weeks of classes, so the
        distance part ends on the Sunday of the second calendar week.
        """
        if self.kind != CourseKind.JUDGES_RETRAINING:
            return None
        return self.first_week_monday + timedelta(days=13)


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
    # Empty while a class taken from the study plan waits for the methodologist to date it.
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)

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
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True, ends_at__isnull=True)
                | Q(starts_at__isnull=False, ends_at__isnull=False),
                name="lesson_start_and_end_together",
                violation_error_message=_("Give both the start and the end of the class."),
            ),
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def is_dated(self) -> bool:
        return self.starts_at is not None

    @property
    def group(self) -> Group:
        return self.programme.group


def material_upload_to(instance: "Material", filename: str) -> str:
    """A path no one can guess: files are served only through the access-checked view."""
    return f"training/materials/{timezone.now():%Y}/{uuid.uuid4().hex}/{Path(filename).name}"


class Material(models.Model):
    """TR-8: class materials given to a group's listeners (served by an access check)."""

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to=material_upload_to, blank=True)
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

    def get_download_url(self) -> str:
        return reverse("training:material_download", args=[self.pk])

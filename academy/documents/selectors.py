"""Reads: certificates, and the references of Appendix 3 and 4 (TR-29, TR-30, TR-A3, TR-A4).

A reference is computed from the group or course, its exam, the exam commission and the
confirmed results; only confirmed results count.
"""

import hmac
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from academy.exams.models import Exam, Result
from academy.training.models import Course, Enrolment, Group

from .models import PASS_MARK, Certificate

# Listeners who went through the course (not withdrawn, replaced or expelled).
TRAINED_STATUSES = (Enrolment.Status.ADMITTED, Enrolment.Status.COMPLETED)

# TR-A4: the bands of the summary reference, highest first: (key, low, high).
BANDS = (("90-100", 90, 100), ("70-89", 70, 89), ("50-69", 50, 69))


# ---- certificates ----


def certificates_of_group(group: Group) -> QuerySet[Certificate]:
    return Certificate.objects.filter(group=group).select_related(
        "listener", "group__course", "order", "result__exam"
    )


def certificates_of_listener(user: Any) -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(listener_id=getattr(user, "pk", None))
        .select_related("group__course", "order")
        .order_by("-issued_on", "-pk")
    )


def certificate_for_verification(number: str, code: str) -> Certificate | None:
    """The certificate when both the number and the code match; else None (nothing leaks)."""
    if not code:
        return None
    certificate = (
        Certificate.objects.filter(number=number)
        .select_related("listener", "group__course")
        .first()
    )
    if certificate is None:
        return None
    if not hmac.compare_digest(certificate.verification_code, code.strip().upper()):
        return None
    return certificate


def groups_for_documents() -> QuerySet[Group]:
    """Confirmed groups, the most recent course first, for the documents index."""
    return (
        Group.objects.filter(status=Group.Status.CONFIRMED)
        .select_related("course")
        .order_by("-course__start_date", "course__pk", "name")
    )


# ---- the exam a reference rests on ----


def group_exam(group: Group) -> Exam | None:
    """The group's final exam: the latest with confirmed results, else the latest one."""
    exams = Exam.objects.filter(group=group).order_by("-exam_date", "-pk")
    return exams.filter(status=Exam.Status.CONFIRMED).first() or exams.first()


def confirmed_results(exam: Exam | None) -> list[Result]:
    if exam is None or exam.status != Exam.Status.CONFIRMED:
        return []
    return list(
        exam.results.filter(confirmed_at__isnull=False)
        .select_related("listener")
        .order_by("listener__surname", "listener__first_name", "pk")
    )


@dataclass(frozen=True)
class CommissionLine:
    name: str
    seat: str
    is_chair: bool


@dataclass(frozen=True)
class NotCertified:
    name: str
    points: int | None  # None: no confirmed result (did not sit the exam)


@dataclass
class ExamFacts:
    exam: Exam | None
    date: date | None
    form: str
    confirmed: bool
    commission: list[CommissionLine] = field(default_factory=list)


def _exam_facts(group: Group, exam: Exam | None) -> ExamFacts:
    programme = getattr(group, "programme", None)
    if exam is not None:
        exam_date = exam.exam_date or (programme.exam_date if programme else None)
        form = exam.get_kind_display()
        commission = [
            CommissionLine(m.user.full_name, m.get_seat_display(), m.is_chair)
            for m in exam.commission.select_related("user").order_by("-is_chair", "pk")
        ]
        return ExamFacts(
            exam, exam_date, str(form), exam.status == Exam.Status.CONFIRMED, commission
        )
    if programme is not None:
        return ExamFacts(None, programme.exam_date, str(programme.get_exam_form_display()), False)
    return ExamFacts(None, None, "", False)


def recipients(*, for_judges: bool) -> list[str]:
    """TR-29, TR-30: judges' courses → Supreme Court and Council apparatus; staff → Court
    Administration and Council apparatus."""
    if for_judges:
        return [
            _("Supreme Court of the Republic of Kazakhstan"),
            _("Apparatus of the Supreme Judicial Council of the Republic of Kazakhstan"),
        ]
    return [
        _("Court Administration"),
        _("Apparatus of the Supreme Judicial Council of the Republic of Kazakhstan"),
    ]


def _study_plan_year(course: Course) -> int | None:
    return course.study_plan.year if course.study_plan_id else None


def _trained(groups: list[Group]) -> list[Enrolment]:
    return list(
        Enrolment.objects.filter(group__in=groups, status__in=TRAINED_STATUSES)
        .select_related("listener")
        .order_by("listener__surname", "listener__first_name", "pk")
    )


def _not_certified(enrolments: list[Enrolment], results: list[Result]) -> list[NotCertified]:
    points = {r.listener_id: r.points for r in results}
    rows = []
    for enrolment in enrolments:
        got = points.get(enrolment.listener_id)
        if got is None or got < PASS_MARK:
            rows.append(NotCertified(enrolment.listener.full_name, got))
    return rows


# ---- Appendix 3 ----


@dataclass
class ResultsReference:
    """TR-A3: reference on the results of a group (to those not certified)."""

    group: Group
    course: Course
    start_date: date
    end_date: date
    audience: str
    study_plan_year: int | None
    exam: ExamFacts
    not_certified: list[NotCertified]
    recipients: list[str]

    @property
    def results_confirmed(self) -> bool:
        return self.exam.confirmed


def results_reference(group: Group) -> ResultsReference:
    """TR-29, TR-A3: course dates and audience, study plan year, exam date and form,
    commission, names of listeners not certified – once the results are confirmed."""
    course = group.course
    exam = group_exam(group)
    facts = _exam_facts(group, exam)
    not_certified = (
        _not_certified(_trained([group]), confirmed_results(exam)) if facts.confirmed else []
    )
    return ResultsReference(
        group=group,
        course=course,
        start_date=course.start_date,
        end_date=course.end_date,
        audience=str(group.get_audience_display()),
        study_plan_year=_study_plan_year(course),
        exam=facts,
        not_certified=not_certified,
        recipients=recipients(for_judges=group.is_for_judges),
    )


# ---- Appendix 4 ----


def percent(part: int, whole: int) -> Decimal:
    """A share in per cent with one decimal, halves rounded up; 0 of nothing is 0."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    count: int
    percent: Decimal


@dataclass
class SummaryReference:
    """TR-A4: summary reference on a course."""

    course: Course
    start_date: date
    end_date: date
    audience: str
    planned: int | None
    trained: int
    study_plan_year: int | None
    exams: list[ExamFacts]
    bands: list[Band]
    not_certified: int
    not_certified_percent: Decimal
    unconfirmed_groups: list[Group]
    recipients: list[str]

    @property
    def results_confirmed(self) -> bool:
        return bool(self.exams) and not self.unconfirmed_groups

    @property
    def commission(self) -> list[CommissionLine]:
        seen: dict[tuple[str, str], CommissionLine] = {}
        for facts in self.exams:
            for line in facts.commission:
                seen.setdefault((line.name, line.seat), line)
        return list(seen.values())

    def chart_rows(self) -> list[tuple[str, int]]:
        return [(band.label, band.count) for band in self.bands] + [
            (_("Not certified"), self.not_certified)
        ]


def band_label(key: str) -> str:
    low, high = next((lo, hi) for k, lo, hi in BANDS if k == key)
    return _("%(low)s–%(high)s points") % {"low": low, "high": high}


def summary_reference(course: Course) -> SummaryReference:
    """TR-30, TR-A4: dates, audience, planned vs trained, study plan year, exam date and
    form, commission, listeners per band (count and % of those trained), not certified.

    Only the confirmed results of each group's final exam count; a listener trained
    without a confirmed result of at least 50 is not certified.
    """
    groups = list(course.groups.order_by("name", "pk"))
    trained = _trained(groups)
    exams: list[ExamFacts] = []
    unconfirmed: list[Group] = []
    results: list[Result] = []
    for group in groups:
        exam = group_exam(group)
        facts = _exam_facts(group, exam)
        if exam is not None:
            exams.append(facts)
        if not facts.confirmed and any(e.group_id == group.pk for e in trained):
            unconfirmed.append(group)
        results.extend(confirmed_results(exam))
    trained_ids = {e.listener_id for e in trained}
    counted = [r for r in results if r.listener_id in trained_ids]
    total = len(trained)
    bands = []
    for key, low, high in BANDS:
        count = sum(1 for r in counted if low <= r.points <= high)
        bands.append(Band(key, band_label(key), count, percent(count, total)))
    not_certified = len(_not_certified(trained, counted))
    return SummaryReference(
        course=course,
        start_date=course.start_date,
        end_date=course.end_date,
        audience=str(course.get_audience_display()),
        planned=course.schedule_row.planned_listeners if course.schedule_row_id else None,
        trained=total,
        study_plan_year=_study_plan_year(course),
        exams=exams,
        bands=bands,
        not_certified=not_certified,
        not_certified_percent=percent(not_certified, total),
        unconfirmed_groups=unconfirmed,
        recipients=recipients(for_judges=course.is_for_judges),
    )

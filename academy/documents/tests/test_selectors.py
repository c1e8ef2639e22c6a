"""Appendix 3 and 4 figures, exact, band boundaries included (TR-29, TR-30, TR-A3, TR-A4)."""

from decimal import Decimal

import pytest

from academy.documents import selectors
from academy.documents.testing import END, START, build_group
from academy.training.models import Enrolment
from academy.training.testing import EnrolmentFactory

BOUNDARIES = [49, 50, 69, 70, 89, 90, 100, None]  # None: trained, no result


@pytest.mark.clause("TR-A4")
@pytest.mark.clause("TR-30")
def test_summary_reference_counts_each_band_at_its_boundaries(db):
    group, _exam, _enrolments = build_group(BOUNDARIES, planned=25)
    ref = selectors.summary_reference(group.course)
    assert (ref.start_date, ref.end_date) == (START, END)
    assert ref.planned == 25 and ref.trained == 8
    assert ref.study_plan_year == 2026
    assert [(b.key, b.count, b.percent) for b in ref.bands] == [
        ("90-100", 2, Decimal("25.0")),
        ("70-89", 2, Decimal("25.0")),
        ("50-69", 2, Decimal("25.0")),
    ]
    assert (ref.not_certified, ref.not_certified_percent) == (2, Decimal("25.0"))
    assert ref.results_confirmed and ref.unconfirmed_groups == []
    assert [e.date for e in ref.exams] == [END]
    assert [e.form for e in ref.exams] == ["Written case solution"]
    assert [line.seat for line in ref.commission] == [
        "Member of the Supreme Judicial Council",
        "Judge of the Supreme Court",
        "Vice-rector",
    ]
    assert ref.chart_rows()[-1] == ("Not certified", 2)


@pytest.mark.clause("TR-A4")
def test_summary_reference_sums_the_groups_of_a_course_and_rounds_percentages(db):
    group, _exam, _e = build_group([91, 75, 60], planned=30)
    build_group([52, 10, 89, 95], course=group.course)
    # A withdrawn listener was not trained and is not counted.
    EnrolmentFactory(group=group, status=Enrolment.Status.WITHDRAWN)
    ref = selectors.summary_reference(group.course)
    assert (ref.planned, ref.trained) == (30, 7)
    assert [(b.count, b.percent) for b in ref.bands] == [
        (2, Decimal("28.6")),
        (2, Decimal("28.6")),
        (2, Decimal("28.6")),
    ]
    assert (ref.not_certified, ref.not_certified_percent) == (1, Decimal("14.3"))
    assert len(ref.exams) == 2


@pytest.mark.clause("TR-A4")
def test_summary_reference_counts_only_confirmed_results(db):
    group, _exam, _e = build_group([95, 80], confirmed=False)
    ref = selectors.summary_reference(group.course)
    assert not ref.results_confirmed and ref.unconfirmed_groups == [group]
    assert [b.count for b in ref.bands] == [0, 0, 0]
    assert ref.not_certified == 2  # nobody certified yet


@pytest.mark.clause("TR-A3")
@pytest.mark.clause("TR-29")
def test_results_reference_names_the_listeners_not_certified(db):
    group, _exam, enrolments = build_group(
        [49, 50, None, 100], names=[("Әлиев", "Болат"), ("Бекова", "Дана"), ("Ұлықбек", "Асан")]
    )
    ref = selectors.results_reference(group)
    assert {(row.name, row.points) for row in ref.not_certified} == {
        (enrolments[0].listener.full_name, 49),
        (enrolments[2].listener.full_name, None),
    }
    assert ref.study_plan_year == 2026 and ref.exam.date == END
    assert ref.exam.form == "Written case solution"
    assert ref.audience == "Judges of regional-level courts"
    assert len(ref.exam.commission) == 3 and ref.exam.commission[0].is_chair
    assert ref.results_confirmed


@pytest.mark.clause("TR-29")
@pytest.mark.clause("TR-30")
def test_recipients_depend_on_the_audience(db):
    judges, _e, _x = build_group([60])
    staff, _e2, _x2 = build_group([60], staff=True)
    assert selectors.results_reference(judges).recipients == [
        "Supreme Court of the Republic of Kazakhstan",
        "Apparatus of the Supreme Judicial Council of the Republic of Kazakhstan",
    ]
    assert selectors.summary_reference(staff.course).recipients == [
        "Court Administration",
        "Apparatus of the Supreme Judicial Council of the Republic of Kazakhstan",
    ]


@pytest.mark.clause("TR-A3")
def test_results_reference_waits_for_confirmation(db):
    group, _exam, _e = build_group([30, 90], confirmed=False)
    ref = selectors.results_reference(group)
    assert not ref.results_confirmed and ref.not_certified == []


def test_percent_rounds_half_up_and_handles_zero():
    assert selectors.percent(1, 8) == Decimal("12.5")
    assert selectors.percent(1, 3) == Decimal("33.3")
    assert selectors.percent(2, 3) == Decimal("66.7")
    assert selectors.percent(0, 0) == Decimal("0.0")

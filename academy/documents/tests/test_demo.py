"""The demo shows a finished group with confirmed results, its certificates and references."""

import io

import pytest

from academy.accounts.demo import seed_organisations, seed_people
from academy.documents import demo, selectors
from academy.documents.models import Certificate
from academy.training import demo as training_demo


@pytest.mark.clause("TR-28")
def test_demo_issues_certificates_for_the_finished_group_and_is_idempotent(db):
    seed_people(seed_organisations())
    training_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    certificates = Certificate.objects.select_related("group__course")
    assert certificates.count() > 0 and all(c.points >= 50 for c in certificates)
    course = certificates.first().group.course
    ref = selectors.summary_reference(course)
    assert ref.results_confirmed and ref.not_certified == 1
    assert sum(b.count for b in ref.bands) == certificates.count()
    demo.seed(io.StringIO())
    assert Certificate.objects.count() == certificates.count()


@pytest.mark.clause("TR-28")
def test_the_demo_listener_has_a_certificate_to_look_at(db):
    seed_people(seed_organisations())
    training_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    assert Certificate.objects.filter(listener__email="listener@academy.kz").count() == 1

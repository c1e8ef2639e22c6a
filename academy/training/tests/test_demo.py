import io

import pytest

from academy.accounts.demo import seed_organisations, seed_people
from academy.training.demo import seed
from academy.training.models import Course, Enrolment, Group, SchedulePlan


@pytest.mark.django_db
def test_demo_seed_is_idempotent_and_covers_every_audience(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_people(seed_organisations())
    seed(io.StringIO())
    counts = (SchedulePlan.objects.count(), Course.objects.count(), Enrolment.objects.count())
    seed(io.StringIO())
    assert (
        SchedulePlan.objects.count(),
        Course.objects.count(),
        Enrolment.objects.count(),
    ) == counts
    assert set(Group.objects.values_list("audience", flat=True)) == set(Group.Audience.values)
    assert Enrolment.objects.filter(listener__email="listener@academy.kz").exists()

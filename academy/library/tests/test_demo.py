import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from academy.library.models import Loan, Record, RecordKind

pytestmark = pytest.mark.django_db


@pytest.mark.clause("IS-12")
def test_seed_demo_fills_the_library_once():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    assert Record.objects.count() >= 30
    assert Record.objects.filter(kind=RecordKind.ARTICLE, host__isnull=False).count() >= 5
    assert Loan.objects.filter(returned_at__isnull=True).count() == 3
    assert Loan.objects.filter(due_on__lt=timezone.localdate()).count() == 1

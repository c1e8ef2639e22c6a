import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from academy.library.models import (
    AcquisitionOrder,
    Copy,
    Loan,
    Record,
    RecordKind,
    RegisterEntry,
    Supplier,
)

pytestmark = pytest.mark.django_db


@pytest.mark.clause("IS-12")
def test_seed_demo_fills_the_library_once():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    assert Record.objects.count() >= 30
    assert Record.objects.filter(kind=RecordKind.ARTICLE, host__isnull=False).count() >= 5
    assert Loan.objects.filter(returned_at__isnull=True).count() == 3
    assert Loan.objects.filter(due_on__lt=timezone.localdate()).count() == 1


@pytest.mark.clause("IS-12")
def test_seed_demo_adds_a_supplier_a_partly_received_order_and_a_write_off_once():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    assert Supplier.objects.count() == 1
    order = AcquisitionOrder.objects.get()
    assert order.status == AcquisitionOrder.Status.PARTLY_RECEIVED
    assert RegisterEntry.objects.filter(kind="receipt").count() == 2
    write_off = RegisterEntry.objects.get(kind="write_off")
    assert write_off.copy.status == Copy.Status.WITHDRAWN
    line = order.lines.filter(received_quantity__gt=0).get()
    assert line.received_quantity == line.register_entries.filter(kind="receipt").count()

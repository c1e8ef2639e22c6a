"""A result received on 9999-12-31 is refused, entered by hand or imported."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from academy.appeals.importers import import_results
from academy.appeals.models import StageResult
from academy.appeals.services.filing import result_record

pytestmark = pytest.mark.django_db


def test_a_result_received_on_9999_12_31_is_refused(exam, candidate, commission, secretary):
    with pytest.raises(ValidationError) as error:
        result_record(
            exam=exam,
            candidate=candidate,
            stage="test",
            points=Decimal(61),
            threshold=Decimal(70),
            received_on=date(9999, 12, 31),
            by=secretary,
        )
    assert "31.12.9999 is not a plausible date" in error.value.message_dict["received_on"][0]
    assert not StageResult.objects.exists()


def test_an_imported_row_received_in_year_1_is_reported_by_line(exam, candidate, commission):
    upload = SimpleUploadedFile(
        "results.csv",
        (
            "iin,stage,points,threshold,received_on\n"
            f"{candidate.iin},test,61,70,0001-01-01\n"
            f"{candidate.iin},essay,4.5,6,2026-03-20\n"
        ).encode(),
    )
    report = import_results(exam=exam, upload=upload)
    assert report.saved == 1
    assert report.errors[0].startswith("Line 2:") and "0001-01-01" in report.errors[0]

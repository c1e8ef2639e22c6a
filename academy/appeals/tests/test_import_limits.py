"""Operator files: any common encoding, and bounded; a file past a limit saves nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from academy.appeals.importers import import_results
from academy.appeals.models import StageResult

pytestmark = pytest.mark.django_db


def results_csv(candidate, rows: int = 2) -> str:
    lines = ["iin;stage;points;threshold;received_on"]
    stages = ["test", "essay", "case", "interview"]
    lines += [f"{candidate.iin};{stages[n % 4]};61;70;20.03.2026" for n in range(rows)]
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize("encoding", ["cp1251", "utf-16"])
def test_results_in_cp1251_or_utf16_are_read(exam, candidate, commission, encoding):
    text = results_csv(candidate) + f"{candidate.iin};тест;1;2;20.03.2026\r\n"
    upload = SimpleUploadedFile("results.csv", text.encode(encoding))
    report = import_results(exam=exam, upload=upload)
    assert report.saved == 2
    assert report.errors == ["Line 4: Unknown stage тест."]


def test_a_file_past_the_row_limit_saves_nothing(exam, candidate, commission, settings):
    settings.IMPORT_MAX_ROWS = 3
    upload = SimpleUploadedFile("results.csv", results_csv(candidate, rows=4).encode())
    with pytest.raises(ValidationError, match="more than 3 rows"):
        import_results(exam=exam, upload=upload)
    assert not StageResult.objects.exists()


def test_a_huge_field_is_reported_with_its_line(exam, candidate, commission):
    text = results_csv(candidate) + "1;" + "x" * 200_000 + "\r\n"
    with pytest.raises(ValidationError, match="Line 4 cannot be read"):
        import_results(exam=exam, upload=SimpleUploadedFile("results.csv", text.encode()))

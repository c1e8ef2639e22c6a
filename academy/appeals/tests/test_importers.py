import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from academy.appeals.importers import import_answers, import_results
from academy.appeals.models import StageResult, TestAnswer

pytestmark = pytest.mark.django_db


def csv_file(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("results.csv", text.encode("utf-8"))


def test_it_imports_good_csv_rows_and_reports_bad_ones_by_line(exam, candidate, commission):
    upload = csv_file(
        "iin,stage,points,threshold,received_on\n"
        f"{candidate.iin},test,61,70,2026-03-20\n"
        f"{candidate.iin},dance,61,70,2026-03-20\n"
        "000000000000,essay,5,6,2026-03-20\n"
        f"{candidate.iin},essay,4.5,6,20.03.2026\n"
    )
    report = import_results(exam=exam, upload=upload)
    assert report.saved == 2
    assert [e.split(":")[0] for e in report.errors] == ["Line 3", "Line 4"]
    assert StageResult.objects.get(stage="essay").points == Decimal("4.5")


@pytest.mark.clause("AP-15.2")
def test_it_imports_the_test_record_from_xlsx(exam, candidate, test_result):
    book = Workbook()
    sheet = book.active
    sheet.append(["IIN", "number", "question", "candidate_answer", "correct_answer"])
    sheet.append([candidate.iin, 21, "Жаңа сұрақ", "C", "D"])
    sheet.append([candidate.iin, "x", "", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    report = import_answers(exam=exam, upload=SimpleUploadedFile("answers.xlsx", buffer.getvalue()))
    assert report.saved == 1
    assert report.errors[0].startswith("Line 3")
    assert not TestAnswer.objects.get(result=test_result, number=21).is_correct


@pytest.mark.clause("AP-F4")
def test_it_imports_graders_sheets(exam, candidate, make_result):
    from academy.appeals.models import GraderSheet, Stage

    case = make_result(Stage.CASE)
    upload = csv_file(
        "iin,stage,grader,c1,c2,c3,c4,c5,c6\n"
        f"{candidate.iin},case,Бағалаушы А,1,0.5,1,0.5,,1\n"
        f"{candidate.iin},test,Бағалаушы Б,1,1,1,1,1,1\n"
        f"{candidate.iin},case,,1,1,1,1,1,1\n"
    )
    from academy.appeals.importers import import_grader_sheets

    report = import_grader_sheets(exam=exam, upload=upload)
    assert report.saved == 1 and len(report.errors) == 2
    sheet = GraderSheet.objects.get(result=case)
    assert sheet.scores == [1, 0.5, 1, 0.5, None, 1]
    assert sheet.total == Decimal(4)


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("broken.xlsx", b"not a zip"),
        SimpleUploadedFile("latin.csv", b"\xff\xfe\x00bad"),
        SimpleUploadedFile("notes.txt", b"x"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(exam, upload):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        import_results(exam=exam, upload=upload)

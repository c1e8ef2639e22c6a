"""The API's attendance summaries, catalogue records (MARC-in-JSON, Dublin Core) and the
testing operator's stage results (issue 15)."""

from datetime import date, timedelta
from pathlib import Path

import pymarc
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from academy.accounts.roles import Role
from academy.appeals.models import Commission, Exam, StageResult
from academy.library.dublin_core import marc_to_dublin_core
from academy.library.services.cataloguing import records_import
from academy.training.models import Attendance, Enrolment
from academy.training.services.attendance import attendance_mark
from academy.training.testing import EnrolmentFactory, LessonFactory

SAMPLE = Path(__file__).resolve().parents[2] / "library" / "tests" / "data" / "sample.mrc"

pytestmark = pytest.mark.django_db


def test_a_system_reads_the_attendance_of_a_group(make_key, key_client, methodologist):
    yesterday = timezone.now() - timedelta(days=1)
    lesson = LessonFactory(starts_at=yesterday)
    group = lesson.programme.group
    present, absent = (
        EnrolmentFactory(group=group, status=Enrolment.Status.ADMITTED) for _ in range(2)
    )
    attendance_mark(
        lesson=lesson, enrolment=present, mark=Attendance.Mark.PRESENT, by=methodologist
    )
    attendance_mark(
        lesson=lesson, enrolment=absent, mark=Attendance.Mark.UNEXCUSED, by=methodologist
    )
    _key, raw = make_key(methodologist, ["groups:read"])

    response = key_client(raw).get(f"/api/v1/groups/{group.pk}/attendance/")

    assert response.status_code == 200, response.content
    rows = {row["listener"]["iin"]: row for row in response.json()["results"]}
    assert rows[present.listener.iin]["present"] == 1
    assert rows[absent.listener.iin]["unexcused"] == 1
    assert rows[absent.listener.iin]["lessons"] == 1


def test_attendance_of_a_group_the_lecturer_does_not_teach_is_403(make_key, key_client, lecturer):
    group = LessonFactory().programme.group
    _key, raw = make_key(lecturer, ["groups:read"])
    assert key_client(raw).get(f"/api/v1/groups/{group.pk}/attendance/").status_code == 403


def test_catalogue_records_come_as_the_stored_marc_and_dublin_core(
    make_key, key_client, make_persona
):
    report = records_import(source=SAMPLE.read_bytes(), by=None)
    assert report.imported_count
    reader = make_persona(Role.READER)
    _key, raw = make_key(reader, ["catalogue:read"])
    client = key_client(raw)

    listed = client.get("/api/v1/catalogue/")
    assert listed.status_code == 200, listed.content
    entry = listed.json()["results"][0]
    detail = client.get(f"/api/v1/catalogue/{entry['id']}/").json()

    assert detail["marc"]["leader"]
    titles = [f for f in detail["marc"]["fields"] if "245" in f]
    assert titles, "the stored 245 is served as given"
    assert detail["dublin_core"]["title"]


def test_the_catalogue_needs_its_scope(make_key, key_client, make_persona):
    _key, raw = make_key(make_persona(Role.READER), ["courses:read"])
    assert key_client(raw).get("/api/v1/catalogue/").status_code == 403


def test_dublin_core_follows_the_crosswalk():
    record = pymarc.Record()
    record.leader = pymarc.Leader("00000nam a2200000 i 4500")
    record.add_field(
        pymarc.Field(tag="008", data="260101s2024    kz            000 0 kaz d"),
        pymarc.Field(
            tag="110",
            indicators=pymarc.Indicators("2", " "),
            subfields=[pymarc.Subfield("a", "Academy of Justice.")],
        ),
        pymarc.Field(
            tag="245",
            indicators=pymarc.Indicators("1", "0"),
            subfields=[
                pymarc.Subfield("a", "Сот төрелігі :"),
                pymarc.Subfield("b", "оқу құралы /"),
                pymarc.Subfield("c", "ed. by X."),
            ],
        ),
        pymarc.Field(
            tag="264",
            indicators=pymarc.Indicators(" ", "1"),
            subfields=[
                pymarc.Subfield("a", "Астана :"),
                pymarc.Subfield("b", "Академия,"),
                pymarc.Subfield("c", "2024."),
            ],
        ),
        pymarc.Field(
            tag="650",
            indicators=pymarc.Indicators(" ", "0"),
            subfields=[pymarc.Subfield("a", "Courts"), pymarc.Subfield("z", "Kazakhstan")],
        ),
    )
    dc = marc_to_dublin_core(record)
    assert dc["title"] == ["Сот төрелігі : оқу құралы"]  # 245 $c is not part of the title
    assert dc["creator"] == ["Academy of Justice"]  # a corporate author stays an author
    assert dc["publisher"] == ["Астана : Академия"]
    assert dc["date"] == ["2024"]
    assert dc["subject"] == ["Courts Kazakhstan"]
    assert dc["language"] == ["kaz"]
    assert dc["type"] == ["Text"]


def _stage_exam(secretary, make_persona):
    exam = Exam.objects.create(title="Біліктілік емтиханы", starts_on=date(2026, 3, 2))
    commission = Commission.objects.create(
        title="Комиссия",
        approved_on=date(2026, 2, 20),
        secretary=secretary,
        chair=make_persona(Role.APPEALS_MEMBER),
    )
    commission.exams.add(exam)
    return exam


def test_the_testing_operator_sends_stage_results(make_key, key_client, make_persona):
    secretary = make_persona(Role.APPEALS_SECRETARY)
    candidate = make_persona(Role.CANDIDATE)
    exam = _stage_exam(secretary, make_persona)
    _key, raw = make_key(secretary, ["stage-results:write"])
    body = (
        "iin;stage;points;threshold;received_on\n"
        f"{candidate.iin};test;61;70;20.03.2026\n"
        f"{candidate.iin};nonsense;1;2;20.03.2026\n"
    )

    response = key_client(raw).post(
        f"/api/v1/appeal-exams/{exam.pk}/stage-results/",
        {"file": SimpleUploadedFile("results.csv", body.encode())},
    )

    assert response.status_code == 200, response.content
    assert response.json()["saved"] == 1
    assert response.json()["errors"] == ["Line 3: Unknown stage nonsense."]
    assert StageResult.objects.get(candidate=candidate).points == 61


def test_stage_results_of_another_commissions_exam_are_404(make_key, key_client, make_persona):
    exam = _stage_exam(make_persona(Role.APPEALS_SECRETARY), make_persona)
    _key, raw = make_key(make_persona(Role.APPEALS_SECRETARY), ["stage-results:write"])
    response = key_client(raw).post(
        f"/api/v1/appeal-exams/{exam.pk}/stage-results/",
        {"file": SimpleUploadedFile("results.csv", b"iin;stage\n")},
    )
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_stage_results_need_the_write_scope(make_key, key_client, make_persona):
    secretary = make_persona(Role.APPEALS_SECRETARY)
    exam = _stage_exam(secretary, make_persona)
    _key, raw = make_key(secretary, ["stage-results:read"])
    response = key_client(raw).post(
        f"/api/v1/appeal-exams/{exam.pk}/stage-results/",
        {"file": SimpleUploadedFile("results.csv", b"iin;stage\n")},
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_changed_since_with_a_far_offset_is_read_in_utc_not_a_server_error(
    make_key, key_client, methodologist
):
    """Found by the schema fuzzer on PostgreSQL: ISO 8601 allows -18:36, PostgreSQL does not."""
    _key, raw = make_key(methodologist, ["courses:read"])
    client = key_client(raw)
    response = client.get("/api/v1/courses/", {"changed_since": "0362-02-03T20:30:03.9-18:36"})
    assert response.status_code == 200
    response = client.get("/api/v1/courses/", {"changed_since": "9999-12-31T23:59:59-18:00"})
    assert response.status_code == 400

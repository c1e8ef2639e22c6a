"""Graders' sheets (AP-F3, AP-F4) and interview scores (AP-F5): service and page."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from academy.accounts.roles import Role
from academy.appeals import services
from academy.appeals.models import GraderSheet, Stage
from academy.appeals.tests.conftest import at

pytestmark = pytest.mark.django_db


@pytest.mark.clause("AP-F3")
def test_secretary_enters_an_essay_sheet_with_grammar_minus_two(make_result, secretary):
    essay = make_result(Stage.ESSAY)
    sheet = services.grader_sheet_record(
        result=essay, grader="Бағалаушы А", scores=["1", "0,5", "1.0", "0", "-2"], by=secretary
    )
    assert sheet.scores == [1, 0.5, 1, 0, -2]
    assert sheet.total == Decimal("0.5")
    assert LogEntry.objects.get_for_object(essay).filter(
        additional_data__event="grader_sheet_recorded"
    )


@pytest.mark.clause("AP-F3")
def test_an_essay_score_outside_the_appendix_is_refused(make_result, secretary):
    essay = make_result(Stage.ESSAY)
    with pytest.raises(ValidationError, match="Criterion 2"):
        services.grader_sheet_record(
            result=essay, grader="А", scores=[1, 0.7, 1, 1, 1], by=secretary
        )
    with pytest.raises(ValidationError, match="Criterion 1"):  # −2 is for grammar only
        services.grader_sheet_record(
            result=essay, grader="А", scores=[-2, 1, 1, 1, 1], by=secretary
        )
    with pytest.raises(ValidationError, match="Criterion 5"):
        services.grader_sheet_record(result=essay, grader="А", scores=[1, 1, 1, 1], by=secretary)
    with pytest.raises(ValidationError, match="5 criteria"):
        services.grader_sheet_record(
            result=essay, grader="А", scores=[1, 1, 1, 1, 1, 1], by=secretary
        )
    assert not GraderSheet.objects.exists()


@pytest.mark.clause("AP-F4")
def test_a_case_sheet_scores_one_of_criteria_5_and_6(make_result, secretary):
    case = make_result(Stage.CASE)
    sheet = services.grader_sheet_record(
        result=case, grader="А", scores=[1, 0.5, 1, -2, "", 1], by=secretary
    )
    assert sheet.scores == [1, 0.5, 1, -2, None, 1]
    for scores in ([1, 1, 1, 1, "", ""], [1, 1, 1, 1, 1, 1]):
        with pytest.raises(ValidationError, match="AP-F4"):
            services.grader_sheet_record(result=case, grader="Б", scores=scores, by=secretary)


@pytest.mark.clause("AP-F5")
def test_interview_scores_are_2_1_0_and_summed(make_result, secretary):
    interview = make_result(Stage.INTERVIEW)
    sheet = services.grader_sheet_record(
        result=interview,
        grader="Біліктілік комиссиясының мүшесі",
        scores=[2, 1, 0, 2, 2],
        by=secretary,
    )
    assert sheet.total == Decimal(7)
    with pytest.raises(ValidationError, match="Criterion 3"):
        services.grader_sheet_record(
            result=interview, grader="Б", scores=[2, 1, 0.5, 2, 2], by=secretary
        )


def test_the_same_grader_corrects_their_sheet(make_result, secretary):
    essay = make_result(Stage.ESSAY)
    services.grader_sheet_record(result=essay, grader="А", scores=[1] * 5, by=secretary)
    services.grader_sheet_record(result=essay, grader="А", scores=[0] * 5, by=secretary)
    assert GraderSheet.objects.get(result=essay).total == 0


def test_only_the_commissions_secretary_enters_sheets(make_result, chair, make_persona):
    essay = make_result(Stage.ESSAY)
    for user in (chair, make_persona(Role.APPEALS_SECRETARY)):
        with pytest.raises(ValidationError, match="secretary"):
            services.grader_sheet_record(result=essay, grader="А", scores=[1] * 5, by=user)


def test_test_results_have_no_graders_sheets(test_result, secretary):
    with pytest.raises(ValidationError, match="essay"):
        services.grader_sheet_record(result=test_result, grader="А", scores=[1], by=secretary)


@pytest.mark.clause("AP-12")
def test_sheets_are_frozen_once_the_materials_went_out(
    make_result, candidate, chair, secretary, commission, travel
):
    essay = make_result(Stage.ESSAY)
    services.grader_sheet_record(result=essay, grader="А", scores=[1] * 5, by=secretary)
    travel(2026, 4, 7, 10)
    appeal = services.appeal_file(result=essay, reasons="Бағалау негізсіз", by=candidate)
    sitting = services.sitting_schedule(
        commission=commission,
        starts_at=at(2026, 4, 20, 10),
        place="Астана",
        appeals=[appeal],
        by=chair,
    )
    services.sitting_send_materials(sitting=sitting, by=secretary)
    with pytest.raises(ValidationError, match="materials"):
        services.grader_sheet_record(result=essay, grader="Б", scores=[1] * 5, by=secretary)
    with pytest.raises(ValidationError, match="materials"):
        services.grader_sheet_delete(sheet=essay.sheets.get(), by=secretary)


@pytest.mark.clause("AP-F3")
def test_the_import_uses_the_same_checks(exam, candidate, make_result):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from academy.appeals.importers import import_grader_sheets

    make_result(Stage.ESSAY)
    upload = SimpleUploadedFile(
        "sheets.csv",
        (
            "iin,stage,grader,c1,c2,c3,c4,c5,c6\n"
            f"{candidate.iin},essay,А,1,0.5,1,1,-2,\n"
            f"{candidate.iin},essay,Б,1,0.7,1,1,1,\n"
        ).encode(),
    )
    report = import_grader_sheets(exam=exam, upload=upload)
    assert report.saved == 1
    assert "Criterion 2" in report.errors[0]


# ---- The page ----


def test_wrong_roles_get_403(client_as, make_result, chair, members, candidate, administrator):
    essay = make_result(Stage.ESSAY)
    for user in (chair, members[0], candidate, administrator):
        client = client_as(user)
        assert client.get(reverse("appeals:grader_sheets_index")).status_code == 403
        assert client.get(reverse("appeals:grader_sheets", args=[essay.pk])).status_code == 403


def test_another_secretary_does_not_see_the_result(client_as, make_result, make_persona):
    essay = make_result(Stage.ESSAY)
    client = client_as(make_persona(Role.APPEALS_SECRETARY))
    assert client.get(reverse("appeals:grader_sheets", args=[essay.pk])).status_code == 404


def test_a_test_result_has_no_sheets_page(client_as, test_result, secretary):
    url = reverse("appeals:grader_sheets", args=[test_result.pk])
    assert client_as(secretary).get(url).status_code == 404


@pytest.mark.clause("AP-F4")
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_secretary_enters_sheets_and_sees_totals(client_as, make_result, secretary, language):
    case = make_result(Stage.CASE)
    client = client_as(secretary)
    assert client.get(f"/{language}/appeals/sheets/").status_code == 200
    url = f"/{language}/appeals/results/{case.pk}/sheets/"
    data = {"grader": "А", "c1": "1", "c2": "0.5", "c3": "1", "c4": "-2", "c5": "", "c6": "1"}
    assert client.post(url, data).status_code == 302
    data = {**data, "grader": "Б", "c4": "1"}
    assert client.post(url, data).status_code == 302
    page = client.get(url).content.decode()
    point = "." if language == "en" else ","  # numbers follow the page's language
    assert f"<strong>1{point}5</strong>" in page and f"<strong>4{point}5</strong>" in page
    assert f'data-testid="average-total"><strong>3{point}00</strong>' in page


@pytest.mark.clause("AP-F4")
def test_the_page_shows_the_services_refusal(client_as, make_result, secretary):
    case = make_result(Stage.CASE)
    url = reverse("appeals:grader_sheets", args=[case.pk])
    data = {"grader": "А", "c1": "1", "c2": "1", "c3": "1", "c4": "1", "c5": "1", "c6": "1"}
    response = client_as(secretary).post(url, data)
    assert response.status_code == 200
    assert "AP-F4" in response.content.decode()
    assert not GraderSheet.objects.exists()


def test_secretary_corrects_and_removes_a_sheet(client_as, make_result, secretary):
    essay = make_result(Stage.ESSAY)
    sheet = services.grader_sheet_record(
        result=essay, grader="А", scores=[1, 0.5, 1, 1, -2], by=secretary
    )
    client = client_as(secretary)
    url = reverse("appeals:grader_sheets", args=[essay.pk])
    page = client.get(url, {"grader": "А"}).content.decode()
    assert 'value="-2" selected' in page
    assert client.post(url, {"delete": sheet.pk}).status_code == 302
    assert not GraderSheet.objects.exists()


def test_a_bad_sheet_to_remove_is_404(client_as, make_result, secretary):
    essay = make_result(Stage.ESSAY)
    url = reverse("appeals:grader_sheets", args=[essay.pk])
    assert client_as(secretary).post(url, {"delete": "x"}).status_code == 404


def test_a_sheet_of_another_result_is_not_removed(client_as, make_result, secretary):
    essay, case = make_result(Stage.ESSAY), make_result(Stage.CASE)
    sheet = services.grader_sheet_record(
        result=case, grader="А", scores=[1, 1, 1, 1, 1, ""], by=secretary
    )
    url = reverse("appeals:grader_sheets", args=[essay.pk])
    assert client_as(secretary).post(url, {"delete": sheet.pk}).status_code == 404
    assert GraderSheet.objects.filter(pk=sheet.pk).exists()

import base64
from decimal import Decimal

import pytest
from django.urls import reverse

from academy.accounts.roles import Role
from academy.appeals import services
from academy.appeals.models import Appeal, Commission, Stage
from academy.appeals.tests.conftest import at, questions
from academy.core.testing import sample_upload
from academy.signatures.testpki import issue_person, sign_detached

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(test_result, candidate, travel):
    travel(2026, 3, 26, 10)
    return services.appeal_file(
        result=test_result, questions=questions(*range(1, 11)), by=candidate
    )


@pytest.fixture
def scheduled(filed, chair, secretary, commission, travel):
    travel(2026, 3, 31, 9)
    sitting = services.sitting_schedule(
        commission=commission,
        starts_at=at(2026, 4, 8, 10),
        place="Астана",
        appeals=[filed],
        by=chair,
    )
    services.sitting_send_materials(sitting=sitting, by=secretary)
    filed.refresh_from_db()
    return filed


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_index_renders_for_every_role(
    client_as, candidate, chair, secretary, members, filed, language
):
    for user in (candidate, chair, secretary, members[0]):
        response = client_as(user).get(f"/{language}/appeals/")
        assert response.status_code == 200


def test_a_wrong_role_gets_403(client_as, make_persona, filed):
    listener = make_persona(Role.LISTENER)
    client = client_as(listener)
    assert client.get(reverse("appeals:index")).status_code == 403
    assert client.get(reverse("appeals:appeal_detail", args=[filed.pk])).status_code == 403
    assert client.get(reverse("appeals:sitting_create")).status_code == 403


def test_candidate_files_a_test_appeal_on_form_1(
    client_as, candidate, test_result, travel, trust_test_pki
):
    travel(2026, 3, 26, 10)
    url = reverse("appeals:appeal_file", args=[test_result.pk])
    client = client_as(candidate)
    assert "30.03.2026" in client.get(url).content.decode()
    data = {
        "q-TOTAL_FORMS": "5",
        "q-INITIAL_FORMS": "0",
        "q-0-number": "3",
        "q-0-grounds": "Екі жауап дұрыс",
        "q-0-legal_reference": "АПК 5-бап",
        "reasons": "",
        "file_anyway": "1",  # one question of the 10 needed (AP-15.1): filed knowingly
    }
    # AP-10: the valid form leads to signing its application; nothing is filed yet.
    response = client.post(url, data)
    assert response.status_code == 200 and not Appeal.objects.exists()
    pdf = base64.b64decode(response.context["document_b64"])
    key = issue_person(
        trust_test_pki, iin=candidate.iin, surname=candidate.surname, given=candidate.first_name
    )
    cms = base64.b64encode(sign_detached(key, pdf, trust_test_pki.chain)).decode()
    response = client.post(url, {**data, "cms": cms})
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response["Location"] == appeal.get_absolute_url()
    assert appeal.questions.get().number == 3


def test_candidate_cannot_file_against_someone_elses_result(client_as, make_persona, test_result):
    other = make_persona(Role.CANDIDATE)
    url = reverse("appeals:appeal_file", args=[test_result.pk])
    assert client_as(other).get(url).status_code == 404


def test_candidates_see_only_their_own_appeals(client_as, make_persona, filed, candidate):
    other = make_persona(Role.CANDIDATE)
    url = reverse("appeals:appeal_detail", args=[filed.pk])
    assert client_as(candidate).get(url).status_code == 200
    assert client_as(other).get(url).status_code == 404
    assert str(filed) not in client_as(other).get(reverse("appeals:index")).content.decode()


def test_members_see_only_appeals_of_their_commission(client_as, make_persona, filed, exam):
    stranger = make_persona(Role.APPEALS_MEMBER)
    other_chair = make_persona(Role.APPEALS_CHAIR)
    other_secretary = make_persona(Role.APPEALS_SECRETARY)
    commission = Commission.objects.create(
        title="Басқа", approved_on=exam.starts_on, chair=other_chair, secretary=other_secretary
    )
    commission.members.set([other_chair, stranger])
    url = reverse("appeals:appeal_detail", args=[filed.pk])
    assert client_as(stranger).get(url).status_code == 404


@pytest.mark.clause("AP-7")
def test_the_secretary_cannot_vote_through_the_page(client_as, secretary, scheduled):
    response = client_as(secretary).post(
        reverse("appeals:vote", args=[scheduled.pk]), {"choice": "uphold"}
    )
    assert response.status_code == 403
    assert not scheduled.votes.exists()


@pytest.mark.clause("AP-6")
def test_a_recused_member_cannot_open_the_sheet(client_as, members, scheduled):
    services.recusal_declare(appeal=scheduled, reason="Туысым", by=members[0])
    assert (
        client_as(members[0]).get(reverse("appeals:sheet_fill", args=[scheduled.pk])).status_code
        == 403
    )


def test_whole_flow_through_the_pages(
    client_as, chair, members, secretary, candidate, scheduled, travel
):
    appeal = scheduled
    for member in (chair, *members[:2]):
        client = client_as(member)
        page = client.get(reverse("appeals:appeal_detail", args=[appeal.pk]))
        assert "Сұрақ 1" in page.content.decode()  # AP-15.2: the test record
        data = {"position": "uphold", "comment": "Сұрақ қате"}
        for n in range(1, 11):
            data[f"q{n}_correct_answer"] = "B"
            data[f"q{n}_candidate_answer"] = "A"
        data["q2_incorrect"] = "on"
        data["q2_comment"] = "Екі дұрыс жауап"
        data["q2_legal_reference"] = "АПК 5-бап"
        response = client.post(reverse("appeals:sheet_fill", args=[appeal.pk]), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        client.post(reverse("appeals:vote", args=[appeal.pk]), {"choice": "uphold"})
    assert appeal.votes.count() == 3
    travel(2026, 4, 8, 11)
    sitting_url = reverse("appeals:sitting_detail", args=[appeal.sitting_id])
    response = client_as(secretary).post(
        sitting_url,
        {
            "present": [str(chair.pk), str(members[0].pk), str(members[1].pk)],
            f"attendance_{appeal.pk}": "present",
        },
    )
    assert response.status_code == 302
    client_as(chair).post(reverse("appeals:decide", args=[appeal.pk]))
    appeal.refresh_from_db()
    assert appeal.decision == Appeal.Decision.UPHOLD
    client_as(secretary).post(reverse("appeals:sitting_minutes_generate", args=[appeal.sitting_id]))
    minutes = client_as(chair).get(reverse("appeals:sitting_minutes", args=[appeal.sitting_id]))
    assert minutes.status_code == 200 and minutes["Content-Type"] == "application/pdf"
    page = client_as(candidate).get(reverse("appeals:appeal_detail", args=[appeal.pk]))
    assert 'data-testid="decision"' in page.content.decode()


def test_chair_schedules_through_the_page(client_as, chair, commission, filed, travel):
    travel(2026, 3, 31, 9)
    response = client_as(chair).post(
        reverse("appeals:sitting_create"),
        {
            "commission": commission.pk,
            "starts_at": "2026-04-08T10:00",
            "place": "Астана",
            "appeals": [filed.pk],
        },
    )
    assert response.status_code == 302
    filed.refresh_from_db()
    assert filed.status == Appeal.Status.SCHEDULED


@pytest.mark.clause("AP-13")
def test_sending_materials_too_late_shows_the_error(
    client_as, chair, secretary, commission, filed, travel
):
    travel(2026, 3, 31, 9)
    sitting = services.sitting_schedule(
        commission=commission, starts_at=at(2026, 4, 7, 10), place="x", appeals=[filed], by=chair
    )
    travel(2026, 4, 1, 9)
    response = client_as(secretary).post(
        reverse("appeals:sitting_send_materials", args=[sitting.pk]), follow=True
    )
    assert "08.04.2026" in response.content.decode()
    sitting.refresh_from_db()
    assert sitting.materials_sent_at is None


def test_secretary_registers_a_paper_essay_appeal(client_as, secretary, make_result):
    essay = make_result(Stage.ESSAY, points=Decimal(3))
    response = client_as(secretary).post(
        reverse("appeals:appeal_register"),
        {
            "result": essay.pk,
            "filed_at": "2026-04-07T11:00",
            "reasons": "Бағасы төмен",
            "q-TOTAL_FORMS": "5",
            "q-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert Appeal.objects.get().on_paper


def test_import_page_reports_rows(client_as, secretary, exam, candidate, commission):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "r.csv", f"iin,stage,points,threshold,received_on\n{candidate.iin},test,1,2,bad\n".encode()
    )
    response = client_as(secretary).post(
        reverse("appeals:results_import"), {"exam": exam.pk, "kind": "results", "upload": upload}
    )
    assert response.status_code == 200
    report = response.context["report"]
    assert report.saved == 0 and len(report.errors) == 1


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_pages_render_for_every_role_in_every_language(
    client_as, candidate, chair, secretary, members, scheduled, language
):
    pages = [
        f"/{language}/appeals/{scheduled.pk}/",
        f"/{language}/appeals/sittings/{scheduled.sitting_id}/",
    ]
    for user in (chair, secretary, members[0]):
        for url in pages:
            assert client_as(user).get(url).status_code == 200, (user, url)
    assert (
        client_as(members[0]).get(f"/{language}/appeals/{scheduled.pk}/sheet/").status_code == 200
    )
    assert client_as(candidate).get(pages[0]).status_code == 200
    assert client_as(candidate).get(pages[1]).status_code == 403
    assert client_as(chair).get(f"/{language}/appeals/sittings/new/").status_code == 200
    assert client_as(secretary).get(f"/{language}/appeals/register/").status_code == 200
    assert client_as(secretary).get(f"/{language}/appeals/import/").status_code == 200


def test_minutes_are_hidden_from_other_commissions(
    client_as, make_persona, scheduled, secretary, exam
):
    services.sitting_minutes_generate(sitting=scheduled.sitting, by=secretary)
    stranger = make_persona(Role.APPEALS_SECRETARY)
    url = reverse("appeals:sitting_minutes", args=[scheduled.sitting_id])
    assert client_as(stranger).get(url).status_code == 404
    assert client_as(secretary).get(url).status_code == 200


@pytest.mark.clause("AP-19")
def test_a_recording_with_a_wrong_extension_is_refused_on_the_page(
    client_as, secretary, make_result, candidate, travel
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    interview = make_result(Stage.INTERVIEW)
    travel(2026, 4, 7, 10)
    appeal = services.appeal_file(result=interview, reasons="Сұрақтар", by=candidate)
    url = reverse("appeals:recording_upload", args=[appeal.pk])
    client_as(secretary).post(url, {"recording": SimpleUploadedFile("a.exe", b"x")})
    interview.refresh_from_db()
    assert not interview.recording
    client_as(secretary).post(url, {"recording": sample_upload("a.webm")})
    interview.refresh_from_db()
    assert interview.recording


def test_dashboard_shows_the_appeals_tile(client_as, candidate, secretary):
    page = client_as(candidate).get("/en/dashboard/").content.decode()
    assert reverse("appeals:index") in page


@pytest.mark.clause("AP-12")
@pytest.mark.clause("AP-15.2")
def test_a_member_studies_the_record_of_the_contested_questions(client_as, members, scheduled):
    page = (
        client_as(members[0])
        .get(reverse("appeals:appeal_detail", args=[scheduled.pk]))
        .content.decode()
    )
    assert "Сұрақ 10" in page
    assert "Сұрақ 11" not in page  # not contested


@pytest.mark.clause("AP-16")
@pytest.mark.clause("AP-F3")
def test_a_member_sees_the_graders_sheets_and_averages(
    client_as, members, chair, secretary, commission, candidate, make_result, travel
):
    from datetime import date

    from academy.appeals.models import GraderSheet

    essay = make_result(Stage.ESSAY, received_on=date(2026, 3, 27))
    GraderSheet.objects.create(result=essay, grader="Бағалаушы Ә", scores=[1, 0.5, 0.5, 1, 0])
    GraderSheet.objects.create(result=essay, grader="Бағалаушы Б", scores=[0, 0.5, 0.5, 1, 0])
    travel(2026, 3, 30, 10)
    appeal = services.appeal_file(result=essay, reasons="Бағасы төмен", by=candidate)
    sitting = services.sitting_schedule(
        commission=commission, starts_at=at(2026, 4, 8, 10), place="x", appeals=[appeal], by=chair
    )
    services.sitting_send_materials(sitting=sitting, by=secretary)
    client = client_as(members[0])
    assert (
        "Бағалаушы Ә"
        in client.get(reverse("appeals:appeal_detail", args=[appeal.pk])).content.decode()
    )
    sheet_page = client.get(reverse("appeals:sheet_fill", args=[appeal.pk])).content.decode()
    assert "0.50" in sheet_page  # the graders' average of criterion 1


def test_secretary_enters_a_result_by_hand(
    client_as, secretary, candidate, exam, commission, make_persona
):
    url = reverse("appeals:result_enter")
    data = {
        "exam": exam.pk,
        "candidate": candidate.pk,
        "stage": "interview",
        "points": "7",
        "threshold": "8",
        "received_on": "2026-04-06",
    }
    assert client_as(secretary).post(url, data).status_code == 302
    result = exam.results.get(stage="interview")
    assert result.points == Decimal(7)
    assert client_as(make_persona(Role.APPEALS_MEMBER)).get(url).status_code == 403
    outsider = make_persona(Role.APPEALS_SECRETARY)
    response = client_as(outsider).post(url, data)
    assert response.status_code == 200  # the exam is not among the outsider's choices
    assert exam.results.get(stage="interview").points == Decimal(7)


def test_a_result_under_appeal_cannot_be_changed(client_as, secretary, filed, exam, candidate):
    from datetime import date

    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.result_record(
            exam=exam,
            candidate=candidate,
            stage="test",
            points=Decimal(70),
            threshold=Decimal(70),
            received_on=date(2026, 3, 20),
            by=secretary,
        )


@pytest.mark.clause("AP-7")
def test_the_admin_form_refuses_the_secretary_as_member(
    commission, secretary, chair, members, exam
):
    from academy.appeals.admin import CommissionForm

    data = {
        "title": commission.title,
        "approved_on": "2026-02-20",
        "chair": chair.pk,
        "secretary": secretary.pk,
        "members": [chair.pk, secretary.pk],
        "exams": [exam.pk],
    }
    form = CommissionForm(data, instance=commission)
    assert not form.is_valid()
    assert "members" in form.errors
    data["members"] = [chair.pk, members[0].pk]
    assert CommissionForm(data, instance=commission).is_valid()
    data["members"] = [members[0].pk]
    assert "members" in CommissionForm(data, instance=commission).errors  # chair missing


@pytest.mark.clause("AP-18")
def test_the_pages_show_which_clause_set_the_deadline(client_as, candidate, make_result, travel):
    from datetime import date

    essay = make_result(Stage.ESSAY, received_on=date(2026, 4, 3))
    travel(2026, 4, 4, 10)
    client = client_as(candidate)
    form = client.get(reverse("appeals:appeal_file", args=[essay.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "06.04.2026" in form.content.decode() and "AP-18" in form.content.decode()
    appeal = services.appeal_file(result=essay, reasons="Бағасы төмен", by=candidate)
    page = client.get(f"/ru/appeals/{appeal.pk}/").content.decode()
    assert "06.04.2026" in page and "3 календарных дней" in page


# ---- AP-15.1 through the form ----


def _rows(numbers, total=None):
    data = {"q-TOTAL_FORMS": str(total or max(len(numbers), 5)), "q-INITIAL_FORMS": "0"}
    for i, n in enumerate(numbers):
        data[f"q-{i}-number"] = str(n)
        data[f"q-{i}-grounds"] = "Екі жауап дұрыс"
        data[f"q-{i}-legal_reference"] = "АПК 5-бап"
    return data


@pytest.fixture
def six_short(make_result):
    """64 of 70 points: 6 points short; questions 1–8 answered wrongly, 9–20 right."""
    from datetime import date

    from academy.appeals.models import TestAnswer

    result = make_result(
        Stage.TEST, received_on=date(2026, 3, 25), points=Decimal(64), threshold=Decimal(70)
    )
    for n in range(1, 21):
        TestAnswer.objects.create(
            result=result,
            number=n,
            question=f"Сұрақ {n}",
            candidate_answer="A" if n <= 8 else "B",
            correct_answer="B",
        )
    return result


@pytest.mark.clause("AP-15.1")
def test_the_form_says_how_many_questions_must_count(client_as, candidate, six_short, travel):
    travel(2026, 3, 26, 10)
    page = client_as(candidate).get(f"/en/appeals/file/{six_short.pk}/").content.decode()
    assert "Needed: 6 · counted: 0" in page
    assert "6 points short of the threshold" in page


@pytest.mark.clause("AP-15.1")
def test_without_javascript_add_a_question_returns_the_form_with_one_more_row(
    client_as, candidate, six_short, travel
):
    travel(2026, 3, 26, 10)
    url = f"/en/appeals/file/{six_short.pk}/"
    data = _rows([1, 2, 3, 4, 5]) | {"add_row": "1", "reasons": ""}
    page = client_as(candidate).post(url, data).content.decode()
    assert 'name="q-5-number"' in page and "Needed: 6 · counted: 5" in page
    assert not Appeal.objects.exists()


@pytest.mark.clause("AP-15.1")
def test_htmx_adds_a_row_and_the_form_count(client_as, candidate, six_short):
    url = reverse("appeals:contested_row", args=[six_short.pk])
    page = client_as(candidate).get(url, {"q-TOTAL_FORMS": "5"}).content.decode()
    assert 'name="q-5-number"' in page
    assert 'name="q-TOTAL_FORMS" value="6"' in page and "hx-swap-oob" in page


@pytest.mark.clause("AP-15.1")
def test_a_candidate_six_points_short_files_six_valid_questions(
    client_as, candidate, six_short, travel, trust_test_pki
):
    travel(2026, 3, 26, 10)
    data = _rows([1, 2, 3, 4, 5, 6, 12], total=7) | {"reasons": ""}
    client = client_as(candidate)
    response = _file_signed(client, f"/en/appeals/file/{six_short.pk}/", data, trust_test_pki)
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert appeal.questions.count() == 7 and appeal.cannot_be_upheld_code == ""


@pytest.mark.clause("AP-15.1")
@pytest.mark.clause("AP-15.2")
def test_too_few_questions_are_explained_in_words_before_filing(
    client_as, candidate, six_short, travel, trust_test_pki
):
    travel(2026, 3, 26, 10)
    url = f"/ru/appeals/file/{six_short.pk}/"
    data = _rows([1, 2, 15, 42]) | {"reasons": ""}
    page = client_as(candidate).post(url, data).content.decode()
    assert not Appeal.objects.exists()
    assert "Вопрос 15: вы ответили на него правильно" in page
    assert "Вопроса 42 не было в вашем тесте" in page
    assert "засчитываются только 2" in page.lower()
    assert 'name="file_anyway"' in page
    _file_signed(client_as(candidate), url, data | {"file_anyway": "1"}, trust_test_pki)
    assert Appeal.objects.get().cannot_be_upheld_code == "too_few_questions"


def _file_signed(client, url, data, pki):
    """AP-10: the valid form leads to its application, which the candidate signs to file."""
    response = client.post(url, data)
    assert response.status_code == 200 and not Appeal.objects.exists()
    pdf = base64.b64decode(response.context["document_b64"])
    user = response.wsgi_request.user
    key = issue_person(pki, iin=user.iin, surname=user.surname, given=user.first_name)
    cms = base64.b64encode(sign_detached(key, pdf, pki.chain)).decode()
    return client.post(url, {**data, "cms": cms})


@pytest.mark.clause("AP-15.1")
def test_the_count_is_checked_live_for_the_candidate_only(
    client_as, candidate, make_persona, six_short
):
    url = reverse("appeals:contested_check", args=[six_short.pk])
    page = client_as(candidate).post(url, _rows([1, 2, 15])).content.decode()
    assert "Needed: 6 · counted: 2" in page
    assert "Question 15: you answered it correctly" in page
    other = make_persona(Role.CANDIDATE)
    assert client_as(other).post(url, _rows([1])).status_code == 404


@pytest.mark.clause("AP-24")
@pytest.mark.clause("AP-23")
def test_deciding_shows_the_votes_and_the_outcome_before_recording(
    client_as, chair, members, secretary, scheduled, travel
):
    from academy.appeals.tests.test_services import fill_and_vote, hold_sitting

    fill_and_vote(scheduled, chair, "uphold", incorrect=range(1, 11))
    fill_and_vote(scheduled, members[0], "uphold")
    fill_and_vote(scheduled, members[1], "reject")
    hold_sitting(scheduled, secretary, travel, present=[chair, *members[:2]])
    url = f"/en/appeals/{scheduled.pk}/decide/"
    detail = client_as(chair).get(f"/en/appeals/{scheduled.pk}/").content.decode()
    assert f'href="{url}"' in detail  # a link to the summary, not a one-click form
    page = client_as(chair).get(url).content.decode()
    assert "Uphold: 2; reject: 1; not voted or absent: 1." in page
    assert "The decision will be: Rejected." in page
    scheduled.refresh_from_db()
    assert scheduled.status == Appeal.Status.SCHEDULED
    assert client_as(members[0]).get(url).status_code == 403
    client_as(chair).post(url)
    scheduled.refresh_from_db()
    assert scheduled.decision == Appeal.Decision.REJECT

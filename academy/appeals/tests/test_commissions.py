"""Commission composition (AP-3..AP-7): service and page."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from academy.accounts.roles import Role
from academy.appeals import services
from academy.appeals.models import Commission

pytestmark = pytest.mark.django_db


def composition(chair, members, secretary, **extra):
    return {
        "title": "Апелляциялық комиссия 2026-2",
        "approved_on": date(2026, 5, 4),
        "approval_reference": "ЖСК төрағасының 04.05.2026 № 12 өкімі",
        "chair": chair,
        "members": members,
        "secretary": secretary,
        **extra,
    }


@pytest.mark.clause("AP-3")
def test_administrator_records_the_approved_composition(
    administrator, chair, members, secretary, exam
):
    commission = services.commission_save(
        **composition(chair, members, secretary, deputy=members[0], exams=[exam]),
        by=administrator,
    )
    assert commission.approval_reference.startswith("ЖСК")
    assert set(commission.members.all()) == {chair, *members}  # the chair votes
    assert commission.deputy == members[0]
    assert list(commission.exams.all()) == [exam]


@pytest.mark.clause("AP-3")
def test_the_composition_change_is_audited(administrator, chair, members, secretary):
    commission = services.commission_save(
        **composition(chair, members, secretary), by=administrator
    )
    services.commission_save(
        **composition(chair, members[:2], secretary), commission=commission, by=administrator
    )
    events = [
        e.additional_data.get("event")
        for e in LogEntry.objects.get_for_object(commission)
        if e.additional_data
    ]
    assert "commission_created" in events and "commission_changed" in events
    assert set(commission.members.all()) == {chair, *members[:2]}


@pytest.mark.clause("AP-7")
def test_a_secretary_who_is_a_member_is_refused(administrator, chair, members, secretary):
    secretary.groups.add(*members[0].groups.all())  # could be a member too
    with pytest.raises(ValidationError, match="AP-7"):
        services.commission_save(
            **composition(chair, [*members, secretary], secretary), by=administrator
        )
    assert not Commission.objects.exists()


@pytest.mark.clause("AP-7")
def test_the_chair_cannot_be_the_secretary(administrator, chair, members):
    with pytest.raises(ValidationError, match="AP-7"):
        services.commission_save(**composition(chair, members, chair), by=administrator)


@pytest.mark.clause("AP-4")
def test_a_commission_without_a_chair_is_refused(administrator, members, secretary):
    with pytest.raises(ValidationError, match="chair"):
        services.commission_save(**composition(None, members, secretary), by=administrator)


@pytest.mark.clause("AP-4")
def test_the_presiding_member_must_be_another_member(
    administrator, chair, members, secretary, make_persona
):
    outsider = make_persona(Role.APPEALS_MEMBER)
    for deputy in (chair, outsider):
        with pytest.raises(ValidationError, match="AP-4"):
            services.commission_save(
                **composition(chair, members, secretary, deputy=deputy), by=administrator
            )


def test_people_need_their_roles(administrator, chair, members, secretary, candidate):
    with pytest.raises(ValidationError, match="member"):
        services.commission_save(**composition(chair, [candidate], secretary), by=administrator)
    with pytest.raises(ValidationError, match="chair"):
        services.commission_save(**composition(members[0], members, secretary), by=administrator)


@pytest.mark.clause("AP-5")
def test_a_secretary_records_only_their_own_commission(
    chair, members, secretary, make_persona, commission
):
    other = make_persona(Role.APPEALS_SECRETARY)
    with pytest.raises(ValidationError):
        services.commission_save(**composition(chair, members, other), by=secretary)
    with pytest.raises(ValidationError):
        services.commission_save(
            **composition(chair, members, other), commission=commission, by=other
        )
    mine = services.commission_save(**composition(chair, members, secretary), by=secretary)
    assert mine.secretary == secretary


def test_a_member_cannot_record_a_composition(chair, members, secretary):
    with pytest.raises(ValidationError):
        services.commission_save(**composition(chair, members, secretary), by=chair)


# ---- The page ----


def test_wrong_roles_get_403(client_as, chair, members, candidate, commission):
    for user in (chair, members[0], candidate):
        client = client_as(user)
        assert client.get(reverse("appeals:commission_list")).status_code == 403
        assert client.get(reverse("appeals:commission_create")).status_code == 403
        url = reverse("appeals:commission_edit", args=[commission.pk])
        assert client.get(url).status_code == 403


def test_another_secretary_cannot_open_the_commission(client_as, make_persona, commission):
    other = make_persona(Role.APPEALS_SECRETARY)
    client = client_as(other)
    assert client.get(reverse("appeals:commission_edit", args=[commission.pk])).status_code == 403
    assert commission.title not in client.get(reverse("appeals:commission_list")).content.decode()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_pages_render(client_as, administrator, secretary, commission, language):
    for user in (administrator, secretary):
        client = client_as(user)
        listing = client.get(f"/{language}/appeals/commissions/")
        assert listing.status_code == 200
        assert commission.title in listing.content.decode()
        edit = client.get(f"/{language}/appeals/commissions/{commission.pk}/")
        assert edit.status_code == 200


@pytest.mark.clause("AP-3")
def test_administrator_records_a_commission_on_the_page(
    client_as, administrator, chair, members, secretary, exam
):
    response = client_as(administrator).post(
        reverse("appeals:commission_create"),
        {
            "title": "Комиссия 2026-2",
            "approved_on": "2026-05-04",
            "approval_reference": "№ 12",
            "chair": chair.pk,
            "members": [m.pk for m in members],
            "deputy": members[1].pk,
            "secretary": secretary.pk,
            "exams": [exam.pk],
        },
    )
    assert response.status_code == 302
    commission = Commission.objects.get(title_kk="Комиссия 2026-2")
    assert commission.deputy == members[1]
    assert set(commission.members.all()) == {chair, *members}


@pytest.mark.clause("AP-7")
def test_the_page_shows_the_ap7_refusal(client_as, secretary, chair, members, commission):
    secretary.groups.add(*members[0].groups.all())
    response = client_as(secretary).post(
        reverse("appeals:commission_edit", args=[commission.pk]),
        {
            "title": commission.title,
            "approved_on": "2026-02-20",
            "chair": chair.pk,
            "members": [secretary.pk, *[m.pk for m in members]],
            "secretary": secretary.pk,
        },
    )
    assert response.status_code == 200
    assert "AP-7" in response.content.decode()
    assert not commission.members.filter(pk=secretary.pk).exists()


@pytest.mark.clause("AP-4")
def test_the_designated_member_presides_in_the_chairs_absence(
    test_result, candidate, chair, members, secretary, commission, travel
):
    from academy.appeals.models import Appeal
    from academy.appeals.tests.conftest import at, questions
    from academy.appeals.tests.test_services import hold_sitting

    commission.deputy = members[0]
    commission.save()
    travel(2026, 3, 26, 10)
    appeal = services.appeal_file(result=test_result, questions=questions(1, 2), by=candidate)
    sitting = services.sitting_schedule(
        commission=commission, starts_at=at(2026, 4, 8, 10), place="x", appeals=[appeal], by=chair
    )
    services.sitting_send_materials(sitting=sitting, by=secretary)
    appeal.refresh_from_db()
    hold_sitting(appeal, secretary, travel, present=members)  # the chair is absent
    with pytest.raises(ValidationError):
        services.appeal_decide(appeal=appeal, by=members[1])
    decided = services.appeal_decide(appeal=appeal, by=members[0])
    assert decided.status == Appeal.Status.DECIDED


@pytest.mark.clause("AP-4")
def test_the_designated_member_does_not_preside_when_the_chair_is_present(
    test_result, candidate, chair, members, secretary, commission, travel
):
    from academy.appeals.tests.conftest import at, questions
    from academy.appeals.tests.test_services import hold_sitting

    commission.deputy = members[0]
    commission.save()
    travel(2026, 3, 26, 10)
    appeal = services.appeal_file(result=test_result, questions=questions(1, 2), by=candidate)
    sitting = services.sitting_schedule(
        commission=commission, starts_at=at(2026, 4, 8, 10), place="x", appeals=[appeal], by=chair
    )
    services.sitting_send_materials(sitting=sitting, by=secretary)
    appeal.refresh_from_db()
    hold_sitting(appeal, secretary, travel, present=[chair, *members])
    with pytest.raises(ValidationError, match="presiding"):
        services.appeal_decide(appeal=appeal, by=members[0])


def _presiding_choice(client, url):
    form = client.get(url).context["form"]
    return form["commission"].value(), form["presiding"].value()


@pytest.mark.clause("AP-4")
def test_the_sitting_form_prefills_the_designated_member(client_as, chair, members, commission):
    client = client_as(chair)
    url = reverse("appeals:sitting_create")
    assert _presiding_choice(client, url) == (commission.pk, None)
    commission.deputy = members[1]
    commission.save()
    assert _presiding_choice(client, url) == (commission.pk, members[1].pk)
    page = client.get(url).content.decode()
    assert f'<option value="{members[1].pk}" selected>' in page


@pytest.mark.clause("AP-4")
def test_with_several_commissions_the_chosen_ones_deputy_is_prefilled(
    client_as, chair, members, secretary, commission
):
    other = Commission.objects.create(
        title="Екінші комиссия",
        approved_on=date(2026, 5, 4),
        chair=chair,
        secretary=secretary,
        deputy=members[2],
    )
    other.members.set([chair, *members])
    client = client_as(chair)
    url = reverse("appeals:sitting_create")
    assert _presiding_choice(client, url) == (None, None)
    assert _presiding_choice(client, f"{url}?commission={other.pk}") == (other.pk, members[2].pk)
    assert _presiding_choice(client, f"{url}?commission=999999") == (None, None)


@pytest.mark.clause("AP-4")
def test_a_presiding_member_named_for_the_sitting_yields_to_the_present_chair(
    test_result, candidate, chair, members, secretary, commission, travel
):
    from academy.appeals.tests.conftest import at, questions
    from academy.appeals.tests.test_services import hold_sitting

    travel(2026, 3, 26, 10)
    appeal = services.appeal_file(result=test_result, questions=questions(1, 2), by=candidate)
    sitting = services.sitting_schedule(
        commission=commission,
        starts_at=at(2026, 4, 8, 10),
        place="x",
        appeals=[appeal],
        presiding=members[0],
        by=chair,
    )
    services.sitting_send_materials(sitting=sitting, by=secretary)
    appeal.refresh_from_db()
    hold_sitting(appeal, secretary, travel, present=[chair, *members])
    with pytest.raises(ValidationError, match="presiding"):
        services.appeal_decide(appeal=appeal, by=members[0])

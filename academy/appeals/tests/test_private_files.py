"""AP-19, AP-20: the fault act and the interview recording are private files.

Stored under random names; served by views that check the role and the appeal; the
appeal page links to those views, never to /media/.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from academy.accounts.roles import Role
from academy.appeals import services
from academy.appeals.models import Stage
from academy.appeals.tests.conftest import questions
from academy.core.testing import sample_bytes, sample_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_act(test_result, candidate, secretary, travel):
    travel(2026, 3, 26, 10)
    appeal = services.appeal_file(result=test_result, questions=questions(1, 2), by=candidate)
    return services.appeal_attach_fault_act(
        appeal=appeal, act=sample_upload("Акт оператора.pdf"), by=secretary
    )


@pytest.fixture
def with_recording(make_result, candidate, secretary, travel):
    interview = make_result(Stage.INTERVIEW)
    travel(2026, 4, 7, 10)
    appeal = services.appeal_file(result=interview, reasons="Сұрақтар", by=candidate)
    services.result_attach_recording(
        result=interview, recording=sample_upload("talk.mp4"), by=secretary
    )
    return appeal


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.clause("AP-20")
def test_the_act_is_stored_under_a_random_name(with_act):
    assert re.fullmatch(r"appeals/acts/\d{4}/[0-9a-f]{32}\.pdf", with_act.fault_act.name)


@pytest.mark.clause("AP-20")
def test_the_candidate_and_the_commission_download_the_act(
    client_as, with_act, candidate, secretary, members
):
    url = reverse("appeals:fault_act_file", args=[with_act.pk])
    for user in (candidate, secretary, members[0]):
        response = client_as(user).get(url)
        assert response.status_code == 200
        assert _body(response) == sample_bytes("act.pdf")
        assert f'filename="fault-act-{with_act.pk}.pdf"' in response["Content-Disposition"]


@pytest.mark.clause("AP-20")
def test_another_candidate_cannot_download_the_act(client_as, with_act, make_persona):
    other = make_persona(Role.CANDIDATE)
    url = reverse("appeals:fault_act_file", args=[with_act.pk])
    assert client_as(other).get(url).status_code in (403, 404)


@pytest.mark.clause("AP-20")
def test_an_anonymous_visitor_is_sent_to_log_in(with_act):
    response = Client().get(reverse("appeals:fault_act_file", args=[with_act.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.clause("AP-20")
def test_the_appeal_page_links_to_the_checked_view(client_as, with_act, candidate):
    page = client_as(candidate).get(reverse("appeals:appeal_detail", args=[with_act.pk]))
    html = page.content.decode()
    assert reverse("appeals:fault_act_file", args=[with_act.pk]) in html
    assert "/media/" not in html


@pytest.mark.clause("AP-20")
def test_behind_nginx_the_act_goes_by_x_accel_redirect(client_as, with_act, candidate, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"
    response = client_as(candidate).get(reverse("appeals:fault_act_file", args=[with_act.pk]))
    assert response["X-Accel-Redirect"] == "/protected-media/" + with_act.fault_act.name


@pytest.mark.clause("AP-19")
def test_only_the_commission_downloads_the_recording(
    client_as, with_recording, candidate, secretary, members, chair
):
    url = reverse("appeals:recording_file", args=[with_recording.pk])
    name = with_recording.result.recording.name
    assert re.fullmatch(r"appeals/recordings/\d{4}/[0-9a-f]{32}\.mp4", name)
    for user in (secretary, chair, members[0]):
        response = client_as(user).get(url)
        assert response.status_code == 200 and _body(response) == sample_bytes("talk.mp4")
    assert client_as(candidate).get(url).status_code == 403
    response = Client().get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    page = client_as(secretary).get(reverse("appeals:appeal_detail", args=[with_recording.pk]))
    assert url in page.content.decode() and "/media/" not in page.content.decode()

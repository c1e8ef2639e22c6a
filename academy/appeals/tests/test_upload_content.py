"""AP-20, AP-19: a fault act and a recording are checked by content, not by name."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from academy.appeals import services
from academy.appeals.models import Stage
from academy.appeals.tests.conftest import questions
from academy.core.testing import sample_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(test_result, candidate, travel):
    travel(2026, 3, 26, 10)
    return services.appeal_file(result=test_result, questions=questions(1, 2), by=candidate)


@pytest.mark.clause("AP-20")
def test_executable_bytes_named_act_pdf_are_refused(filed, secretary):
    with pytest.raises(ValidationError, match=r"content of act\.pdf is not a \.pdf file"):
        services.appeal_attach_fault_act(
            appeal=filed, act=sample_upload("act.pdf", content_of="x.exe"), by=secretary
        )
    filed.refresh_from_db()
    assert not filed.fault_act and not filed.technical_fault


@pytest.mark.clause("AP-20")
def test_the_page_names_the_refused_act(client_as, filed, secretary):
    response = client_as(secretary).post(
        reverse("appeals:fault_act", args=[filed.pk]),
        {"act": sample_upload("act.pdf", content_of="x.exe")},
        follow=True,
    )
    assert "The content of act.pdf is not a .pdf file" in response.content.decode()
    filed.refresh_from_db()
    assert not filed.fault_act


@pytest.mark.clause("AP-19")
def test_executable_bytes_named_talk_mp4_are_refused(make_result, secretary):
    interview = make_result(Stage.INTERVIEW)
    with pytest.raises(ValidationError):
        services.result_attach_recording(
            result=interview, recording=sample_upload("talk.mp4", content_of="x.exe"), by=secretary
        )
    interview.refresh_from_db()
    assert not interview.recording

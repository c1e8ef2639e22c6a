"""SCORM 1.2 packages: checked on upload, served same-origin to the group only, the runtime's
commits recorded and counted for completion (issue 14)."""

import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from academy.learning import completion, scorm
from academy.learning.models import Completion, ScormTrack

pytestmark = pytest.mark.django_db

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="ethics-1" version="1"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>{version}</schemaversion></metadata>
  <organizations default="org1">
    <organization identifier="org1"><title>Судья әдебі</title>
      <item identifier="i1" identifierref="r1"><title>Сабақ</title>
        <adlcp:masteryscore>80</adlcp:masteryscore></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="{href}">
      <file href="index.html"/></resource>
  </resources>
</manifest>"""


def package_zip(*, version="1.2", href="index.html", extra=None, manifest=True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if manifest:
            archive.writestr("imsmanifest.xml", MANIFEST.format(version=version, href=href))
        archive.writestr("index.html", "<html><body>Сабақ</body></html>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(data: bytes, name: str = "lesson.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/zip")


@pytest.fixture
def package(course, lecturer):
    return scorm.scorm_upload(
        course=course, file=upload(package_zip()), by=lecturer, completion=Completion.PASSED
    )


def test_the_manifest_gives_the_launch_page_title_and_mastery_score(package):
    assert (package.launch, package.title, package.mastery_score) == (
        "index.html",
        "Судья әдебі",
        80,
    )


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"not a zip at all", "zip"),
        (package_zip(manifest=False), "imsmanifest"),
        (package_zip(href="missing.html"), "missing.html"),
        (package_zip(extra={"../evil.html": "x"}), "../evil.html"),
        (package_zip(version="2004 4th Edition"), "2004"),
    ],
)
def test_a_bad_package_is_refused_with_the_reason(course, lecturer, data, why, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as error:
        scorm.scorm_upload(course=course, file=upload(data), by=lecturer)
    assert why in " ".join(error.value.messages)


def test_a_package_over_the_size_limit_is_refused(course, lecturer, settings):
    settings.LEARNING_SCORM_MAX_SIZE = 100
    with pytest.raises(ValidationError):
        scorm.scorm_upload(course=course, file=upload(package_zip()), by=lecturer)


def test_only_the_groups_authors_upload(course, other_lecturer, listener):
    for user in (other_lecturer, listener):
        with pytest.raises(ValidationError):
            scorm.scorm_upload(course=course, file=upload(package_zip()), by=user)


def test_the_content_is_served_same_origin_to_the_group_only(
    client_as, package, listener, other_group_listener
):
    url = reverse("learning:scorm_content", args=[package.pk, "index.html"])
    response = client_as(listener).get(url)
    assert response.status_code == 200 and "Сабақ" in response.content.decode()
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert client_as(other_group_listener).get(url).status_code == 403
    missing = reverse("learning:scorm_content", args=[package.pk, "nothing.html"])
    assert client_as(listener).get(missing).status_code == 404
    player = client_as(listener).get(reverse("learning:scorm_player", args=[package.pk]))
    assert "scorm_api.js" in player.content.decode()


def _commit(client, package, values):
    return client.post(
        reverse("learning:scorm_track", args=[package.pk]),
        json.dumps(values),
        content_type="application/json",
    )


def test_commits_record_status_and_score_and_complete_the_lesson(client_as, package, listener):
    client = client_as(listener)
    response = _commit(
        client,
        package,
        {"cmi.core.lesson_status": "incomplete", "cmi.core.session_time": "0000:05:00"},
    )
    assert response.status_code == 200
    activity = completion.course_activities([package.course])[package.course_id][0]
    results = completion.load_results([activity], [listener.pk])
    assert not completion.activity_status(activity, listener.pk, results).done
    # Completed with a score of 90 against the mastery score 80: passed (SCORM 1.2 RTE).
    _commit(client, package, {"cmi.core.lesson_status": "completed", "cmi.core.score.raw": "90"})
    track = ScormTrack.objects.get(package=package, listener=listener)
    assert (track.lesson_status, track.score_raw, track.total_time) == ("passed", 90, "0000:05:00")
    results = completion.load_results([activity], [listener.pk])
    assert completion.activity_status(activity, listener.pk, results).done
    # A later "incomplete" does not undo it.
    _commit(client, package, {"cmi.core.lesson_status": "incomplete"})
    track.refresh_from_db()
    assert track.lesson_status == "passed"


def test_a_beacon_commit_in_a_form_is_recorded(client_as, package, listener):
    client_as(listener).post(
        reverse("learning:scorm_track", args=[package.pk]),
        {"values": json.dumps({"cmi.core.lesson_status": "browsed"})},
    )
    assert ScormTrack.objects.get(package=package, listener=listener).lesson_status == "browsed"


@pytest.mark.parametrize(
    "values",
    [
        {"cmi.core.lesson_status": "excellent"},
        {"cmi.core.score.raw": "150"},
        {"cmi.suspend_data": "x" * 5000},
    ],
)
def test_values_outside_scorm_12_are_refused(client_as, package, listener, values):
    assert _commit(client_as(listener), package, values).status_code == 400


def test_only_the_groups_listeners_commit(client_as, package, other_group_listener, lecturer):
    assert _commit(client_as(other_group_listener), package, {}).status_code == 403
    assert _commit(client_as(lecturer), package, {}).status_code == 403

"""Material files: served only through the access check (TR-8), uploads validated."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from academy.accounts.roles import Role
from academy.core.testing import sample_upload
from academy.training import services
from academy.training.models import Enrolment, Material
from academy.training.testing import EnrolmentFactory, GroupFactory, LessonFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    return "/en" + reverse(name, args=args)[3:]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture
def material(methodologist):
    group = GroupFactory()
    return services.material_add(
        group=group,
        title="Сот әдебі кодексі",
        file=SimpleUploadedFile("ethics.pdf", b"%PDF-1.4 ethics", "application/pdf"),
        by=methodologist,
    )


def download(client, material):
    return client.get(url("training:material_download", material.pk))


@pytest.mark.clause("TR-8")
def test_admitted_listener_downloads_material_as_attachment(client_as, listener, material):
    EnrolmentFactory(group=material.group, listener=listener)
    response = download(client_as(listener), material)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 ethics"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="ethics.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "status", [Enrolment.Status.LISTED, Enrolment.Status.WITHDRAWN, Enrolment.Status.EXPELLED]
)
def test_listener_not_admitted_is_refused(client_as, listener, material, status):
    EnrolmentFactory(group=material.group, listener=listener, status=status)
    assert download(client_as(listener), material).status_code == 403


def test_listener_of_another_group_is_refused(client_as, listener, material):
    EnrolmentFactory(listener=listener)
    assert download(client_as(listener), material).status_code == 403


def test_lecturer_of_the_group_downloads_and_another_lecturer_is_refused(
    client_as, lecturer, make_persona, material
):
    LessonFactory(programme__group=material.group, lecturer=lecturer)
    assert download(client_as(lecturer), material).status_code == 200
    other = make_persona(Role.LECTURER)
    assert download(client_as(other), material).status_code == 403


@pytest.mark.parametrize(
    "role", [Role.METHODOLOGIST, Role.RECTOR, Role.VICE_RECTOR, Role.ADMINISTRATOR]
)
def test_managers_download(client_as, make_persona, material, role):
    assert download(client_as(make_persona(role)), material).status_code == 200


@pytest.mark.parametrize("role", [Role.COURT_ADMINISTRATION, Role.LIBRARIAN, Role.CANDIDATE])
def test_other_roles_are_refused(client_as, make_persona, material, role):
    assert download(client_as(make_persona(role)), material).status_code == 403


def test_anonymous_is_sent_to_login(client, material):
    response = download(client, material)
    assert response.status_code == 302 and "login" in response["Location"]


def test_stored_path_is_not_guessable(material):
    name = material.file.name
    assert name.startswith("training/materials/") and name.endswith("/ethics.pdf")
    assert len(name.split("/")[3]) == 32


def test_pages_link_to_the_checked_view_not_media(client_as, listener, methodologist, material):
    EnrolmentFactory(group=material.group, listener=listener)
    link = url("training:material_download", material.pk)
    for user, page in (
        (listener, url("training:my_courses")),
        (methodologist, url("training:group_detail", material.group.pk)),
    ):
        content = client_as(user).get(page).content.decode()
        assert link in content and material.file.url not in content


@pytest.mark.parametrize("name", ["script.exe", "page.html", "image.svg", "noextension"])
def test_upload_of_other_types_is_refused(methodologist, name):
    with pytest.raises(ValidationError) as error:
        services.material_add(
            group=GroupFactory(),
            title="X",
            file=SimpleUploadedFile(name, b"data"),
            by=methodologist,
        )
    assert "pdf, docx, doc, pptx, xlsx, txt, odt" in str(error.value)  # the allowed types
    assert not Material.objects.exists()


@pytest.mark.parametrize("name", ["a.pdf", "b.DOCX", "c.doc", "d.pptx", "e.xlsx", "f.txt", "g.odt"])
def test_allowed_types_are_accepted(methodologist, name):
    services.material_add(
        group=GroupFactory(), title="X", file=sample_upload(name), by=methodologist
    )
    assert Material.objects.count() == 1


def test_upload_over_the_size_setting_is_refused(methodologist, settings):
    settings.TRAINING_MATERIAL_MAX_SIZE = 1024 * 1024
    big = SimpleUploadedFile("big.pdf", b"x" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="(at most|ең көбі) 1 (MB|МБ)"):
        services.material_add(group=GroupFactory(), title="X", file=big, by=methodologist)


def test_default_size_limit_is_50_mb(settings):
    if hasattr(settings, "TRAINING_MATERIAL_MAX_SIZE"):
        del settings.TRAINING_MATERIAL_MAX_SIZE
    assert services.material_max_size() == 50 * 1024 * 1024


def test_refused_upload_is_shown_on_the_group_page(client_as, methodologist):
    group = GroupFactory()
    response = client_as(methodologist).post(
        url("training:material_add", group.pk),
        {"title": "X", "file": SimpleUploadedFile("x.exe", b"MZ")},
        follow=True,
    )
    assert "Files of this type cannot be shared" in response.content.decode()
    assert not Material.objects.exists()

"""Pages and files: roles and objects (TR-28, TR-29, TR-A3, TR-A4), PDF, DOCX, the command."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from academy.accounts.roles import Role
from academy.documents.models import Certificate
from academy.documents.testing import build_group, sign_certificate_order

NAMES = [("Әлімжанова", "Гүлнәр"), ("Серікбаев", "Нұрлан"), ("Омаров", "Ерлан")]


def url(name, *args, lang="en"):
    from django.utils import translation

    with translation.override(lang):
        return reverse(f"documents:{name}", args=args)


@pytest.fixture
def issued(methodologist, rector):
    group, exam, enrolments = build_group([92, 71, 30], names=NAMES)
    sign_certificate_order(group, enrolments[:2], methodologist, rector)
    return group, list(Certificate.objects.filter(group=group).order_by("serial")), enrolments


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.clause("TR-28")
def test_staff_see_the_group_certificates_and_download_each(client_as, issued, make_persona):
    group, certificates, _e = issued
    for role in (Role.METHODOLOGIST, Role.RECTOR, Role.VICE_RECTOR, Role.ADMINISTRATOR):
        client = client_as(make_persona(role))
        page = client.get(url("group_certificates", group.pk)).content.decode()
        assert certificates[0].number in page and certificates[1].number in page
        response = client.get(url("certificate_pdf", certificates[0].pk))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert "filename*=utf-8''" in response["Content-Disposition"]  # Cyrillic number


@pytest.mark.clause("TR-28")
def test_a_listener_downloads_only_their_own_certificate(client_as, issued):
    _group, certificates, enrolments = issued
    owner = enrolments[0].listener
    client = client_as(owner)
    page = client.get(url("my_certificates")).content.decode()
    assert certificates[0].number in page and certificates[1].number not in page
    assert client.get(url("certificate_pdf", certificates[0].pk)).status_code == 200
    assert client.get(url("certificate_pdf", certificates[1].pk)).status_code == 404
    assert client.get(url("group_certificates", _group.pk)).status_code == 403
    assert client.get(url("results_reference", _group.pk)).status_code == 403


def test_other_roles_are_refused_and_anonymous_visitors_sent_to_log_in(
    client, client_as, issued, lecturer
):
    group, certificates, _e = issued
    paths = [
        url("index"),
        url("group_certificates", group.pk),
        url("certificate_pdf", certificates[0].pk),
        url("results_reference", group.pk),
        url("results_reference_file", group.pk, "pdf"),
        url("summary_reference", group.course_id),
        url("summary_reference_file", group.course_id, "docx"),
        url("bundle_download", group.pk, "zip"),
    ]
    outsider = client_as(lecturer)
    for path in paths:
        assert outsider.get(path).status_code == 403, path
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.clause("TR-28")
def test_the_verification_page_confirms_a_genuine_certificate(client, issued):
    _group, certificates, enrolments = issued
    certificate = certificates[0]
    page = client.get(certificate.verification_path())
    assert page.status_code == 200
    english = page.content.decode()
    assert "is genuine" in english
    assert enrolments[0].listener.full_name in english and "Civil proceedings" in english
    assert enrolments[0].listener.iin not in english
    assert str(certificate.points) + " " not in english  # no points shown


def test_a_wrong_code_finds_nothing(client, issued):
    _group, certificates, enrolments = issued
    response = client.get(url("verify", certificates[0].number) + "?code=WRONGCODE1")
    text = response.content.decode()
    assert response.status_code == 404
    assert "No certificate with this number and code was found." in text
    assert enrolments[0].listener.full_name not in text
    assert client.get(url("verify", "ЖСА-2026-999999") + "?code=X").status_code == 404


@pytest.mark.clause("TR-28")
def test_the_pdf_prints_kazakh_letters_the_name_and_the_order(client_as, issued, rector):
    _group, certificates, enrolments = issued
    response = client_as(enrolments[0].listener).get(url("certificate_pdf", certificates[0].pk))
    text = pdf_text(response.content)
    assert "ә" in text and "ұ" in text
    assert "Әлімжанова Гүлнәр Болатұлы" in text
    assert "СЕРТИФИКАТ" in text and certificates[0].number in text
    assert "Сот төрелігі академиясы" in text and "40 академиялық сағат" in text
    assert "12-с" in text and rector.full_name in text
    russian = pdf_text(
        client_as(enrolments[0].listener)
        .get(url("certificate_pdf", certificates[0].pk) + "?lang=ru")
        .content
    )
    assert "Академия правосудия" in russian and "Гражданское судопроизводство" in russian


@pytest.mark.clause("TR-A3")
def test_results_reference_page_pdf_and_docx(client_as, issued, methodologist):
    group, _c, enrolments = issued
    client = client_as(methodologist)
    page = client.get(url("results_reference", group.pk)).content.decode()
    assert enrolments[2].listener.full_name in page and "30 points" in page
    assert "Supreme Court of the Republic of Kazakhstan" in page
    pdf = client.get(url("results_reference_file", group.pk, "pdf"))
    assert enrolments[2].listener.full_name in pdf_text(pdf.content)
    docx = client.get(url("results_reference_file", group.pk, "docx"))
    document = Document(io.BytesIO(docx.content))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Reference on the results of the listeners" in body
    assert enrolments[2].listener.full_name in body
    assert client.get(url("results_reference_file", group.pk, "odt")).status_code == 404


@pytest.mark.clause("TR-A4")
def test_summary_reference_page_shows_the_chart_and_the_figures(client_as, issued, methodologist):
    group, _c, _e = issued
    client = client_as(methodologist)
    page = client.get(url("summary_reference", group.course_id)).content.decode()
    assert "<svg" in page and "Listeners by points" in page
    assert "90–100 points" in page and "33.3" in page
    assert "not confirmed yet" not in page
    docx = client.get(url("summary_reference_file", group.course_id, "docx"))
    tables = Document(io.BytesIO(docx.content)).tables
    cells = [cell.text for row in tables[0].rows for cell in row.cells]
    assert "1 (33.3%)" in cells
    pdf = client.get(url("summary_reference_file", group.course_id, "pdf"))
    assert "Summary reference on the course" in pdf_text(pdf.content)


@pytest.mark.clause("TR-A4")
def test_summary_reference_says_when_results_are_not_confirmed(client_as, methodologist):
    group, _exam, _e = build_group([80], confirmed=False)
    page = client_as(methodologist).get(url("summary_reference", group.course_id))
    assert "The exam results are not confirmed yet" in page.content.decode()


@pytest.mark.clause("TR-28")
def test_all_certificates_as_one_pdf_or_a_zip(client_as, issued, methodologist):
    group, certificates, _e = issued
    client = client_as(methodologist)
    response = client.post(url("bundle_create", group.pk), {"format": "pdf"})
    assert response.status_code == 302
    merged = client.get(response["Location"])
    content = b"".join(merged.streaming_content)
    assert len(PdfReader(io.BytesIO(content)).pages) == 2
    response = client.post(url("bundle_create", group.pk), {"format": "zip"})
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(client.get(response["Location"]).streaming_content))
    )
    assert sorted(archive.namelist()) == sorted(f"{c.number}.pdf" for c in certificates)


def test_the_command_writes_one_pdf_per_certificate(issued, tmp_path):
    group, certificates, _e = issued
    out = io.StringIO()
    call_command(
        "render_certificates", "--group", str(group.pk), "--out", str(tmp_path), stdout=out
    )
    files = sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert files == sorted(f"{c.number}.pdf" for c in certificates)
    assert "2 certificates written" in out.getvalue()


def test_the_dashboard_and_the_group_page_link_to_the_documents(client_as, issued, methodologist):
    group, _c, _e = issued
    client = client_as(methodologist)
    dashboard = client.get("/en/dashboard/").content.decode()
    assert url("index") in dashboard
    group_page = client.get(group.get_absolute_url()).content.decode()
    assert (
        url("group_certificates", group.pk, lang="kk") in group_page
        or url("group_certificates", group.pk) in group_page
    )
    index = client.get(url("index")).content.decode()
    assert url("summary_reference", group.course_id) in index


@pytest.mark.clause("TR-28")
def test_bundles_rendered_in_the_background_are_offered_on_the_group_page(
    client_as, issued, methodologist
):
    from academy.documents.tasks import render_group_certificates

    group, _certificates, _e = issued
    client = client_as(methodologist)
    page = client.get(url("group_certificates", group.pk)).content.decode()
    assert 'data-testid="ready-bundles"' not in page
    # As a worker would run it when Celery has a broker: the page then links the file.
    render_group_certificates(group.pk, "zip", "ru")
    page = client.get(url("group_certificates", group.pk)).content.decode()
    link = url("bundle_download", group.pk, "zip") + "?language=ru"
    assert 'data-testid="ready-bundles"' in page and link in page
    assert client.get(link).status_code == 200


def test_certificate_verification_guesses_are_limited_per_address(client, issued, settings):
    from django.core.cache import cache

    settings.RATELIMIT_ENABLED = True
    settings.RATELIMIT_CERTIFICATE_VERIFY_IP = "20/600"
    cache.clear()
    _group, certificates, _enrolments = issued
    for n in range(20):
        guess = url("verify", certificates[0].number) + f"?code=GUESS{n:05d}"
        assert client.get(guess, REMOTE_ADDR="10.9.0.1").status_code == 404
    real = certificates[0].verification_path()
    response = client.get(real, REMOTE_ADDR="10.9.0.1")
    assert response.status_code == 429  # even the right code: guessing has to stop
    assert "Too many attempts" in response.content.decode()
    assert client.get(real, REMOTE_ADDR="10.9.0.2").status_code == 200
    cache.clear()


def test_a_bundle_request_with_the_broker_down_says_so_at_once(client_as, issued, methodologist):
    import time

    from academy.core.testing import broker_unreachable

    group, _certificates, _e = issued
    client = client_as(methodologist)
    started = time.monotonic()
    with broker_unreachable():
        response = client.post(url("bundle_create", group.pk), {"format": "zip"})
    assert time.monotonic() - started < 5
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "The background service cannot be reached" in page
    assert 'data-testid="bundle-in-place"' not in page  # only an administrator may
    with broker_unreachable():  # a methodologist's in-place request is queued as usual
        client.post(url("bundle_create", group.pk), {"format": "zip", "in_place": "1"})
    assert not list((settings_media_root() / "documents" / "bundles").glob("*.zip"))


def settings_media_root():
    from pathlib import Path

    from django.conf import settings

    return Path(settings.MEDIA_ROOT)


def test_an_administrator_renders_the_bundle_in_place_while_the_broker_is_down(
    client_as, issued, administrator
):
    from academy.core.testing import broker_unreachable

    group, certificates, _e = issued
    client = client_as(administrator)
    with broker_unreachable():
        response = client.post(url("bundle_create", group.pk), {"format": "zip"})
        page = client.get(response["Location"]).content.decode()
        assert 'data-testid="bundle-in-place"' in page
        response = client.post(
            url("bundle_create", group.pk), {"format": "zip", "in_place": "1", "language": ""}
        )
    assert response["Location"] == url("bundle_download", group.pk, "zip") + "?language="
    download = client.get(response["Location"])
    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert len(names) == len(certificates)


def test_a_bundle_is_kept_in_the_object_store_and_a_new_one_replaces_it(
    client_as, issued, methodologist, object_store
):
    """Issue 18: a worker's bundle is in the shared store, so any app server can hand it out."""
    from academy.documents.tasks import bundle_name, render_group_certificates

    environment, storage = object_store
    group, _certificates, _e = issued
    first = render_group_certificates(group.pk, "pdf", "kk")
    second = render_group_certificates(group.pk, "pdf", "kk")
    assert storage.exists(second) and not storage.exists(first)
    assert bundle_name(group.pk, "pdf", "kk") == second

    response = client_as(methodologist).get(
        url("bundle_download", group.pk, "pdf") + "?language=kk"
    )
    assert response.status_code == 302
    assert response["Location"].startswith(environment["S3_ENDPOINT_URL"])

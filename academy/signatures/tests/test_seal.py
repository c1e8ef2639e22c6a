"""The Academy's seal (PAdES) on certificates and the public checks (TR-28, TR-29, IS-4.8)."""

import base64
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from academy.documents.models import Certificate
from academy.documents.testing import build_group, passed, sign_certificate_order
from academy.signatures import testpki
from academy.signatures.certificates import certificate_seal, stored_seal
from academy.signatures.models import Signature, SignedDocument
from academy.signatures.pades import LEVEL_LT, verify_pdf
from academy.signatures.tasks import seal_certificates
from academy.signatures.testing import RECTOR_IIN
from academy.signatures.verification import Outcome


@pytest.fixture
def certificates(methodologist, rector, django_capture_on_commit_callbacks):
    group, _exam, _enrolments = build_group([80, 75, 90])
    with django_capture_on_commit_callbacks(execute=True):
        sign_certificate_order(group, passed(group), methodologist, rector)
    return list(Certificate.objects.filter(group=group))


@pytest.mark.clause("TR-28")
def test_certificates_are_sealed_when_their_order_is_signed(certificates):
    # The order_signed receiver queued the bulk seal (eager Celery in tests).
    for certificate in certificates:
        document = stored_seal(certificate)
        assert document is not None and document.form == SignedDocument.Form.PADES
        seal = document.signatures.get()
        assert seal.role == Signature.Role.SEAL and seal.bin == "000140000123"


@pytest.mark.clause("TR-28")
def test_the_listener_downloads_a_sealed_certificate_that_verifies(certificates, client_as):
    certificate = certificates[0]
    response = client_as(certificate.listener).get(certificate.get_absolute_url())
    assert response.status_code == 200
    check = verify_pdf(response.content, fetch=False)
    assert check.ok, check.message
    assert check.bin == "000140000123" and check.intact
    # The same bytes every time: the kept seal, not a new one.
    again = client_as(certificate.listener).get(certificate.get_absolute_url())
    assert again.content == response.content


@pytest.mark.clause("TR-28")
def test_pyhanko_validate_reports_the_sealed_certificate_valid(certificates, pki_env, tmp_path):
    _pki, _ocsp, directory = pki_env
    sealed = tmp_path / "certificate.pdf"
    sealed.write_bytes(bytes(stored_seal(certificates[0]).content))
    cli = shutil.which("pyhanko") or str(Path(sys.executable).parent / "pyhanko")
    run = subprocess.run(
        [
            cli,
            "sign",
            "validate",
            "--pretty-print",
            "--trust-replace",
            "--trust",
            str(directory / "root.pem"),
            str(sealed),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "The signature is judged VALID" in run.stdout, run.stdout + run.stderr
    assert "The signature is cryptographically sound" in run.stdout
    assert "The signer's certificate is trusted" in run.stdout


@pytest.mark.clause("IS-4.8")
def test_a_pdf_changed_after_sealing_no_longer_verifies(certificates):
    sealed = bytes(stored_seal(certificates[0]).content)
    index = sealed.index(b"/Title")
    changed = sealed[:index] + b"/Titlf" + sealed[index + 6 :]
    assert verify_pdf(changed, fetch=False).outcome == Outcome.TAMPERED


@pytest.mark.clause("IS-4.8")
def test_a_pdf_with_content_appended_after_sealing_is_flagged(certificates):
    from io import BytesIO

    from pyhanko.pdf_utils.generic import NameObject, pdf_string
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    sealed = bytes(stored_seal(certificates[0]).content)
    writer = IncrementalPdfFileWriter(BytesIO(sealed))
    info = writer.root
    info[NameObject("/Lang")] = pdf_string("xx")
    writer.update_root()
    out = BytesIO()
    writer.write(out)
    assert verify_pdf(out.getvalue(), fetch=False).outcome == Outcome.TAMPERED


@pytest.mark.clause("TR-29")
def test_the_qr_page_shows_the_seal(certificates, client):  # and its PAdES level
    certificate = certificates[0]
    page = client.get(certificate.verification_path()).content.decode()
    assert 'data-testid="seal-status"' in page
    assert "000140000123" in page and "badge text-bg-success" in page
    assert 'data-testid="seal-level">PAdES B-LT' in page


@pytest.mark.clause("TR-28")
def test_bulk_sealing_reports_progress_and_seals_once(certificates):
    forget_seals()
    seen = []
    count = seal_certificates(
        [c.pk for c in certificates], lambda done, total: seen.append((done, total))
    )
    assert count == 3 and seen[-1] == (3, 3)
    first = stored_seal(certificates[0])
    assert certificate_seal(certificate=certificates[0]).pk == first.pk


@pytest.mark.clause("TR-28")
def test_every_certificate_of_a_bulk_seal_verifies_as_b_lt(certificates):
    forget_seals()
    assert seal_certificates([c.pk for c in certificates]) == 3
    for certificate in certificates:
        check = verify_pdf(bytes(stored_seal(certificate).content), fetch=False)
        assert check.ok and check.level == LEVEL_LT, check.message


def forget_seals():
    # Signed records refuse delete(); a test that needs none left goes under the ORM.
    Signature.objects.all()._raw_delete(Signature.objects.db)
    SignedDocument.objects.all()._raw_delete(SignedDocument.objects.db)


def upload(client, document: bytes, cms: bytes | None = None):
    data = {"document": SimpleUploadedFile("doc.pdf", document)}
    if cms is not None:
        data["signature"] = SimpleUploadedFile("doc.pdf.cms", cms)
    return client.post(reverse("signatures:verify"), data)


@pytest.mark.clause("IS-4.8")
def test_anyone_checks_a_sealed_pdf(certificates, client):
    response = upload(client, bytes(stored_seal(certificates[0]).content))
    assert response.context["result"].ok
    assert "000140000123" in response.content.decode()


@pytest.mark.clause("IS-4.8")
def test_anyone_checks_a_document_with_its_cms(client, pki):
    document = b"%PDF-1.4 an order"
    cms = testpki.sign_detached(pki.people[RECTOR_IIN], document, pki.chain)
    response = upload(client, document, base64.b64encode(cms))
    result = response.context["result"]
    assert result.ok and result.iin == RECTOR_IIN
    assert upload(client, document + b" changed", cms).context["result"].outcome == Outcome.TAMPERED
    assert upload(client, document, cms[:300]).context["result"].outcome == Outcome.MALFORMED
    assert upload(client, b"not a pdf").context["result"].outcome == Outcome.MALFORMED


@pytest.mark.clause("IS-4.8")
def test_without_a_seal_key_certificates_download_unsealed(certificates, client_as, settings):
    settings.SIGNATURES_ACCEPT_TEST_PKI = False
    certificate = certificates[0]
    forget_seals()
    response = client_as(certificate.listener).get(certificate.get_absolute_url())
    assert response.content.startswith(b"%PDF") and b"/Sig" not in response.content

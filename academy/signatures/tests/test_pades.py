"""The seal as PAdES B-LT: a timestamp from the TSA, validation data, a stamp in Kazakh."""

import shutil
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from django.utils import translation
from pyhanko.pdf_utils.reader import PdfFileReader

from academy.core.pdf import render_blocks
from academy.signatures import testpki
from academy.signatures.pades import LEVEL_B, LEVEL_LT, Sealer, SealRefused, verify_pdf


def a_pdf() -> bytes:
    return render_blocks(
        [("head", "Анықтама"), ("text", "Әділет академиясы")],
        title="Анықтама",
        col_widths_mm=[90, 85],
        invariant=True,
    )


@pytest.mark.clause("IS-4.8")
def test_the_seal_carries_a_timestamp_and_validation_data(ocsp):
    before = ocsp.tsa_requests
    sealer = Sealer()
    sealed = sealer.seal(a_pdf())
    assert ocsp.tsa_requests > before  # (pyHanko also asks once per stamper to size it)
    assert sealer.level == LEVEL_LT and sealer.note == ""
    check = verify_pdf(sealed, fetch=False)
    assert check.ok, check.message
    assert check.timestamped and check.validation_data and check.level == LEVEL_LT
    # B-LT: the OCSP answers for the seal's and the TSA's certificates are in the DSS.
    dss = PdfFileReader(BytesIO(sealed)).root["/DSS"]
    assert len(dss["/OCSPs"]) >= 2 and len(dss["/Certs"]) >= 3


@pytest.mark.clause("IS-4.8")
def test_one_sealer_seals_a_batch_each_as_b_lt_validating_the_seal_once(ocsp):
    sealer = Sealer()
    first = sealer.seal(a_pdf())
    answers = ocsp.requests  # the seal's and the TSA's certificates, checked for the batch
    sealed = [first] + [sealer.seal(a_pdf()) for _ in range(3)]
    assert ocsp.requests == answers
    for pdf in sealed:
        check = verify_pdf(pdf, fetch=False)
        assert check.ok and check.level == LEVEL_LT, check.message
        dss = PdfFileReader(BytesIO(pdf)).root["/DSS"]
        assert len(dss["/OCSPs"]) >= 2 and len(dss["/Certs"]) >= 3
    assert len({pdf for pdf in sealed}) == len(sealed)  # each its own timestamp and signature
    sealer.close()


@pytest.mark.clause("IS-4.8")
def test_pyhanko_reports_the_timestamp_valid(pki_env, tmp_path):
    _pki, _ocsp, directory = pki_env
    path = tmp_path / "sealed.pdf"
    path.write_bytes(Sealer().seal(a_pdf()))
    cli = shutil.which("pyhanko") or str(Path(sys.executable).parent / "pyhanko")
    run = subprocess.run(
        [cli, "sign", "validate", "--pretty-print", "--trust-replace", "--trust",
         str(directory / "root.pem"), str(path)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert "The signature is judged VALID" in run.stdout, run.stdout + run.stderr
    assert "This timestamp is backed by a time stamping authority." in run.stdout
    assert "The TSA certificate is trusted." in run.stdout


@pytest.mark.clause("IS-4.8")
def test_with_the_tsa_down_the_fallback_seals_without_a_timestamp(ocsp, settings):
    ocsp.tsa_up = False
    settings.SIGNATURE_TSA_FALLBACK_BB = True
    sealer = Sealer()
    with translation.override("en"):
        sealed = sealer.seal(a_pdf())
    assert sealer.level == LEVEL_B and "time-stamping authority did not answer" in sealer.note
    check = verify_pdf(sealed, fetch=False)
    assert check.ok and not check.timestamped and check.level == LEVEL_B
    # The rest of a batch does not wait for the authority again.
    asked = ocsp.tsa_requests
    sealer.seal(a_pdf())
    assert ocsp.tsa_requests == asked


@pytest.mark.clause("IS-4.8")
def test_with_the_tsa_down_and_no_fallback_nothing_is_sealed(ocsp, settings):
    ocsp.tsa_up = False
    settings.SIGNATURE_TSA_FALLBACK_BB = False
    with pytest.raises(SealRefused) as refused:
        Sealer().seal(a_pdf())
    assert refused.value.code == "tsa_down"


@pytest.mark.clause("IS-4.8")
def test_the_test_tsa_refuses_garbage(pki):
    answer = testpki.TSARefusal.load(testpki.tsa_response(pki, b"\x30\x03garbage"))
    assert answer["status"]["status"].native == "rejection"


def _stamp_fonts(sealed: bytes) -> list:
    reader = PdfFileReader(BytesIO(sealed))
    field = reader.embedded_signatures[0].sig_field
    appearance = field["/AP"]["/N"]
    fonts = []

    def walk(xobject, depth=0):
        resources = xobject.get("/Resources", {})
        for font in resources.get("/Font", {}).values():
            fonts.append(font.get_object())
        for inner in resources.get("/XObject", {}).values():
            if depth < 4:
                walk(inner.get_object(), depth + 1)

    walk(appearance.get_object())
    return fonts


@pytest.mark.clause("IS-4.8")
def test_the_visible_stamp_is_written_in_a_font_with_every_kazakh_letter():
    with translation.override("kk"):
        sealed = Sealer().seal(a_pdf())
    fonts = _stamp_fonts(sealed)
    assert fonts and all("DejaVuSans" in str(f["/BaseFont"]) for f in fonts)
    cmap = b"".join(f["/ToUnicode"].data for f in fonts if "/ToUnicode" in f).upper()
    # The stamp's Kazakh words map back to their letters (қ U+049B, ө U+04E9).
    assert b"049B" in cmap and b"04E9" in cmap


@pytest.mark.clause("IS-4.8")
def test_the_public_check_is_limited_per_address(client, settings):
    from django.core.cache import cache
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    settings.RATELIMIT_ENABLED = True
    settings.RATELIMIT_SIGNATURE_VERIFY_IP = "3/600"
    cache.clear()
    url = reverse("signatures:verify")

    def check(address: str) -> int:
        upload = {"document": SimpleUploadedFile("a.pdf", b"not a pdf")}
        return client.post(url, upload, REMOTE_ADDR=address).status_code

    assert [check("10.9.1.1") for _ in range(3)] == [200, 200, 200]
    assert check("10.9.1.1") == 429
    assert check("10.9.1.2") == 200  # another address is not held up
    assert client.get(url, REMOTE_ADDR="10.9.1.1").status_code == 200  # the form still opens
    cache.clear()


@pytest.mark.clause("IS-4.8")
def test_the_public_check_shows_the_level(client, pki):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    sealed = Sealer().seal(a_pdf())
    response = client.post(
        reverse("signatures:verify"), {"document": SimpleUploadedFile("s.pdf", sealed)}
    )
    assert response.context["result"].level == LEVEL_LT
    assert LEVEL_LT in response.content.decode()

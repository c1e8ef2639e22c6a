"""Demo: a test PKI for the demo users (TEST KEYS – NOT LEGALLY VALID)."""

from pathlib import Path
from typing import Any

from django.conf import settings

from academy.accounts.models import User

from . import testpki

DEMO_ORG_IIN = "550505300009"


def demo_ocsp_url() -> str:
    return settings.SITE_URL.rstrip("/") + "/signatures/test-pki/ocsp"


def demo_tsa_url() -> str:
    return settings.SITE_URL.rstrip("/") + "/signatures/test-pki/tsa"


def make_demo_pki(*, force: bool = False, stdout: Any = None) -> Path | None:
    """Write var/test-pki: certificates with the IINs of the demo (verified) users."""
    directory = Path(settings.SIGNATURES_TEST_PKI_DIR)
    if (directory / "manifest.json").exists() and not force:
        return None
    people = [
        (u.iin, u.surname, u.first_name)
        for u in User.objects.filter(account_verified=True, is_active=True).order_by("pk")[:40]
    ]
    pki = testpki.make_test_pki(
        people=people,
        org_bin=settings.SIGNATURES_ACADEMY_BIN,
        org_iin=DEMO_ORG_IIN,
        ocsp_url=demo_ocsp_url(),
        tsa_url=demo_tsa_url(),
    )
    pki.save(directory)
    if stdout is not None:
        stdout.write(
            f"Test PKI in {directory} ({testpki.TEST_LABEL}): {len(people)} personal keys "
            f"(person-<IIN>.p12, password '{testpki.PASSWORD.decode()}'), the Academy's seal "
            "org.p12; load a .p12 in NCALayer to sign, or run "
            "`manage.py run_test_ncalayer --iin <IIN>`."
        )
    return directory


def seed(stdout: Any) -> None:
    if settings.SIGNATURES_ACCEPT_TEST_PKI:
        make_demo_pki(stdout=stdout)

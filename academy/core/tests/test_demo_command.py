"""`make run` prints the real address and how to try staff roles without an authenticator."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def quick_seed(monkeypatch):
    # The apps' demo content is tested by each app; here only the printed instructions count.
    import academy.accounts.management.commands.seed_demo as command

    monkeypatch.setattr(command, "APP_SEEDERS", [])
    return command


@pytest.mark.django_db
def test_the_demo_prints_the_address_it_was_given(quick_seed, settings):
    settings.OTP_REQUIRED_FOR_STAFF = True
    out = StringIO()
    call_command("seed_demo", address="http://0.0.0.0:8101/", stdout=out)
    text = out.getvalue()
    assert "Log in at http://0.0.0.0:8101/ " in text
    assert "8000" not in text
    assert "OTP_REQUIRED_FOR_STAFF=0 make run" in text


@pytest.mark.django_db
def test_without_an_address_the_demo_reads_host_and_port(quick_seed, monkeypatch):
    monkeypatch.setenv("HOST", "192.168.1.5")
    monkeypatch.setenv("PORT", "8101")
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Log in at http://192.168.1.5:8101/ " in out.getvalue()


def test_make_run_passes_its_host_and_port_to_the_demo():
    makefile = (ROOT / "Makefile").read_text()
    assert 'seed_demo --address "http://$(HOST):$(PORT)/"' in makefile
    assert "runserver $(HOST):$(PORT)" in makefile


def test_the_readme_tells_how_to_log_in_as_staff_without_an_authenticator():
    readme = (ROOT / "README.md").read_text()
    logins = readme[readme.index("## Demo logins") :]
    logins = logins[: logins.index("\n## ", 4)]
    assert "OTP_REQUIRED_FOR_STAFF=0 make run" in logins
    assert "admin@academy.kz" in logins

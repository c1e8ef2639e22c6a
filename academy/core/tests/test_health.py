import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_healthz_tells_the_public_only_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    text = response.content.decode().lower()
    for secret in ("sqlite", "postgres", "locmem", "redis", "eager", "vendor", "backend"):
        assert secret not in text


def test_healthz_shows_the_checks_to_an_administrator(client_as, administrator):
    response = client_as(administrator).get("/healthz")
    body = response.json()
    assert body["status"] == "ok"
    assert {"database", "cache", "broker"} <= set(body["checks"])
    assert body["checks"]["broker"]["mode"] == "eager"


def test_healthz_hides_the_checks_from_a_listener(client_as, listener):
    assert client_as(listener).get("/healthz").json() == {"status": "ok"}


def test_healthz_shows_the_checks_to_a_probe_with_the_token(client, db, settings):
    settings.HEALTHZ_TOKEN = "probe-secret"
    assert "checks" not in client.get("/healthz", HTTP_X_HEALTH_TOKEN="wrong").json()
    body = client.get("/healthz", HTTP_X_HEALTH_TOKEN="probe-secret").json()
    assert body["checks"]["database"]["status"] == "ok"


def test_healthz_reports_an_unreachable_broker(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.HEALTHZ_TOKEN = "probe-secret"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing"}
    detailed = client.get("/healthz", HTTP_X_HEALTH_TOKEN="probe-secret").json()
    assert detailed["checks"]["broker"]["status"] == "error"


def _bare_environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env["VAR_DIR"] = str(tmp_path)
    return env


def test_a_bare_environment_runs_with_debug_off(tmp_path):
    code = "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='academy.settings';django.setup();from django.conf import settings as s;print(s.DEBUG, s.SESSION_COOKIE_SECURE)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_bare_environment(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def test_make_run_switches_debug_on_for_the_demo():
    result = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    runserver = [line for line in result.stdout.splitlines() if "runserver" in line]
    assert runserver and runserver[-1].startswith("DEBUG=1 ")


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x" * 20 + "production-secret-key-with-enough-entropy-0123456789",
        "ALLOWED_HOSTS": "academy.example.kz",
        "VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout

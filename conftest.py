"""Personas shared by every app's tests: one verified user per role."""

import pytest
from django.test import Client
from django.utils import translation

from academy.accounts.roles import Role
from academy.accounts.testing import persona

# Test PKI, loopback OCSP and an NCALayer stand-in for tests that sign (TEST KEYS ONLY).
pytest_plugins = ["academy.signatures.pytest_fixtures"]


def pytest_configure(config):
    # DEBUG is off by default (the production path), but the test client and the live server
    # speak plain HTTP. Set once for the session: the live server's SecurityMiddleware reads
    # these when it starts, before any function-scoped `settings` fixture runs.
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0  # else Chromium upgrades the live server to HTTPS


@pytest.fixture(autouse=True)
def _plain_settings(settings, tmp_path):
    # Two-factor and lock-outs have their own tests; elsewhere they would only add noise.
    settings.OTP_REQUIRED_FOR_STAFF = False
    settings.AXES_ENABLED = False
    settings.RATELIMIT_ENABLED = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
    settings.MEDIA_ROOT = str(tmp_path / "media")  # uploads and bundles never land in var/
    settings.SIGNATURES_ACCEPT_TEST_PKI = False  # the demo's var/test-pki: tests opt in
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # A request leaves its language active in the thread: without this, reverse() in the
    # next test would build URLs in whatever language an earlier test last spoke.
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def make_persona(db):
    return persona


@pytest.fixture
def administrator(db):
    return persona(Role.ADMINISTRATOR, surname="Әкімшіұлы", first_name="Алмас")


@pytest.fixture
def methodologist(db):
    return persona(Role.METHODOLOGIST, surname="Жұмабаева", first_name="Гүлнар")


@pytest.fixture
def listener(db):
    return persona(Role.LISTENER, surname="Серікбаев", first_name="Нұрлан")


@pytest.fixture
def lecturer(db):
    return persona(Role.LECTURER, surname="Иванов", first_name="Сергей")


@pytest.fixture
def rector(db):
    return persona(Role.RECTOR, surname="Нұрпейісов", first_name="Бауыржан")


@pytest.fixture
def vice_rector(db):
    return persona(Role.VICE_RECTOR, surname="Смағұлова", first_name="Айгүл")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_as():
    return client_for


# ---- Browser tests: Debian's Chromium driven by Playwright (marker "browser") ----

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def object_store(settings):
    """The default storage is an S3-compatible server on loopback (moto): (environment, storage)."""
    from django.core.files.storage import storages

    from academy.core.testing import s3_object_store

    with s3_object_store() as environment:
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": environment["S3_BUCKET"],
                    "endpoint_url": environment["S3_ENDPOINT_URL"],
                    "access_key": environment["S3_ACCESS_KEY_ID"],
                    "secret_key": environment["S3_SECRET_ACCESS_KEY"],
                    "region_name": environment["S3_REGION"],
                    "default_acl": "private",
                    "querystring_auth": True,
                    "querystring_expire": 60,
                    "file_overwrite": False,
                    "addressing_style": "path",
                },
            },
        }
        yield environment, storages["default"]


@pytest.fixture(scope="session")
def chromium():
    import os

    os.environ.setdefault(
        "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
    )  # Playwright's loop shares the thread
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="kk-KZ")
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


def browser_login(page, user, password=None, language="kk", next_url=""):
    """Log in through the real login form (then to `next_url`, if given)."""
    from academy.accounts.testing import TEST_PASSWORD

    page.goto(f"/{language}/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    page.fill("#id_username", user.iin)
    page.fill("#id_password", password or TEST_PASSWORD)
    page.click("main button[type=submit]")


@pytest.fixture
def login():
    return browser_login

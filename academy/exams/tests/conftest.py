import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Every commission is several personas; a slow hasher would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

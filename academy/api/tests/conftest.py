from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from academy.api.services import api_key_issue


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Throttle counters live in the cache: each test starts from zero.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def make_key(db, administrator):
    def make(user, scopes, *, expires_in=timedelta(days=30), rate=1000, name="Test system"):
        key, raw = api_key_issue(
            name=name,
            user=user,
            scopes=scopes,
            expires_at=timezone.now() + timedelta(days=1),
            by=administrator,
            rate_per_minute=rate,
        )
        if expires_in != timedelta(days=30):
            key.expires_at = timezone.now() + expires_in
            key.save(update_fields=["expires_at"])
        return key, raw

    return make


@pytest.fixture
def key_client():
    def make(raw, language="en"):
        return Client(HTTP_AUTHORIZATION=f"Api-Key {raw}", HTTP_ACCEPT_LANGUAGE=language)

    return make

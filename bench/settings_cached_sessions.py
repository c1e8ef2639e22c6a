"""Bench-only overlay: the project settings with sessions in the cache (Redis if REDIS_URL).

Measures what `SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"` (or
`...backends.cache`) would give; the project's settings.py is not changed by the bench.
"""

from academy.settings import *  # noqa: F403

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

"""A small fixed-window rate limit kept in the cache (local memory or Redis alike).

A limit is named in settings as ``"<count>/<seconds>"`` (e.g. ``"20/3600"``). Each call
to :func:`hit` counts one attempt for a scope and a key (an address, an IIN, an e-mail)
and says whether the caller is still within the limit. Keys are hashed, so the cache
never holds an e-mail address or an IIN in clear.
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        count, _sep, seconds = text.partition("/")
        return cls(int(count), int(seconds or 60))


def rate(setting: str) -> Rate:
    """The rate named by a setting, read at call time so tests may change it."""
    return Rate.parse(getattr(settings, setting))


def client_ip(request: HttpRequest) -> str:
    """The client's address from the first of CLIENT_IP_HEADERS present.

    Also django-axes' AXES_CLIENT_IP_CALLABLE, so the lock-out and the limits count the
    same client. Of a comma-separated list the last entry is taken: the one the nearest
    (trusted) proxy added, not what the client wrote.
    """
    for header in getattr(settings, "CLIENT_IP_HEADERS", ("REMOTE_ADDR",)):
        if value := request.META.get(header, "").strip():
            return value.rsplit(",", 1)[-1].strip()
    return "unknown"


def _cache_key(scope: str, key: str, window: int) -> str:
    digest = hashlib.sha256(f"{scope}\0{key}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{window}"


def hit(scope: str, key: str, limit: Rate, *, count: bool = True) -> bool:
    """Count one attempt (unless ``count`` is false); True while within ``limit``."""
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return True
    window = int(time.time() // limit.seconds)
    cache_key = _cache_key(scope, key.strip().lower(), window)
    if not count:
        return int(cache.get(cache_key, 0)) < limit.count
    cache.add(cache_key, 0, limit.seconds + 1)
    try:
        used = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, limit.seconds + 1)
        used = 1
    return used <= limit.count


def is_limited(scope: str, key: str, limit: Rate) -> bool:
    """Whether ``key`` has used up ``limit`` already, without counting an attempt."""
    return not hit(scope, key, limit, count=False)


def too_many_requests(request: HttpRequest, message: str | None = None) -> HttpResponse:
    """The translated 429 page."""
    return render(
        request,
        "core/rate_limited.html",
        {"message": message or _("Too many attempts. Please wait a while and try again.")},
        status=429,
    )

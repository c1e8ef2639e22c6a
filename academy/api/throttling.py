"""Rate limit per API key (the key's own rate), per user for browser sessions."""

from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiKey


class ApiKeyRateThrottle(SimpleRateThrottle):
    scope = "api"

    def allow_request(self, request: Request, view: Any) -> bool:
        key = request.auth
        if isinstance(key, ApiKey):
            self.num_requests, self.duration = key.rate_per_minute, 60
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        key = request.auth
        if isinstance(key, ApiKey):
            ident = f"key-{key.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

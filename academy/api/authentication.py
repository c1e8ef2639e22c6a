"""`Authorization: Api-Key <key>` for external systems; the browser uses its session."""

import hmac
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from .models import ApiKey, hash_key

KEYWORD = "Api-Key"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, ApiKey] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        keyword, _sep, raw = header.partition(" ")
        if keyword.lower() != KEYWORD.lower():
            return None
        raw = raw.strip()
        prefix = raw.partition(".")[0]
        key = (
            ApiKey.objects.select_related("user").filter(prefix=prefix).first() if prefix else None
        )
        if key is None or not hmac.compare_digest(key.key_hash, hash_key(raw)):
            raise exceptions.AuthenticationFailed(_("The API key is not valid."))
        # Calls refused for expiry are still audited against the key.
        request._api_key_attempt = key  # type: ignore[attr-defined]
        if key.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("The API key has been revoked."))
        if key.is_expired:
            raise exceptions.AuthenticationFailed(_("The API key has expired."))
        if not key.user.is_active:
            raise exceptions.AuthenticationFailed(_("The API key's account is inactive."))
        return key.user, key

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "academy.api.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Authorization: Api-Key <key>",
        }

"""Writes of the API app: issuing and revoking keys, recording calls."""

import secrets
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.core.audit import audit_event

from .models import SCOPE_CHOICES, ApiCall, ApiKey, hash_key

KEY_PREFIX_LENGTH = 8


def _new_raw_key() -> tuple[str, str]:
    prefix = secrets.token_hex(KEY_PREFIX_LENGTH // 2)
    return prefix, f"{prefix}.{secrets.token_urlsafe(32)}"


def api_key_set_secret(key: ApiKey) -> str:
    """Give `key` a fresh secret (prefix and hash on the key); the raw key is returned once."""
    prefix, raw = _new_raw_key()
    while ApiKey.objects.filter(prefix=prefix).exists():
        prefix, raw = _new_raw_key()
    key.prefix, key.key_hash = prefix, hash_key(raw)
    return raw


@transaction.atomic
def api_key_issue(
    *,
    name: str,
    user: Any,
    scopes: list[str],
    expires_at: datetime,
    by: Any,
    rate_per_minute: int = 120,
) -> tuple[ApiKey, str]:
    """Issue a key; the raw key is returned once and only its hash and prefix are kept."""
    known = {code for code, _label in SCOPE_CHOICES}
    unknown = sorted(set(scopes) - known)
    if unknown:
        raise ValidationError(
            _("Unknown scopes: %(scopes)s.") % {"scopes": ", ".join(unknown)}, code="scopes"
        )
    if expires_at <= timezone.now():
        raise ValidationError(
            {"expires_at": _("The expiry must be in the future.")}, code="expired"
        )
    key = ApiKey(
        name=name,
        user=user,
        scopes=sorted(set(scopes)),
        expires_at=expires_at,
        rate_per_minute=rate_per_minute,
        created_by=by if getattr(by, "pk", None) else None,
    )
    raw = api_key_set_secret(key)
    key.full_clean()
    key.save()
    audit_event(actor=by, obj=key, event="api_key_issued", details={"scopes": key.scopes})
    return key, raw


@transaction.atomic
def api_key_revoke(*, key: ApiKey, by: Any) -> ApiKey:
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    audit_event(actor=by, obj=key, event="api_key_revoked")
    return key


def api_call_record(
    *, key: ApiKey, method: str, path: str, status: int, ip_address: str | None
) -> ApiCall:
    now = timezone.now()
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return ApiCall.objects.create(
        key=key, at=now, method=method, path=path[:500], status=status, ip_address=ip_address
    )

"""Scopes of a key: read or write per resource. Roles and objects are checked by the views."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from .models import ApiKey


class HasScope(BasePermission):
    """A key needs `<resource>:read` for reads and `<resource>:write` for writes."""

    message = _("The API key has no scope for this.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        key = request.auth
        if not isinstance(key, ApiKey):
            return True  # a browser session: the page roles apply (checked in the view)
        access = "read" if request.method in SAFE_METHODS else "write"
        return key.allows(view.resource, access)

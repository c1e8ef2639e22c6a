"""Helpers shared by the training services."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from academy.accounts.permissions import user_has_role
from academy.accounts.roles import Role


def require_role(user: Any, *roles: str) -> None:
    """Refuse a step that the regulations reserve for certain people (e.g. the rector)."""
    if not user_has_role(user, *roles):
        labels = ", ".join(str(Role(role).label) for role in roles)
        raise ValidationError(
            _("Only these roles may do this: %(roles)s.") % {"roles": labels}, code="role"
        )

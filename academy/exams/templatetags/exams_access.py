"""Role checks for the exams templates, the same ones the views make."""

from typing import Any

from django import template

from academy.accounts.permissions import user_has_role

from .. import selectors

register = template.Library()


@register.filter
def may_manage_materials(user: Any) -> bool:
    """True for a user the cases and oral tickets pages serve (views_materials)."""
    return user_has_role(user, *selectors.MATERIAL_ROLES)

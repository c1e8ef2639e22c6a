"""What every training page shares: role sets and showing service errors."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from academy.accounts.roles import Role

from .. import selectors
from ..models import Group

MANAGE = (Role.METHODOLOGIST, Role.ADMINISTRATOR)
VIEW = (Role.METHODOLOGIST, Role.RECTOR, Role.VICE_RECTOR, Role.ADMINISTRATOR)
VIEW_GROUPS = (*VIEW, Role.COURT_ADMINISTRATION)
MATERIAL_ROLES = (*VIEW, Role.LECTURER, Role.LISTENER)
LIST_ROLES = (Role.COURT_ADMINISTRATION, Role.METHODOLOGIST)


def _attempt(
    request: HttpRequest,
    action: Callable[[], Any],
    *,
    form: forms.Form | None = None,
    success: str = "",
) -> bool:
    """Run a service call; show its ValidationError on the form or as messages."""
    try:
        action()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                if form is not None and field in form.fields:
                    form.add_error(field, errors)
                else:
                    for message in errors:
                        _error(request, form, message)
        else:
            for message in error.messages:
                _error(request, form, message)
        return False
    if success:
        messages.success(request, success)
    return True


def _error(request: HttpRequest, form: forms.Form | None, message: str) -> None:
    if form is not None:
        form.add_error(None, message)
    else:
        messages.error(request, message)


def _group_for(request: HttpRequest, pk: int) -> Group:
    """The group if the user may see it (role and object), else 403."""
    group = get_object_or_404(Group.objects.select_related("course"), pk=pk)
    if not selectors.can_view_group(request.user, group):
        raise PermissionDenied
    return group

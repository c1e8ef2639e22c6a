"""What every training page shares: role sets and the group object check."""

from django.core.exceptions import PermissionDenied
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


def _group_for(request: HttpRequest, pk: int) -> Group:
    """The group if the user may see it (role and object), else 403."""
    group = get_object_or_404(Group.objects.select_related("course"), pk=pk)
    if not selectors.can_view_group(request.user, group):
        raise PermissionDenied
    return group

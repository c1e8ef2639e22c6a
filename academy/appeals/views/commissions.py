"""Commission composition pages (AP-3..AP-7)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from academy.accounts.permissions import role_required, user_has_role
from academy.accounts.roles import Role

from .. import selectors, services
from ..forms import CommissionForm
from ..models import Commission
from .appeals import ALL_ROLES, _error

COMPOSITION_ROLES = (Role.ADMINISTRATOR, Role.APPEALS_SECRETARY)


@role_required(*COMPOSITION_ROLES)
def commission_list(request: HttpRequest) -> HttpResponse:
    context = {
        "commissions": selectors.commissions_managed_by(request.user),
        "can_create": services.can_manage_commission(request.user),
        # The administrator keeps commissions but sees no appeals: back to the dashboard.
        "can_see_appeals": user_has_role(request.user, *ALL_ROLES),
    }
    return render(request, "appeals/commission_list.html", context)


@role_required(*COMPOSITION_ROLES)
def commission_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """AP-3: record the composition approved by the Council chair."""
    commission = get_object_or_404(Commission, pk=pk) if pk else None
    if not services.can_manage_commission(request.user, commission):
        raise PermissionDenied
    initial: dict[str, Any] = {}
    if commission is not None:
        initial = {
            "title": commission.title_kk or commission.title,
            "title_ru": commission.title_ru,
            "title_en": commission.title_en,
            "approved_on": commission.approved_on,
            "approval_reference": commission.approval_reference,
            "chair": commission.chair,
            "members": commission.members.exclude(pk=commission.chair_id),
            "deputy": commission.deputy,
            "secretary": commission.secretary,
            "exams": commission.exams.all(),
        }
    elif not user_has_role(request.user, Role.ADMINISTRATOR):
        initial = {"secretary": request.user}
    form = CommissionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            commission = services.commission_save(
                commission=commission, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _error(form, error)
        else:
            messages.success(request, _("The commission's composition has been saved."))
            return redirect("appeals:commission_list")
    return render(request, "appeals/commission_form.html", {"form": form, "commission": commission})

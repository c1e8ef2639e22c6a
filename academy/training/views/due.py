"""Training pages: Training due (TR-4)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from academy.accounts.models import Court, Region
from academy.accounts.permissions import role_required, user_has_role
from academy.accounts.roles import Role

from .. import exports, selectors
from .common import VIEW_GROUPS


def _due_rows(request: HttpRequest) -> tuple[list[selectors.TrainingDue], dict[str, Any]]:
    region = request.GET.get("region") or None
    court = request.GET.get("court") or None
    rows = selectors.training_due(
        today=timezone.localdate(),
        region=int(region) if region and region.isdigit() else None,
        court=int(court) if court and court.isdigit() else None,
    )
    return rows, {"region": region or "", "court": court or ""}


@role_required(*VIEW_GROUPS)
def training_due(request: HttpRequest) -> HttpResponse:
    rows, filters = _due_rows(request)
    return render(
        request,
        "training/training_due.html",
        {
            "rows": rows,
            "by_region": selectors.training_due_by_region(rows),
            "filters": filters,
            "regions": Region.objects.order_by("name"),
            "courts": Court.objects.order_by("name"),
            "query": request.GET.urlencode(),
        },
    )


@role_required(*VIEW_GROUPS)
def training_due_xlsx(request: HttpRequest) -> HttpResponse:
    rows, _filters = _due_rows(request)
    response = HttpResponse(
        exports.training_due_xlsx(rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="training-due.xlsx"'
    return response


@role_required(*VIEW_GROUPS, Role.LECTURER, Role.LISTENER)
def index(request: HttpRequest) -> HttpResponse:
    if user_has_role(request.user, *VIEW_GROUPS):
        return redirect("training:course_list")
    if user_has_role(request.user, Role.LECTURER):
        return redirect("training:my_classes")
    return redirect("training:my_courses")

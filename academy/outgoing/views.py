"""The outgoing register page: what is to be sent, by when, and its delivery."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy.accounts.permissions import role_required
from academy.core.service_calls import run_service

from . import selectors, services
from .dashboard import RESPONSIBLE
from .forms import DeliveryForm
from .models import OutgoingDocument


@role_required(*RESPONSIBLE)
def register(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.outgoing_list(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "outgoing/register.html",
        {
            "page": page,
            "form": DeliveryForm(),
            "late_programmes": selectors.programmes_not_sent_in_time(),
        },
    )


@require_POST
@role_required(*RESPONSIBLE)
def record_delivery(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(OutgoingDocument, pk=pk)
    form = DeliveryForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.outgoing_record_delivery(
                entry=entry,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                by=request.user,
            ),
            success=_("The delivery is recorded."),
        )
    else:
        messages.error(request, _("Choose a delivery status."))
    return redirect("outgoing:register")

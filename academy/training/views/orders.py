"""Training pages: Orders (TR-15, TR-18, TR-28)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy.accounts.models import User
from academy.accounts.permissions import role_required, user_has_role
from academy.accounts.roles import Role
from academy.core.service_calls import run_service as _attempt
from academy.signatures.selectors import signed_documents_for

from .. import forms as training_forms
from .. import selectors, services
from ..models import (
    Enrolment,
    ExpulsionProposal,
    Group,
    Order,
)
from .common import MANAGE, VIEW


@role_required(*VIEW)
def order_list(request: HttpRequest) -> HttpResponse:
    return render(request, "training/order_list.html", {"orders": selectors.orders_list()})


@role_required(*VIEW)
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(
        Order.objects.select_related("group__course", "created_by", "signed_by"), pk=pk
    )
    if request.method == "POST":
        # TR-15, TR-18, TR-28: an order is signed only with a digital signature (signatures app).
        if not user_has_role(request.user, Role.RECTOR):
            raise PermissionDenied
        return redirect("signatures:order_sign", order.pk)
    items = order.items.select_related("enrolment__listener__court", "replacement")
    can_sign = user_has_role(request.user, Role.RECTOR) and not order.is_signed
    return render(
        request,
        "training/order_detail.html",
        {
            "order": order,
            "items": items,
            "can_sign": can_sign,
            "summary": selectors.order_sign_summary(order) if can_sign else None,
            "signed_documents": signed_documents_for(order),
        },
    )


@require_POST
@role_required(*MANAGE)
def order_admission(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(Group, pk=pk)
    if done := _attempt(
        request,
        lambda: services.order_create_admission(group=group, by=request.user),
    ):
        return redirect(done.result)
    return redirect(group)


@role_required(*MANAGE)
def order_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft the certificate order for the listeners who passed (TR-28)."""
    group = get_object_or_404(Group.objects.select_related("course"), pk=pk)
    form = training_forms.CertificateOrderForm(request.POST or None, group=group)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := _attempt(
                request,
                lambda: services.order_create_certificate(
                    group=group, enrolments=list(form.cleaned_data["enrolments"]), by=request.user
                ),
                form=form,
            )
        )
    ):
        return redirect(done.result)
    return render(
        request,
        "training/form_page.html",
        {"form": form, "title": _("Draft the certificate order"), "subtitle": group},
    )


@role_required(*MANAGE)
def enrolment_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft a withdrawal or, with a replacing IIN, a replacement order (TR-15)."""
    enrolment = get_object_or_404(Enrolment.objects.select_related("group", "listener"), pk=pk)
    form = training_forms.ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        iin = data.pop("replacement_iin").strip()
        if iin:
            replacement = User.objects.filter(iin=iin).first()
            if replacement is None:
                form.add_error("replacement_iin", _("No user with this IIN."))
            elif done := _attempt(
                request,
                lambda: services.order_create_replacement(
                    enrolment=enrolment, replacement=replacement, by=request.user, **data
                ),
                form=form,
            ):
                return redirect(done.result)
        elif done := _attempt(
            request,
            lambda: services.order_create_withdrawal(enrolment=enrolment, by=request.user, **data),
            form=form,
        ):
            return redirect(done.result)
    return render(
        request,
        "training/form_page.html",
        {"form": form, "title": _("Replace or withdraw a listener"), "subtitle": enrolment},
    )


@role_required(Role.VICE_RECTOR, Role.METHODOLOGIST, Role.RECTOR)
def proposal_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "training/proposal_list.html",
        {
            "proposals": selectors.open_expulsion_proposals(),
            "dismiss_form": training_forms.DismissForm(),
            "is_vice_rector": user_has_role(request.user, Role.VICE_RECTOR),
            "threshold": services.unexcused_threshold(),
        },
    )


@require_POST
@role_required(Role.VICE_RECTOR)
def proposal_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    proposal = get_object_or_404(ExpulsionProposal, pk=pk)
    if decision == "propose":
        if done := _attempt(
            request,
            lambda: services.order_create_expulsion(proposal=proposal, by=request.user),
        ):
            messages.success(request, _("The expulsion order is drafted for the rector."))
            return redirect(done.result)
    elif decision == "dismiss":
        _attempt(
            request,
            lambda: services.expulsion_proposal_dismiss(
                proposal=proposal, reason=request.POST.get("reason", ""), by=request.user
            ),
            success=_("The proposal is dismissed."),
        )
    else:
        raise Http404
    return redirect("training:proposal_list")

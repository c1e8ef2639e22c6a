"""Graders' sheets and interview scores pages (AP-16, AP-19, AP-F3..AP-F5)."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from academy.accounts.permissions import role_required
from academy.accounts.roles import Role

from .. import rules, selectors, services
from ..forms import GraderSheetForm
from ..models import GraderSheet
from .appeals import _error


@role_required(Role.APPEALS_SECRETARY)
def grader_sheets_index(request: HttpRequest) -> HttpResponse:
    """The essay, case and interview results of the secretary's exams."""
    context = {"results": selectors.graded_results_of_secretary(request.user)}
    return render(request, "appeals/grader_sheets_index.html", context)


@role_required(Role.APPEALS_SECRETARY)
def grader_sheets(request: HttpRequest, result_pk: int) -> HttpResponse:
    """The secretary enters each grader's sheet for a candidate and stage, with totals."""
    result = get_object_or_404(selectors.graded_results_of_secretary(request.user), pk=result_pk)
    sheets = list(result.sheets.all())
    editing = next((s for s in sheets if s.grader == request.GET.get("grader")), None)
    initial: dict[str, Any] = {}
    if editing is not None:
        initial["grader"] = editing.grader
        for index, score in enumerate(editing.scores):
            if score is not None:
                initial[f"c{index + 1}"] = str(Decimal(str(score)).normalize())
    form = GraderSheetForm(request.POST or None, stage=result.stage, initial=initial)
    if request.method == "POST" and "delete" in request.POST:
        pk = request.POST["delete"]
        sheet = get_object_or_404(GraderSheet, result=result, pk=pk if pk.isdigit() else None)
        try:
            services.grader_sheet_delete(sheet=sheet, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The sheet has been removed."))
        return redirect("appeals:grader_sheets", result_pk=result.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.grader_sheet_record(
                result=result,
                grader=form.cleaned_data["grader"],
                scores=form.scores(),
                by=request.user,
            )
        except ValidationError as error:
            _error(form, error)
        else:
            messages.success(request, _("The sheet has been saved."))
            return redirect("appeals:grader_sheets", result_pk=result.pk)
    averages = selectors.graders_averages(result)
    criteria = rules.criteria_for(result.stage)
    totals = [s.total for s in sheets]
    context = {
        "result": result,
        "form": form,
        "criteria": criteria,
        "rows": [
            (
                s,
                [
                    _score_text(s.scores[i] if i < len(s.scores) else None)
                    for i in range(len(criteria))
                ],
            )
            for s in sheets
        ],
        "averages": [averages[i] if i < len(averages) else None for i in range(len(criteria))],
        "average_total": round(sum(totals) / len(totals), 2) if totals else None,
        "editing": editing,
    }
    return render(request, "appeals/grader_sheets.html", context)


def _score_text(score: Any) -> str:
    return "—" if score is None else str(Decimal(str(score)).normalize())

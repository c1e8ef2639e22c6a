"""Pages where methodologists and lecturers maintain questions, blueprints, cases and tickets.

Thin: each view checks the role, binds a form and calls a service in services/materials.py.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from academy.accounts.permissions import role_required

from . import selectors
from .forms import BlueprintForm, BlueprintRuleFormSet, CaseTaskForm, OralTicketForm, QuestionForm
from .models import Blueprint, CaseTask, Exam, OralTicket, Question
from .services.bank import QuestionData
from .services.materials import blueprint_save, case_save, question_save, ticket_save

MATERIAL_ROLES = selectors.MATERIAL_ROLES


def _add_errors(form: object, exc: ValidationError) -> None:
    form.add_error(None, exc)  # type: ignore[attr-defined]


@role_required(*selectors.BANK_ROLES)
def question_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create or edit one question of any type, in Kazakh or Russian, a row per answer."""
    question = None
    if pk is not None:
        question = get_object_or_404(
            Question.objects.select_related("category", "current_version"), pk=pk
        )
    form = QuestionForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        data = QuestionData(
            qtype=form.cleaned_data["qtype"],
            text=form.cleaned_data["text"],
            payload=form.payload(),
            general_feedback=form.cleaned_data["general_feedback"],
        )
        try:
            saved = question_save(
                question=question,
                category=form.cleaned_data["category"],
                language=form.cleaned_data["language"],
                data=data,
                by=request.user,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("exams:question_change", pk=saved.pk)
    return render(request, "exams/question_form.html", {"form": form, "question": question})


@role_required(*MATERIAL_ROLES)
def blueprint_list(request: HttpRequest) -> HttpResponse:
    blueprints = Blueprint.objects.prefetch_related("rules__category").order_by("name")
    return render(request, "exams/blueprint_list.html", {"blueprints": blueprints})


@role_required(*MATERIAL_ROLES)
def blueprint_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A blueprint and its rules (category, number of items) on one page (TR-21)."""
    blueprint = get_object_or_404(Blueprint, pk=pk) if pk is not None else Blueprint()
    form = BlueprintForm(request.POST or None, instance=blueprint)
    rules = BlueprintRuleFormSet(request.POST or None, instance=blueprint, prefix="rules")
    if request.method == "POST" and form.is_valid() and rules.is_valid():
        try:
            blueprint_save(form=form, rules=rules, by=request.user)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The blueprint is saved."))
            return redirect("exams:blueprint_list")
    return render(
        request,
        "exams/blueprint_form.html",
        {"form": form, "rules": rules, "blueprint": blueprint if pk else None},
    )


@role_required(*MATERIAL_ROLES)
def case_list(request: HttpRequest) -> HttpResponse:
    """All cases, or those of one exam (?exam=) or one specialisation (?specialisation=)."""
    exam = None
    exam_id = request.GET.get("exam", "")
    if exam_id.isdigit():
        exam = get_object_or_404(selectors.exams_for(request.user), pk=int(exam_id))
    specialisation = request.GET.get("specialisation", "")
    return render(
        request,
        "exams/case_list.html",
        {
            "cases": selectors.cases_list(exam=exam, specialisation=specialisation),
            "exam": exam,
            "specialisation": specialisation,
            "specialisations": selectors.case_specialisations(),
        },
    )


@role_required(*MATERIAL_ROLES)
def case_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A written case (TR-22) in one language for one specialisation."""
    case = get_object_or_404(CaseTask, pk=pk) if pk is not None else CaseTask()
    form = CaseTaskForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        try:
            case_save(form=form, by=request.user)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The case is saved."))
            return redirect("exams:case_list")
    return render(request, "exams/case_form.html", {"form": form, "case": case if pk else None})


@role_required(*MATERIAL_ROLES)
def ticket_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The oral exam's tickets (TR-23) and a form to add one."""
    exam = get_object_or_404(Exam, pk=pk)
    return _ticket_page(request, exam, OralTicket(exam=exam))


@role_required(*MATERIAL_ROLES)
def ticket_form(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = get_object_or_404(OralTicket.objects.select_related("exam"), pk=pk)
    return _ticket_page(request, ticket.exam, ticket)


def _ticket_page(request: HttpRequest, exam: Exam, ticket: OralTicket) -> HttpResponse:
    form = OralTicketForm(request.POST or None, instance=ticket)
    if request.method == "POST" and form.is_valid():
        try:
            ticket_save(form=form, exam=exam, by=request.user)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The ticket is saved."))
            return redirect("exams:ticket_list", pk=exam.pk)
    return render(
        request,
        "exams/ticket_list.html",
        {
            "exam": exam,
            "form": form,
            "ticket": ticket if ticket.pk else None,
            "tickets": exam.tickets.order_by("number"),
        },
    )

"""Writes behind the methodologists' and lecturers' pages: questions, blueprints, cases, tickets.

Every save is atomic, validated by the model (`full_clean`) and recorded in the audit log.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from academy.core.audit import audit_event

from ..models import Blueprint, CaseTask, Exam, OralTicket, Question, QuestionCategory
from .bank import (
    QuestionData,
    fingerprint,
    question_create,
    question_update,
    validate_question,
)


@transaction.atomic
def question_save(
    *,
    question: Question | None,
    category: QuestionCategory,
    language: str,
    data: QuestionData,
    by: Any,
) -> Question:
    """Create a question, or edit one: a changed text or answer adds a version.

    Steps: 1. a new question is validated and saved with its first version; 2. an edited
    question keeps its type (attempts were scored by it), takes the new category and
    language, and gets a new version only if its text, answers or feedback changed.
    """
    if question is None:
        created = question_create(
            category=category,
            data=QuestionData(
                qtype=data.qtype,
                text=data.text,
                payload=data.payload,
                language=language,
                general_feedback=data.general_feedback,
            ),
            by=by,
        )
        audit_event(actor=by, obj=created, event="question_created")
        return created
    question = Question.objects.select_for_update().get(pk=question.pk)
    if data.qtype != question.qtype:
        raise ValidationError(_("The question type cannot change; create a new question."))
    question.category = category
    question.language = language
    question.full_clean(exclude=["current_version"])
    question.save(update_fields=["category", "language"])
    current = question.current_version
    payload = validate_question(qtype=question.qtype, text=data.text, payload=data.payload)
    digest = fingerprint(qtype=question.qtype, text=data.text, payload=payload)
    unchanged = current is not None and (current.fingerprint, current.general_feedback) == (
        digest,
        data.general_feedback,
    )
    if not unchanged:
        question_update(
            question=question,
            text=data.text,
            payload=data.payload,
            general_feedback=data.general_feedback,
            by=by,
        )
    audit_event(actor=by, obj=question, event="question_edited")
    return question


@transaction.atomic
def blueprint_save(*, form: Any, rules: Any, by: Any) -> Blueprint:
    """Save a blueprint with its rules (a bound ModelForm and inline formset, both valid)."""
    blueprint = form.save(commit=False)
    blueprint.full_clean()
    blueprint.save()
    rules.instance = blueprint
    rules.save()
    if not blueprint.rules.exists():
        raise ValidationError(_("A blueprint needs at least one rule."))
    audit_event(
        actor=by,
        obj=blueprint,
        event="blueprint_saved",
        details={"items": sum(r.count for r in blueprint.rules.all())},
    )
    return blueprint


@transaction.atomic
def case_save(*, form: Any, by: Any) -> CaseTask:
    """Save a written case (TR-22) from a valid ModelForm."""
    case = form.save(commit=False)
    case.full_clean()
    case.save()
    audit_event(actor=by, obj=case, event="case_saved")
    return case


@transaction.atomic
def exam_cases_set(*, exam: Exam, cases: Any, by: Any) -> Exam:
    """Choose the cases a written-case exam draws from (TR-22), while it is a draft."""
    if exam.kind != Exam.Kind.WRITTEN_CASE:
        raise ValidationError(_("Cases belong to written-case exams only."))
    if exam.status != Exam.Status.DRAFT:
        raise ValidationError(_("The cases of an opened exam cannot change."))
    cases = list(cases)
    exam.cases.set(cases)
    audit_event(
        actor=by, obj=exam, event="exam_cases_set", details={"cases": [c.pk for c in cases]}
    )
    return exam


@transaction.atomic
def ticket_save(*, form: Any, exam: Exam, by: Any) -> OralTicket:
    """Save an oral exam ticket (TR-23): one question per line."""
    if exam.kind != Exam.Kind.ORAL:
        raise ValidationError(_("Tickets belong to oral exams only."))
    ticket = form.save(commit=False)
    ticket.exam = exam
    if not [line for line in ticket.questions.splitlines() if line.strip()]:
        raise ValidationError(_("Write at least one question."))
    ticket.full_clean()
    ticket.save()
    audit_event(actor=by, obj=ticket, event="ticket_saved", details={"exam": exam.pk})
    return ticket

"""The commission grades essay items of computer tests by hand (issue 12).

Kept apart from views.py (the answer save and the case/oral grading pages) so that each
page stays thin: check the role and the object, then call services.attempts.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from academy.accounts.permissions import role_required

from . import selectors
from .models import Attempt, AttemptItem, QuestionType
from .services.attempts import attempt_item_grade
from .services.commission import is_commission_member


@role_required(*selectors.COMMISSION_ROLES)
def essay_grading(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """A submitted test's essay items, by work code and grading key only (TR-22)."""
    attempt = get_object_or_404(Attempt.objects.select_related("exam"), exam_id=pk, grading_key=key)
    if not is_commission_member(attempt.exam, request.user):
        raise PermissionDenied
    if request.method == "POST":
        item = get_object_or_404(AttemptItem, pk=request.POST.get("item", ""), attempt=attempt)
        try:
            attempt_item_grade(
                item=item, fraction=request.POST.get("fraction", ""), by=request.user
            )
            messages.success(request, _("The grade is saved."))
            return redirect("exams:essay_grading", pk=attempt.exam_id, key=attempt.grading_key)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    items = attempt.items.filter(version__question__qtype=QuestionType.ESSAY).select_related(
        "version"
    )
    return render(request, "exams/essay_grading.html", {"attempt": attempt, "items": items})

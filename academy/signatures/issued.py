"""The Academy's seal on the references (Appendix 3, 4; TR-29, TR-30) and the exam statement
(TR-26): what their PDF downloads give once the results are final.

Before the results are confirmed a download is the unsealed draft; afterwards it is the
sealed PDF kept once (:func:`.sealed.seal_and_keep`), so it is the same file every time
and the public check and any PDF reader show the Academy's seal.
"""

from typing import Any

from django.utils.translation import gettext as _

from academy.documents.pdf import render_results_reference, render_summary_reference
from academy.documents.selectors import ResultsReference, SummaryReference
from academy.exams.models import Exam
from academy.training.models import Course, Group

from .models import SignedDocument
from .pades import seal_available
from .sealed import kept_seal, seal_and_keep


def results_reference_pdf(*, group: Group, ref: ResultsReference, by: Any = None) -> bytes:
    """Appendix 3 (TR-29): sealed once the group's results are confirmed."""
    if not (seal_available() and ref.results_confirmed):
        return render_results_reference(ref)
    document = seal_and_keep(
        kind=SignedDocument.Kind.REFERENCE,
        subject=group,
        render=lambda: render_results_reference(ref),
        title=_("Reference on the results of the listeners: %(group)s") % {"group": group},
        filename=f"reference-group-{group.pk}.pdf",
        by=by,
    )
    return bytes(document.content)


def summary_reference_pdf(*, course: Course, ref: SummaryReference, by: Any = None) -> bytes:
    """Appendix 4 (TR-30): sealed once every group of the course has confirmed results."""
    if not (seal_available() and ref.results_confirmed):
        return render_summary_reference(ref)
    document = seal_and_keep(
        kind=SignedDocument.Kind.REFERENCE,
        subject=course,
        render=lambda: render_summary_reference(ref),
        title=_("Summary reference on the course: %(course)s") % {"course": course},
        filename=f"summary-reference-course-{course.pk}.pdf",
        by=by,
    )
    return bytes(document.content)


def statement_pdf(*, exam: Exam, by: Any = None) -> bytes:
    """TR-26: the confirmed exam statement, sealed over the bytes the commission signs."""
    from academy.exams.statement_pdf import render_statement

    from .statements import statement_to_sign

    if not (seal_available() and exam.status == Exam.Status.CONFIRMED):
        return render_statement(exam)
    document = seal_and_keep(
        kind=SignedDocument.Kind.STATEMENT,
        subject=exam,
        render=lambda: statement_to_sign(exam),
        title=_("Exam statement: %(exam)s") % {"exam": exam.title},
        filename=f"statement-{exam.pk}.pdf",
        by=by,
    )
    return bytes(document.content)


def sealed_statement(exam: Exam) -> SignedDocument | None:
    return kept_seal(SignedDocument.Kind.STATEMENT, exam)

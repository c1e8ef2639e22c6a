"""TR-26: the exam statement signed by each member of the exam commission.

Once the results are confirmed, the statement is rendered (without the print time, so the
bytes are stable) and kept with the first member's signature; every further member signs
exactly those kept bytes, so all signatures are over one document.
"""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from academy.core.pdf import render_blocks
from academy.exams.models import Exam
from academy.exams.services.commission import is_commission_member
from academy.exams.statement_pdf import statement_blocks

from .models import Signature, SignedDocument
from .services import document_store_signed, signature_add, signature_verify_person


def kept_statement(exam: Exam) -> SignedDocument | None:
    return (
        SignedDocument.objects.filter(
            kind=SignedDocument.Kind.STATEMENT,
            form=SignedDocument.Form.CMS,  # the sealed PDF (PAdES) is kept beside it
            content_type=ContentType.objects.get_for_model(Exam),
            object_id=exam.pk,
        )
        .prefetch_related("signatures")
        .first()
    )


def statement_to_sign(exam: Exam) -> bytes:
    """The kept statement, or (before the first signature) the statement rendered now."""
    kept = kept_statement(exam)
    if kept is not None:
        return bytes(kept.content)
    blocks = statement_blocks(exam)[:-1]  # without "Printed <time>": the same bytes again
    return render_blocks(
        blocks,
        title=str(_("Exam statement")),
        col_widths_mm=[10, 80, 20, 25, 40],
        repeat_header=True,
        invariant=True,
    )


def statement_sign(*, exam: Exam, cms_bytes: bytes, by: Any) -> SignedDocument:
    """TR-26: a commission member signs the confirmed statement (once each)."""
    if not is_commission_member(exam, by):
        raise ValidationError(_("Only members of the exam commission sign its statement."))
    if exam.status != Exam.Status.CONFIRMED:
        raise ValidationError(_("Confirm the results before signing the statement."))
    kept = kept_statement(exam)
    if kept is not None:
        signature_add(document=kept, cms_bytes=cms_bytes, by=by)
        return kept
    content = statement_to_sign(exam)
    verification = signature_verify_person(content=content, cms_bytes=cms_bytes, by=by)
    return document_store_signed(
        kind=SignedDocument.Kind.STATEMENT,
        subject=exam,
        title=_("Exam statement: %(exam)s") % {"exam": exam.title},
        filename=f"statement-{exam.pk}.pdf",
        content=content,
        form=SignedDocument.Form.CMS,
        verification=verification,
        cms_bytes=cms_bytes,
        role=Signature.Role.PERSON,
        by=by,
    )


def members_still_to_sign(exam: Exam) -> list[Any]:
    kept = kept_statement(exam)
    signed = {s.signer_id for s in kept.signatures.all()} if kept else set()
    return [m.user for m in exam.commission.select_related("user") if m.user_id not in signed]

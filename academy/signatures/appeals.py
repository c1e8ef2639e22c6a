"""AP-10, AP-F1: the candidate files an appeal by signing its application in NCALayer.

The application (form No. 1 for the test, No. 2 otherwise) is rendered by the server from
what the candidate entered; the candidate signs those bytes; the server renders them again,
verifies the CMS and the candidate's IIN, and only then files the appeal (appeals'
``appeal_file``) and keeps the signed application, in one transaction.
"""

import base64
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from academy.appeals import selectors as appeal_selectors
from academy.appeals import services as appeal_services
from academy.appeals.models import Appeal, Stage, StageResult
from academy.core.pdf import Block, render_blocks

from .models import Signature, SignedDocument
from .services import document_store_signed, signature_verify_person


def render_appeal_pdf(*, result: StageResult, filing: dict[str, Any], candidate: Any) -> bytes:
    """The application as the candidate signs it: the same data gives the same bytes."""
    commission = appeal_selectors.commission_for_exam(result.exam)
    is_test = result.stage == Stage.TEST
    blocks: list[Block] = [
        (
            "text",
            _("To the chair of the appeals commission %(name)s")
            % {"name": commission.chair.full_name if commission else "—"},
        ),
        (
            "text",
            _("from %(name)s, IIN %(iin)s") % {"name": candidate.full_name, "iin": candidate.iin},
        ),
        ("head", _("APPEAL (form No. %(number)s)") % {"number": 1 if is_test else 2}),
        (
            "text",
            _("Exam: %(exam)s. Stage: %(stage)s. Points: %(points)s, threshold: %(threshold)s.")
            % {
                "exam": result.exam,
                "stage": result.get_stage_display(),
                "points": result.points,
                "threshold": result.threshold,
            },
        ),
    ]
    if filing.get("reasons"):
        blocks.append(("text", _("Reasons: %(reasons)s") % {"reasons": filing["reasons"]}))
    if filing.get("technical_fault"):
        blocks.append(("text", _("The appeal is about a technical fault.")))
        if filing.get("agreed_to_continue"):
            blocks.append(("text", _("I agreed to continue after the fault.")))
    questions = filing.get("questions") or []
    if questions:
        rows = [[_("Question"), _("Grounds"), _("Legal reference")]]
        rows += [
            [str(q["number"]), q.get("grounds", ""), q.get("legal_reference", "")]
            for q in questions
        ]
        blocks.append(("table", rows))
    return render_blocks(
        blocks,
        title=_("APPEAL (form No. %(number)s)") % {"number": 1 if is_test else 2},
        col_widths_mm=[25, 95, 55],
        invariant=True,
    )


def appeal_file_with_signature(
    *, result: StageResult, filing: dict[str, Any], cms_bytes: bytes, by: Any
) -> Appeal:
    """AP-10: file the appeal only with the candidate's valid signature over its application."""
    if by.pk != result.candidate_id:
        raise ValidationError(_("Only the candidate signs their appeal."), code="role")
    content = render_appeal_pdf(result=result, filing=filing, candidate=by)
    verification = signature_verify_person(content=content, cms_bytes=cms_bytes, by=by)
    with transaction.atomic():
        appeal = appeal_services.appeal_file(result=result, by=by, **filing)
        document_store_signed(
            kind=SignedDocument.Kind.APPEAL,
            subject=appeal,
            title=_("Appeal No. %(number)s") % {"number": appeal.pk},
            filename=f"appeal-{appeal.pk}.pdf",
            content=content,
            form=SignedDocument.Form.CMS,
            verification=verification,
            cms_bytes=cms_bytes,
            role=Signature.Role.PERSON,
            by=by,
        )
    return appeal


def appeal_sign_step(
    request: HttpRequest, *, result: StageResult, filing: dict[str, Any]
) -> HttpResponse:
    """The candidate's valid appeal form: show the application to sign, or file the signed one."""
    error = ""
    cms = request.POST.get("cms", "")
    if cms:
        try:
            appeal = appeal_file_with_signature(
                result=result, filing=filing, cms_bytes=cms.encode(), by=request.user
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Your appeal has been signed and filed."))
            return redirect(appeal)
    pdf = render_appeal_pdf(result=result, filing=filing, candidate=request.user)
    hidden = [
        (key, value)
        for key, values in request.POST.lists()
        if key not in ("csrfmiddlewaretoken", "cms")
        for value in values
    ]
    return render(
        request,
        "signatures/appeal_sign.html",
        {
            "result": result,
            "hidden": hidden,
            "error": error,
            "document_b64": base64.b64encode(pdf).decode(),
            "ncalayer_url": settings.SIGNATURES_NCALAYER_URL,
            "test_pki": settings.SIGNATURES_ACCEPT_TEST_PKI,
        },
    )

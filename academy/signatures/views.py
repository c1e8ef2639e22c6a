"""Signing and verification pages: thin, over services and selectors."""

import base64
import datetime as dt
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from academy.accounts.permissions import role_required, user_has_role
from academy.accounts.roles import Role
from academy.core import ratelimit
from academy.core.service_calls import run_service
from academy.training.models import Order

from . import selectors, testpki
from .forms import ActPeriodForm, OrderNumberForm, SignatureForm, VerifyUploadForm
from .models import SignedDocument
from .orders import order_filename, order_sign_with_signature, render_order_pdf
from .pades import verify_pdf
from .verification import verify_cms

# Who may open a stored signed document besides its signers (the offices that keep them).
KEEPERS = (Role.RECTOR, Role.VICE_RECTOR, Role.METHODOLOGIST, Role.ADMINISTRATOR)
MAX_UPLOAD = 20 * 1024 * 1024


def _test_pki_on() -> bool:
    return bool(settings.SIGNATURES_ACCEPT_TEST_PKI)


def _draft_order(pk: int) -> Order:
    order = get_object_or_404(Order.objects.select_related("group__course"), pk=pk)
    if order.is_signed:
        raise Http404
    return order


@role_required(Role.RECTOR)
def order_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """TR-15, TR-18, TR-28: the rector signs the order's PDF in NCALayer; the server checks it."""
    order = get_object_or_404(Order.objects.select_related("group__course"), pk=pk)
    if order.is_signed:
        messages.info(request, _("The order is already signed."))
        return redirect(order)
    if request.method == "POST":
        form = SignatureForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            cms = data["cms"].encode()
            if run_service(
                request,
                lambda: order_sign_with_signature(
                    order=order,
                    number=data["number"],
                    date=data["date"],
                    cms_bytes=cms,
                    by=request.user,
                ),
                form=form,
                success=_("The order is signed and has taken effect."),
            ):
                return redirect(order)
        number_form = OrderNumberForm(request.POST)
        number_form.is_valid()
    else:
        number_form = OrderNumberForm(request.GET or None, initial={"date": timezone.localdate()})
        form = None
    context = {"order": order, "number_form": number_form, "form": form, "test_pki": _test_pki_on()}
    if number_form.is_bound and number_form.is_valid():
        number = number_form.cleaned_data["number"].strip()
        date = number_form.cleaned_data["date"]
        pdf = render_order_pdf(order=order, number=number, date=date, rector=request.user)
        context.update(
            number=number,
            date=date,
            document_b64=base64.b64encode(pdf).decode(),
            ncalayer_url=settings.SIGNATURES_NCALAYER_URL,
        )
    return render(request, "signatures/order_sign.html", context)


@require_GET
@role_required(Role.RECTOR)
def order_draft_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The exact PDF the rector is about to sign, to read before signing."""
    order = _draft_order(pk)
    form = OrderNumberForm(request.GET)
    if not form.is_valid():
        raise Http404
    number = form.cleaned_data["number"].strip()
    pdf = render_order_pdf(
        order=order, number=number, date=form.cleaned_data["date"], rector=request.user
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{order_filename(order, number)}"'
    return response


def _document_for(request: HttpRequest, pk: int) -> SignedDocument:
    if not request.user.is_authenticated:
        raise PermissionDenied
    try:
        document = selectors.document_detail(pk)
    except SignedDocument.DoesNotExist as exc:
        raise Http404 from exc
    signer_ids = {s.signer_id for s in document.signatures.all()}
    if not (
        user_has_role(request.user, *KEEPERS)
        or request.user.pk in signer_ids
        or request.user.pk == document.created_by_id
    ):
        raise PermissionDenied
    return document


def document(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    document = _document_for(request, pk)
    return render(request, "signatures/document.html", {"document": document})


def document_file(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    """The signed document as signed (`.pdf`), or a signature of it (`<n>.cms`)."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    document = _document_for(request, pk)
    if part == "document.pdf":
        body, kind, name = bytes(document.content), "application/pdf", document.filename
    elif part.endswith(".cms") and part[:-4].isdigit():
        signature = document.signatures.filter(pk=int(part[:-4])).first()
        if signature is None or not signature.cms:
            raise Http404
        body, kind, name = (
            bytes(signature.cms),
            "application/pkcs7-signature",
            f"{document.filename}.{signature.pk}.cms",
        )
    else:
        raise Http404
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def verify_upload(request: HttpRequest) -> HttpResponse:
    """Public: anyone checks a signed PDF (PAdES) or a document with its detached .cms."""
    if request.method == "POST":
        # Each check costs a signature validation and may fetch OCSP/CRL: a limit per address.
        limit = ratelimit.rate("RATELIMIT_SIGNATURE_VERIFY_IP")
        if not ratelimit.hit("signature-verify", ratelimit.client_ip(request), limit):
            return ratelimit.too_many_requests(request)
    form = VerifyUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        cms_file = form.cleaned_data["signature"]
        if upload.size > MAX_UPLOAD or (cms_file and cms_file.size > MAX_UPLOAD):
            form.add_error(None, _("The file is too large."))
        else:
            content = upload.read()
            if cms_file:
                result = verify_cms(cms_bytes=cms_file.read(), content=content)
            else:
                result = verify_pdf(content)
    return render(
        request,
        "signatures/verify.html",
        {"form": form, "result": result, "checked_at": dt.datetime.now(dt.UTC)},
    )


@csrf_exempt
@require_POST
def test_pki_tsa(request: HttpRequest) -> HttpResponse:
    """The demo's time-stamping authority (RFC 3161) of its test PKI; 404 unless trusted."""
    directory = Path(settings.SIGNATURES_TEST_PKI_DIR)
    if not settings.SIGNATURES_ACCEPT_TEST_PKI or not (directory / "manifest.json").exists():
        raise Http404
    pki = testpki.TestPKI.load(directory)
    if pki.tsa is None:
        raise Http404
    answer = testpki.tsa_response(pki, request.body[:65536])
    return HttpResponse(answer, content_type="application/timestamp-reply")


@csrf_exempt
@require_POST
def test_pki_ocsp(request: HttpRequest) -> HttpResponse:
    """The demo's OCSP responder for its test PKI; absent unless the test PKI is trusted."""
    directory = Path(settings.SIGNATURES_TEST_PKI_DIR)
    if not settings.SIGNATURES_ACCEPT_TEST_PKI or not (directory / "manifest.json").exists():
        raise Http404
    answer = testpki.ocsp_response(testpki.TestPKI.load(directory), request.body[:65536])
    return HttpResponse(answer, content_type="application/ocsp-response")


def statement_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """TR-26: a member of the exam commission signs the confirmed exam statement."""
    from academy.exams.models import Exam
    from academy.exams.services.commission import is_commission_member

    from . import statements

    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    exam = get_object_or_404(Exam, pk=pk)
    if not is_commission_member(exam, request.user):
        raise PermissionDenied
    if request.method == "POST" and run_service(
        request,
        lambda: statements.statement_sign(
            exam=exam, cms_bytes=request.POST.get("cms", "").encode(), by=request.user
        ),
        success=_("You have signed the statement."),
    ):
        return redirect("signatures:statement_sign", exam.pk)
    kept = statements.kept_statement(exam)
    already = kept is not None and any(
        s.signer_id == request.user.pk for s in kept.signatures.all()
    )
    return render(
        request,
        "signatures/statement_sign.html",
        {
            "exam": exam,
            "kept": kept,
            "already": already,
            "to_sign": statements.members_still_to_sign(exam),
            "document_b64": base64.b64encode(statements.statement_to_sign(exam)).decode(),
            "ncalayer_url": settings.SIGNATURES_NCALAYER_URL,
            "test_pki": _test_pki_on(),
        },
    )


def minutes_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """AP-5, AP-23: the chair or the secretary signs the minutes of a sitting."""
    from academy.appeals.models import Sitting

    from . import minutes

    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    sitting = get_object_or_404(Sitting.objects.select_related("commission"), pk=pk)
    signers = minutes.minutes_signers(sitting)
    if request.user.pk not in {u.pk for u in signers}:
        raise PermissionDenied
    if request.method == "POST" and run_service(
        request,
        lambda: minutes.minutes_sign(
            sitting=sitting, cms_bytes=request.POST.get("cms", "").encode(), by=request.user
        ),
        success=_("You have signed the minutes."),
    ):
        return redirect("signatures:minutes_sign", sitting.pk)
    kept = minutes.kept_minutes(sitting)
    signed = {s.signer_id for s in kept.signatures.all()} if kept else set()
    content = minutes.minutes_to_sign(sitting)
    return render(
        request,
        "signatures/minutes_sign.html",
        {
            "sitting": sitting,
            "kept": kept,
            "already": request.user.pk in signed,
            "to_sign": [u for u in signers if u.pk not in signed],
            "document_b64": base64.b64encode(content).decode() if content else "",
            "ncalayer_url": settings.SIGNATURES_NCALAYER_URL,
            "test_pki": _test_pki_on(),
        },
    )


@role_required(Role.LIBRARIAN)
def library_act_sign(request: HttpRequest) -> HttpResponse:
    """IS-12, IS-4.8: the librarian signs the act of the acquisition register of a period."""
    from . import library_act

    if not library_act.library_act_enabled():
        raise Http404
    period = ActPeriodForm(request.POST if request.method == "POST" else request.GET or None)
    if not period.is_valid():
        return render(request, "signatures/library_act_sign.html", {"period": period})
    date_from, date_to = period.cleaned_data["date_from"], period.cleaned_data["date_to"]
    if request.method == "POST" and run_service(
        request,
        lambda: library_act.library_act_sign(
            date_from=date_from,
            date_to=date_to,
            cms_bytes=request.POST.get("cms", "").encode(),
            by=request.user,
        ),
        success=_("You have signed the act of the acquisition register."),
    ):
        return redirect(
            f"{reverse('signatures:library_act_sign')}?date_from={date_from:%Y-%m-%d}"
            f"&date_to={date_to:%Y-%m-%d}"
        )
    act = library_act.signed_act(date_from=date_from, date_to=date_to)
    context = {
        "period": period,
        "date_from": date_from,
        "date_to": date_to,
        "act": act,
        "kept": library_act.act_document(act) if act else None,
        "test_pki": _test_pki_on(),
        "ncalayer_url": settings.SIGNATURES_NCALAYER_URL,
    }
    if act is None:
        pdf = library_act.render_library_act(date_from=date_from, date_to=date_to)
        context["document_b64"] = base64.b64encode(pdf).decode()
    return render(request, "signatures/library_act_sign.html", context)

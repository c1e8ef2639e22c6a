"""Pages of issue 17 (IS-12): the circulation desk, labels, authorities, classification."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy.accounts.permissions import role_required, user_has_role
from academy.core.service_calls import run_service as _attempt

from . import ils_selectors as selectors
from . import services
from .labels import labels_pdf
from .models import Authority, Fine, Loan, Reader, RecordClass
from .roles import LIBRARY_STAFF
from .services import authorities as authority_services

PAGE_SIZE = 30


def _desk(card: str = "") -> HttpResponse:
    url = reverse("library:desk")
    return redirect(f"{url}?{urlencode({'card': card})}" if card else url)


# ---------------------------------------------------------------- circulation desk ----


@role_required(*LIBRARY_STAFF)
def desk(request: HttpRequest) -> HttpResponse:
    """IS-12 lending: one screen – scan the card, then lend, return, renew by barcode."""
    card = request.GET.get("card", "").strip()
    reader = selectors.reader_by_card(card) if card else None
    if card and reader is None:
        messages.error(request, _("No reader card or IIN “%(card)s”.") % {"card": card})
    return render(
        request,
        "library/desk.html",
        {
            "card": reader.card_number if reader else card,
            "desk": selectors.desk_reader(reader) if reader else None,
            "today": selectors.today(),
        },
    )


@require_POST
@role_required(*LIBRARY_STAFF)
def desk_lend(request: HttpRequest) -> HttpResponse:
    reader = selectors.reader_by_card(request.POST.get("card", ""))
    if reader is None:
        messages.error(request, _("Scan the reader card first."))
        return _desk()
    barcode = request.POST.get("barcode", "").strip()
    copy = selectors.copy_by_barcode(barcode)
    if copy is None:
        messages.error(request, _("No copy has the barcode “%(barcode)s”.") % {"barcode": barcode})
    else:
        outcome = _attempt(
            request, lambda: services.loan_issue(copy=copy, reader=reader, by=request.user)
        )
        if outcome:
            messages.success(
                request,
                _("Copy %(barcode)s is lent until %(date)s.")
                % {"barcode": copy.barcode, "date": outcome.result.due_on.strftime("%d.%m.%Y")},
            )
    return _desk(reader.card_number)


@require_POST
@role_required(*LIBRARY_STAFF)
def desk_return(request: HttpRequest) -> HttpResponse:
    barcode = request.POST.get("barcode", "").strip()
    loan = selectors.open_loan_by_barcode(barcode)
    card = request.POST.get("card", "").strip()
    if loan is None:
        messages.error(request, _("Copy “%(barcode)s” is not on loan.") % {"barcode": barcode})
        return _desk(card)
    if _attempt(request, lambda: services.loan_return(loan=loan, by=request.user)):
        messages.success(request, _("Copy %(barcode)s is returned.") % {"barcode": barcode})
        kept = loan.copy.holds.filter(status="ready").select_related("reader").first()
        if kept is not None:
            messages.info(
                request,
                _("Keep it aside: a hold of reader %(card)s is waiting for it.")
                % {"card": kept.reader.card_number},
            )
    return _desk(card or loan.reader.card_number)


@require_POST
@role_required(*LIBRARY_STAFF)
def desk_renew(request: HttpRequest, pk: int) -> HttpResponse:
    loan = get_object_or_404(Loan.objects.select_related("reader"), pk=pk)
    if _attempt(request, lambda: services.loan_renew(loan=loan, by=request.user)):
        messages.success(
            request,
            _("The loan is renewed until %(date)s.")
            % {"date": Loan.objects.get(pk=loan.pk).due_on.strftime("%d.%m.%Y")},
        )
    return _desk(loan.reader.card_number)


@require_POST
@role_required(*LIBRARY_STAFF)
def desk_lost(request: HttpRequest, pk: int) -> HttpResponse:
    loan = get_object_or_404(Loan.objects.select_related("reader"), pk=pk)
    try:
        amount = Decimal(request.POST.get("amount", "").replace(",", ".").strip())
    except InvalidOperation:
        messages.error(request, _("Enter the amount owed in tenge."))
        return _desk(loan.reader.card_number)
    if _attempt(
        request, lambda: services.loan_mark_lost(loan=loan, amount=amount, by=request.user)
    ):
        messages.success(request, _("The copy is marked lost; the reader owes its price."))
    return _desk(loan.reader.card_number)


@require_POST
@role_required(*LIBRARY_STAFF)
def desk_fine_pay(request: HttpRequest, pk: int) -> HttpResponse:
    fine = get_object_or_404(Fine.objects.select_related("reader"), pk=pk)
    if _attempt(request, lambda: services.fine_pay(fine=fine, by=request.user)):
        messages.success(request, _("The payment is recorded."))
    return _desk(fine.reader.card_number)


@require_POST
@role_required(*LIBRARY_STAFF)
def desk_card_renew(request: HttpRequest, pk: int) -> HttpResponse:
    reader = get_object_or_404(Reader, pk=pk)
    outcome = _attempt(request, lambda: services.reader_card_renew(reader=reader, by=request.user))
    if outcome:
        messages.success(
            request,
            _("The card is valid until %(date)s.")
            % {"date": outcome.result.expires_on.strftime("%d.%m.%Y")},
        )
    return _desk(reader.card_number)


@require_POST
@role_required(*LIBRARY_STAFF)
def desk_block(request: HttpRequest, pk: int) -> HttpResponse:
    reader = get_object_or_404(Reader, pk=pk)
    reason = request.POST.get("reason", "")
    if _attempt(
        request, lambda: services.reader_block(reader=reader, reason=reason, by=request.user)
    ):
        messages.success(
            request, _("The reader is blocked.") if reason.strip() else _("The block is lifted.")
        )
    return _desk(reader.card_number)


# ---------------------------------------------------------------- labels ----


@role_required(*LIBRARY_STAFF)
def copy_labels(request: HttpRequest) -> HttpResponse:
    """Spine and barcode labels (PDF) of a record's copies, of barcodes, or of a location."""
    try:
        record = int(request.GET.get("record") or 0)
    except ValueError:
        record = 0
    barcodes = request.GET.get("barcodes", "").replace(",", " ").split()
    copies = list(
        selectors.copies_for_labels(
            record=record, barcodes=barcodes, location=request.GET.get("location", "")
        )
    )
    if not copies:
        return HttpResponseBadRequest(
            _("No copy to label: give a record, barcodes or a location."),
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(labels_pdf(copies), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="labels.pdf"'
    return response


# ---------------------------------------------------------------- authorities ----


def authorities(request: HttpRequest) -> HttpResponse:
    """IS-12 cataloguing: the authority file of names and subjects, public like the OPAC."""
    q = request.GET.get("q", "")[:200]
    kind = request.GET.get("kind", "")
    kind = kind if kind in Authority.Kind.values else ""
    page = Paginator(selectors.authorities_list(q=q, kind=kind), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "library/authorities.html",
        {
            "page": page,
            "q": q,
            "kind": kind,
            "kinds": Authority.Kind.choices,
            "is_staff": user_has_role(request.user, *LIBRARY_STAFF),
        },
    )


def authority_detail(request: HttpRequest, pk: int) -> HttpResponse:
    authority = get_object_or_404(Authority, pk=pk)
    page = Paginator(selectors.authority_records(authority), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "library/authority_detail.html", {"authority": authority, "page": page})


@require_POST
@role_required(*LIBRARY_STAFF)
def authorities_import(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a MARC21 authority file."))
        return redirect("library:authorities")
    try:
        outcome = _attempt(
            request,
            lambda: authority_services.authorities_import(source=upload, by=request.user),
        )
    except services.MarcFileError as exc:
        messages.error(request, _("The file cannot be read: %(reason)s") % {"reason": exc})
        return redirect("library:authorities")
    if outcome:
        report = outcome.result
        messages.success(
            request,
            _(
                "Authority records created: %(created)s, updated: %(updated)s; "
                "headings linked: %(linked)s."
            )
            % report,
        )
        for line in report["rejected"]:
            messages.warning(request, _("Rejected record %(line)s") % {"line": line})
    return redirect("library:authorities")


@require_POST
@role_required(*LIBRARY_STAFF)
def authorities_build(request: HttpRequest) -> HttpResponse:
    outcome = _attempt(
        request, lambda: authority_services.authorities_from_catalogue(by=request.user)
    )
    if outcome:
        messages.success(
            request,
            _(
                "Authority records created from the catalogue: %(created)s; headings linked: %(linked)s."
            )
            % outcome.result,
        )
    return redirect("library:authorities")


# ---------------------------------------------------------------- classification ----


def classification(request: HttpRequest) -> HttpResponse:
    """IS-12 reader search: browse the catalogue by UDC or BBK class, narrowing digit by digit."""
    scheme = request.GET.get("scheme", RecordClass.Scheme.UDC)
    scheme = scheme if scheme in RecordClass.Scheme.values else RecordClass.Scheme.UDC
    prefix = request.GET.get("prefix", "").strip()[:64]
    records = None
    if prefix:
        records = Paginator(
            selectors.class_records(scheme=scheme, prefix=prefix), PAGE_SIZE
        ).get_page(request.GET.get("page"))
    return render(
        request,
        "library/classification.html",
        {
            "scheme": scheme,
            "schemes": RecordClass.Scheme.choices,
            "prefix": prefix,
            "parents": [prefix[:i] for i in range(1, len(prefix))],
            "branches": selectors.class_branches(scheme=scheme, prefix=prefix),
            "page": records,
        },
    )

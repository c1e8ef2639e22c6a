"""Pages of the e-library (IS-12): public OPAC, cataloguing, reader cards, lending."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy.accounts.permissions import role_required, user_has_role
from academy.core.service_calls import run_service as _attempt

from . import exports, selectors, services
from .forms import CopyForm, LoanForm, MarcImportForm, ReaderCardForm, RecordForm, SearchForm
from .models import Loan, Record, RecordKind
from .roles import LIBRARY_STAFF, READER_ROLES

PAGE_SIZE = 20


def _is_staff(request: HttpRequest) -> bool:
    return user_has_role(request.user, *LIBRARY_STAFF)


def _searched(request: HttpRequest, *, kind: str = "") -> tuple[SearchForm, Any]:
    form = SearchForm(request.GET or None)
    filters: dict[str, Any] = {"kind": kind} if kind else {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "q": data["q"],
            "kind": kind or data["kind"],
            "language": data["language"],
            "year_from": data["year_from"],
            "year_to": data["year_to"],
        }
    return form, selectors.records_search(**filters)


# ---------------------------------------------------------------- OPAC (public) ----


def search(request: HttpRequest) -> HttpResponse:
    """IS-12 reader search: anyone may search the electronic catalogue."""
    form, records = _searched(request)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "library/search.html",
        {"form": form, "page": page, "searched": bool(request.GET), "is_staff": _is_staff(request)},
    )


def articles(request: HttpRequest) -> HttpResponse:
    """IS-12 article card index: the same search over articles of journals and collections."""
    form, records = _searched(request, kind=RecordKind.ARTICLE)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "library/articles.html",
        {"form": form, "page": page, "searched": bool(request.GET), "is_staff": _is_staff(request)},
    )


def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        record = selectors.record_detail(pk)
    except Record.DoesNotExist:
        raise Http404 from None
    is_staff = _is_staff(request)
    loans = selectors.open_loans_by_copy(record) if is_staff else {}
    copies = [(copy, loans.get(copy.pk)) for copy in record.copies.all()]
    return render(
        request,
        "library/record_detail.html",
        {
            "record": record,
            "copies": copies,
            "available": sum(1 for copy, _loan in copies if copy.status == "available"),
            "is_staff": is_staff,
            "copy_form": CopyForm() if is_staff else None,
        },
    )


# ---------------------------------------------------------------- cataloguing ----


@role_required(*LIBRARY_STAFF)
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "library/overview.html",
        {
            "figures": selectors.library_figures(),
            "loan_rows": selectors.loans_per_month(),
            "kind_rows": selectors.records_by_kind(),
            "overdue": selectors.loans_list(overdue_only=True)[:10],
        },
    )


@role_required(*LIBRARY_STAFF)
def record_create(request: HttpRequest) -> HttpResponse:
    form = RecordForm(request.POST or None)
    holder: dict[str, Record] = {}
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: holder.setdefault(
                "record", services.record_create(data=form.cleaned_data, by=request.user)
            ),
            form=form,
        )
    ):
        messages.success(request, _("The record is in the catalogue."))
        return redirect(holder["record"])
    return render(request, "library/record_form.html", {"form": form, "record": None})


@role_required(*LIBRARY_STAFF)
def record_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(Record, pk=pk)
    form = RecordForm(request.POST or None, instance=record)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.record_update(record=record, data=form.cleaned_data, by=request.user),
            form=form,
        )
    ):
        messages.success(request, _("The record is saved."))
        return redirect(record)
    return render(request, "library/record_form.html", {"form": form, "record": record})


@require_POST
@role_required(*LIBRARY_STAFF)
def copy_add(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(Record, pk=pk)
    form = CopyForm(request.POST)
    if form.is_valid():
        if _attempt(
            request,
            lambda: services.copy_add(record=record, **form.cleaned_data, by=request.user),
        ):
            messages.success(request, _("The copy is added."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(record)


@role_required(*LIBRARY_STAFF)
def marc_import(request: HttpRequest) -> HttpResponse:
    """IS-12 cataloguing: upload a MARC21 file and see the report, record by record."""
    form = MarcImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = services.records_import(
                source=form.cleaned_data["file"].read(), by=request.user
            )
        except services.MarcFileError as exc:
            form.add_error("file", _("The file cannot be read: %(reason)s") % {"reason": exc})
    return render(request, "library/marc_import.html", {"form": form, "report": report})


@role_required(*LIBRARY_STAFF)
def marc_export(request: HttpRequest) -> HttpResponse:
    """The records of a search (or the whole catalogue) as MARC21: ISO 2709 or MARC-XML."""
    _form, records = _searched(request)
    if request.GET.get("format") == "xml":
        body, content_type, suffix = (
            services.records_to_marcxml(records),
            "application/marc+xml",
            "xml",
        )
    else:
        body, content_type, suffix = services.records_to_iso2709(records), "application/marc", "mrc"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="catalogue.{suffix}"'
    return response


# ---------------------------------------------------------------- readers and lending ----


@role_required(*LIBRARY_STAFF)
def readers(request: HttpRequest) -> HttpResponse:
    """IS-12 reader card index."""
    form = ReaderCardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user, _reader = form.cleaned_data["reader"]
        if _attempt(
            request, lambda: services.reader_card_issue(user=user, by=request.user), form=form
        ):
            messages.success(request, _("The reader card is issued."))
            return redirect("library:readers")
    page = Paginator(selectors.readers_list(), 50).get_page(request.GET.get("page"))
    return render(request, "library/readers.html", {"form": form, "page": page})


@role_required(*LIBRARY_STAFF)
def loans(request: HttpRequest) -> HttpResponse:
    overdue_only = request.GET.get("overdue") == "1"
    page = Paginator(selectors.loans_list(overdue_only=overdue_only), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "library/loans.html",
        {"page": page, "overdue_only": overdue_only, "today": timezone.localdate()},
    )


@role_required(*LIBRARY_STAFF)
def overdue_xlsx(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        exports.overdue_xlsx(selectors.loans_list(overdue_only=True)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="overdue-loans.xlsx"'
    return response


@role_required(*LIBRARY_STAFF)
def loan_issue(request: HttpRequest) -> HttpResponse:
    form = LoanForm(request.POST or None, initial={"barcode": request.GET.get("barcode", "")})

    def lend() -> None:
        user, reader = form.cleaned_data["reader"]
        if reader is None:  # the first loan of a reader or listener opens their card
            reader = services.reader_card_issue(user=user, by=request.user)
        services.loan_issue(copy=form.cleaned_data["barcode"], reader=reader, by=request.user)

    if request.method == "POST" and form.is_valid() and _attempt(request, lend, form=form):
        messages.success(request, _("The copy is lent."))
        return redirect("library:loans")
    return render(request, "library/loan_form.html", {"form": form, "limit": services.loan_limit()})


@require_POST
@role_required(*LIBRARY_STAFF)
def loan_return(request: HttpRequest, pk: int) -> HttpResponse:
    loan = get_object_or_404(Loan, pk=pk)
    if _attempt(request, lambda: services.loan_return(loan=loan, by=request.user)):
        messages.success(request, _("The copy is returned."))
    return redirect("library:loans")


@require_POST
@role_required(*LIBRARY_STAFF, *READER_ROLES)
def loan_renew(request: HttpRequest, pk: int) -> HttpResponse:
    loan = get_object_or_404(Loan.objects.select_related("reader"), pk=pk)
    staff = _is_staff(request)
    if not staff and loan.reader.user_id != request.user.pk:
        raise Http404  # a reader sees only their own loans
    if _attempt(request, lambda: services.loan_renew(loan=loan, by=request.user)):
        messages.success(
            request,
            _("The loan is renewed until %(date)s.")
            % {"date": Loan.objects.get(pk=loan.pk).due_on.strftime("%d.%m.%Y")},
        )
    return redirect("library:loans" if staff else "library:my_loans")


@role_required(*READER_ROLES)
def my_loans(request: HttpRequest) -> HttpResponse:
    reader = selectors.reader_for(request.user)
    items = selectors.reader_loans(reader) if reader else Loan.objects.none()
    return render(
        request,
        "library/my_loans.html",
        {
            "today": timezone.localdate(),
            "reader": reader,
            "open": [x for x in items if x.is_open],
            "past": [x for x in items if not x.is_open][:20],
        },
    )

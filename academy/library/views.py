"""Pages of the e-library (IS-12): public OPAC, cataloguing, reader cards, lending."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy.accounts.permissions import role_required, user_has_role
from academy.core.db_router import reads_from_replica
from academy.core.service_calls import run_service as _attempt

from . import exports, ils_selectors, selectors, services
from .forms import (
    CopyForm,
    LibrarySettingsForm,
    LoanForm,
    MarcImportForm,
    OrderForm,
    OrderLineForm,
    ReaderCardForm,
    ReceiveForm,
    RecordForm,
    RegisterPeriodForm,
    SearchForm,
    SupplierForm,
    WriteOffForm,
)
from .models import (
    AcquisitionOrder,
    ImportJob,
    LibrarySettings,
    Loan,
    OrderLine,
    Record,
    RecordKind,
)
from .roles import LIBRARY_ADMINS, LIBRARY_STAFF, READER_ROLES

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
            "available": data["available"],
            "field": data["field"],
            "author": data["author"],
            "subject": data["subject"],
            "sort": data["sort"],
        }
    return form, selectors.records_search(**filters)


def _without(request: HttpRequest, *names: str, **values: str) -> str:
    """The query string of this search without some parameters (and the page), or with others."""
    query = request.GET.copy()
    for name in (*names, "page"):
        query.pop(name, None)
    for name, value in values.items():
        query[name] = value
    return query.urlencode()


def _chips(request: HttpRequest, form: SearchForm) -> list[tuple[str, str]]:
    """The narrowing chosen (facets and filters), each with the link that removes it."""
    if not form.is_valid():
        return []
    data, chips = form.cleaned_data, []
    if data["kind"]:
        chips.append((str(dict(RecordKind.choices)[data["kind"]]), _without(request, "kind")))
    if data["language"]:
        label = dict(form.fields["language"].choices)[data["language"]]  # type: ignore[attr-defined]
        chips.append((str(label), _without(request, "language")))
    years = (data["year_from"], data["year_to"])
    if years[0] and years[0] == years[1]:
        chips.append(
            (_("Year: %(year)s") % {"year": years[0]}, _without(request, "year_from", "year_to"))
        )
    else:
        if years[0]:
            chips.append((_("From %(year)s") % {"year": years[0]}, _without(request, "year_from")))
        if years[1]:
            chips.append((_("Until %(year)s") % {"year": years[1]}, _without(request, "year_to")))
    if data["available"]:
        chips.append((_("With a copy on the shelf"), _without(request, "available")))
    if data["author"]:
        chips.append(
            (_("Author: %(name)s") % {"name": data["author"]}, _without(request, "author"))
        )
    if data["subject"]:
        chips.append(
            (_("Subject: %(name)s") % {"name": data["subject"]}, _without(request, "subject"))
        )
    return chips


# ---------------------------------------------------------------- OPAC (public) ----


@reads_from_replica
def search(request: HttpRequest) -> HttpResponse:
    """IS-12 reader search: anyone may search the electronic catalogue."""
    form, records = _searched(request)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    suggestion = ""
    if form.is_valid() and form.cleaned_data["q"] and not page.paginator.count:
        suggestion = selectors.did_you_mean(form.cleaned_data["q"])
    query = request.GET.copy()
    query["q"] = suggestion
    facets = []
    if form.is_valid() and page.paginator.count:
        for facet_list in selectors.search_facets(records).values():
            for facet in facet_list:
                if facet.name == "year":
                    link = _without(request, year_from=facet.value, year_to=facet.value)
                else:
                    link = _without(request, **{facet.name: facet.value})
                facets.append((facet, link))
    sort = form.cleaned_data["sort"] if form.is_valid() else ""
    sorts = [
        (
            value,
            label,
            _without(request, "sort", **({"sort": value} if value else {})),
            value == sort,
        )
        for value, label in form.fields["sort"].choices  # type: ignore[attr-defined]
    ]
    page.object_list = list(page.object_list)
    holdings = selectors.records_holdings(page.object_list)
    for record in page.object_list:
        record.holdings = holdings[record.pk]
    return render(
        request,
        "library/search.html",
        {
            "form": form,
            "page": page,
            "searched": bool(request.GET),
            "is_staff": _is_staff(request),
            "suggestion": suggestion,
            "facets": facets,
            "chips": _chips(request, form),
            "sorts": sorts,
            "suggestion_query": query.urlencode(),
        },
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
            "waiting": record.holds.filter(status="waiting").count(),
            "is_staff": is_staff,
            "copy_form": CopyForm() if is_staff else None,
            # Issue 17: the headings under authority control and the UDC/BBK class numbers.
            "authorities": ils_selectors.record_authority_list(record),
            "classes": list(record.classes.all()),
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
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := _attempt(
                request,
                lambda: services.record_create(data=form.cleaned_data, by=request.user),
                form=form,
            )
        )
    ):
        messages.success(request, _("The record is in the catalogue."))
        return redirect(done.result)
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
        upload = form.cleaned_data["file"]
        encoding = form.cleaned_data["encoding"]
        marc_format = form.cleaned_data["marc_format"]
        if upload.size > services.async_import_threshold():
            # A big file is imported by a background task; its page shows the progress.
            job = services.import_job_start(
                source=upload.read(),
                filename=upload.name,
                by=request.user,
                encoding=encoding,
                marc_format=marc_format,
            )
            job.refresh_from_db(fields=["status", "report"])
            if services.import_job_can_restart(job):
                messages.error(
                    request,
                    _("The background service could not be reached; the import did not start."),
                )
            return redirect(job)
        try:
            report = services.records_import(
                source=upload, by=request.user, encoding=encoding, marc_format=marc_format
            )
        except services.MarcFileError as exc:
            form.add_error("file", _("The file cannot be read: %(reason)s") % {"reason": exc})
    return render(
        request,
        "library/marc_import.html",
        {"form": form, "report": report, "jobs": selectors.import_jobs(request.user)[:5]},
    )


@role_required(*LIBRARY_STAFF)
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A background MARC21 import: processed/total while it runs, then the report."""
    job = get_object_or_404(ImportJob.objects.defer("source"), pk=pk)
    report = services.report_from_json(job.report) if job.status == ImportJob.Status.DONE else None
    return render(
        request,
        "library/import_job.html",
        {
            "job": job,
            "report": report,
            "can_restart": services.import_job_can_restart(job)
            and user_has_role(request.user, *LIBRARY_ADMINS),
        },
    )


@require_POST
@role_required(*LIBRARY_ADMINS)
def import_job_restart(request: HttpRequest, pk: int) -> HttpResponse:
    """Retry the queueing of an import that never started, or run it here (in place)."""
    job = get_object_or_404(ImportJob.objects.defer("source"), pk=pk)
    if request.POST.get("in_place"):
        _attempt(request, lambda: services.import_job_run_in_place(job=job, by=request.user))
    elif _attempt(request, lambda: services.import_job_retry(job=job, by=request.user)):
        job.refresh_from_db(fields=["status", "report"])
        if services.import_job_can_restart(job):
            messages.error(
                request,
                _("The background service still cannot be reached; the import did not start."),
            )
        else:
            messages.success(request, _("The import is queued again."))
    return redirect(job)


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
    return render(
        request,
        "library/loan_form.html",
        {"form": form, "limit": services.loan_limit(), "days": services.loan_days()},
    )


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


@require_POST
@role_required(*READER_ROLES)
def hold_place(request: HttpRequest, pk: int) -> HttpResponse:
    """IS-12 lending: a reader queues for a record whose copies are all lent out."""
    record = get_object_or_404(Record, pk=pk)
    reader = selectors.reader_for(request.user)
    if reader is None:
        messages.error(request, _("You need a reader card first; ask the librarian."))
    elif _attempt(
        request, lambda: services.hold_place(record=record, reader=reader, by=request.user)
    ):
        messages.success(request, _("You are in the queue; you will be told when a copy is back."))
    return redirect(record)


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


# ---------------------------------------------------------------- acquisition ----


@role_required(*LIBRARY_STAFF)
def suppliers(request: HttpRequest) -> HttpResponse:
    """IS-12 acquisition: the suppliers, and a new one with its BIN."""
    form = SupplierForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.supplier_create(**form.cleaned_data, by=request.user),
            form=form,
        )
    ):
        messages.success(request, _("The supplier is added."))
        return redirect("library:suppliers")
    return render(
        request, "library/suppliers.html", {"form": form, "suppliers": selectors.suppliers_list()}
    )


@role_required(*LIBRARY_STAFF)
def orders(request: HttpRequest) -> HttpResponse:
    """IS-12 acquisition: the orders, and a new draft one."""
    form = OrderForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := _attempt(
                request,
                lambda: services.order_create(**form.cleaned_data, by=request.user),
                form=form,
            )
        )
    ):
        messages.success(request, _("The order is drafted; add its lines."))
        return redirect(done.result)
    page = Paginator(selectors.orders_list(), 50).get_page(request.GET.get("page"))
    return render(request, "library/orders.html", {"form": form, "page": page})


@role_required(*LIBRARY_STAFF)
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An order's lines; a line is added while it is a draft (POST here)."""
    try:
        order = selectors.order_detail(pk)
    except AcquisitionOrder.DoesNotExist:
        raise Http404 from None
    draft = order.status == AcquisitionOrder.Status.DRAFT
    line_form = OrderLineForm(request.POST or None) if draft else None
    if (
        request.method == "POST"
        and line_form is not None
        and line_form.is_valid()
        and _attempt(
            request,
            lambda: services.order_line_add(order=order, **line_form.cleaned_data, by=request.user),
            form=line_form,
        )
    ):
        messages.success(request, _("The line is added."))
        return redirect(order)
    receiving = order.status in (
        AcquisitionOrder.Status.ORDERED,
        AcquisitionOrder.Status.PARTLY_RECEIVED,
    )
    return render(
        request,
        "library/order_detail.html",
        {"order": order, "line_form": line_form, "receiving": receiving},
    )


@require_POST
@role_required(*LIBRARY_STAFF)
def order_place(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(AcquisitionOrder, pk=pk)
    if _attempt(request, lambda: services.order_place(order=order, by=request.user)):
        messages.success(request, _("The order is placed with the supplier."))
    return redirect(order)


@require_POST
@role_required(*LIBRARY_STAFF)
def line_receive(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(OrderLine.objects.select_related("order"), pk=pk)
    form = ReceiveForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(line.order)
    received: list[Any] = []
    if _attempt(
        request,
        lambda: received.extend(
            services.order_line_receive(line=line, **form.cleaned_data, by=request.user)
        ),
    ):
        messages.success(
            request,
            _("%(count)s copies received: %(barcodes)s.")
            % {"count": len(received), "barcodes": ", ".join(c.barcode for c in received)},
        )
    return redirect(line.order)


def _register_period(request: HttpRequest) -> tuple[RegisterPeriodForm, Any]:
    today = timezone.localdate()
    form = RegisterPeriodForm(request.GET or None)
    date_from, date_to = today.replace(month=1, day=1), today
    if form.is_valid():
        date_from = form.cleaned_data["date_from"] or date_from
        date_to = form.cleaned_data["date_to"] or date_to
    if date_to < date_from:
        date_from, date_to = date_to, date_from
    return form, selectors.acquisition_register(date_from=date_from, date_to=date_to)


@role_required(*LIBRARY_STAFF)
def register(request: HttpRequest) -> HttpResponse:
    """IS-12 acquisition: the acquisition register (inventory book) of a period."""
    form, book = _register_period(request)
    return render(
        request,
        "library/register.html",
        {
            "form": form,
            "register": book,
            "query": request.GET.urlencode(),
            # IS-4.8: the librarian signs the period's act, when the Academy turns it on.
            "act_signing": settings.SIGNATURES_LIBRARY_ACT
            and user_has_role(request.user, *LIBRARY_STAFF),
        },
    )


@role_required(*LIBRARY_STAFF)
def register_xlsx(request: HttpRequest) -> HttpResponse:
    _form, book = _register_period(request)
    response = HttpResponse(
        exports.register_xlsx(book),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"acquisition-register-{book.date_from:%Y%m%d}-{book.date_to:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required(*LIBRARY_STAFF)
def write_off(request: HttpRequest) -> HttpResponse:
    """IS-12 acquisition: a copy leaves the fund; entered in the register."""
    form = WriteOffForm(request.POST or None, initial={"barcode": request.GET.get("barcode", "")})
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.copy_write_off(
                copy=form.cleaned_data["barcode"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            ),
            form=form,
        )
    ):
        messages.success(request, _("The copy is written off."))
        return redirect("library:register")
    return render(request, "library/write_off.html", {"form": form})


# ---------------------------------------------------------------- administration ----


@role_required(*LIBRARY_ADMINS)
def library_settings(request: HttpRequest) -> HttpResponse:
    """IS-12 administration: loan limit, loan period, reading-room-only locations."""
    current = LibrarySettings.current()
    form = LibrarySettingsForm(
        request.POST or None,
        initial={
            "loan_limit": current.loan_limit,
            "loan_days": current.loan_days,
            "reading_room_locations": current.reading_room_locations,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.library_settings_update(**form.cleaned_data, by=request.user),
            form=form,
        )
    ):
        messages.success(request, _("The library settings are saved."))
        return redirect("library:settings")
    return render(request, "library/settings.html", {"form": form, "is_staff": _is_staff(request)})


@role_required(*LIBRARY_ADMINS)
@reads_from_replica
def statistics(request: HttpRequest) -> HttpResponse:
    """IS-12 administration: the library's figures with charts."""
    return render(
        request,
        "library/statistics.html",
        {
            "figures": selectors.library_figures(),
            "kind_rows": selectors.records_by_kind(),
            "status_rows": selectors.copies_by_status(),
            "loan_rows": selectors.loans_per_month(months=12),
            "is_staff": _is_staff(request),
        },
    )

"""Pages of the electronic documents: attach (one or a ZIP), read, download."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from academy.accounts.permissions import role_required
from academy.core.media import serve_file
from academy.core.service_calls import run_service
from academy.library.models import Record
from academy.library.roles import LIBRARY_STAFF

from . import selectors, services
from .forms import AccessForm, BatchForm, DocumentForm
from .models import AttachBatch, Document


@role_required(*LIBRARY_STAFF)
def record_documents(request: HttpRequest, pk: int) -> HttpResponse:
    """The librarian attaches documents to a record and sets who may read each."""
    record = get_object_or_404(Record, pk=pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            request,
            lambda: services.document_attach(
                record=record,
                upload=data["file"],
                by=request.user,
                access=data["access"],
                title=data["title"],
            ),
            form=form,
            success=_("The document is attached; its text is being read."),
        ):
            return redirect("library_edocs:record_documents", pk=record.pk)
    return render(
        request,
        "library_edocs/record_documents.html",
        {
            "record": record,
            "documents": selectors.record_documents(record),
            "form": form,
            "access_form": AccessForm(),
            "is_staff": True,
        },
    )


@role_required(*LIBRARY_STAFF)
def batch_new(request: HttpRequest) -> HttpResponse:
    form = BatchForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.documents_attach_zip(
                upload=form.cleaned_data["file"],
                by=request.user,
                access=form.cleaned_data["access"],
            ),
            form=form,
        )
        if done:
            return redirect(done.result)
    return render(request, "library_edocs/batch_new.html", {"form": form, "is_staff": True})


@role_required(*LIBRARY_STAFF)
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(AttachBatch, pk=pk, created_by=request.user)
    documents = job.documents.select_related("record").defer("text", "search_text")
    return render(
        request,
        "library_edocs/batch.html",
        {"job": job, "documents": documents, "is_staff": True},
    )


def _readable(request: HttpRequest, pk: int) -> Document | HttpResponse:
    """The document if the user may read it; else the login page or a refusal (403)."""
    try:
        document = selectors.document_for_reading(pk)
    except Document.DoesNotExist:
        raise Http404 from None
    refusal = selectors.read_refusal(request.user, document)
    if not refusal:
        return document
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    from academy.secevents.services import access_refused

    access_refused(request=request, detail=f"library_edocs {document.pk}: {refusal}")
    return render(
        request,
        "library_edocs/refused.html",
        {"document": document, "reason": refusal},
        status=403,
    )


def read(request: HttpRequest, pk: int) -> HttpResponse:
    """IS-12: the document in the browser (PDF shown inline, other formats as text)."""
    document = _readable(request, pk)
    if isinstance(document, HttpResponse):
        return document
    text = ""
    if document.format != "pdf":
        text = Document.objects.values_list("text", flat=True).get(pk=document.pk)
    return render(
        request,
        "library_edocs/read.html",
        {"document": document, "record": document.record, "text": text},
    )


@xframe_options_sameorigin  # the viewer page frames the PDF
def file(request: HttpRequest, pk: int) -> HttpResponse:
    """The file itself: inline for the viewer (?inline=1), else a counted download."""
    document = _readable(request, pk)
    if isinstance(document, HttpResponse):
        return document
    inline = request.GET.get("inline") == "1" and document.format == "pdf"
    if not inline:
        services.document_count_download(document)
    response = serve_file(document.file, filename=document.filename, as_attachment=not inline)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@role_required(*LIBRARY_STAFF)
def access_change(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    form = AccessForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.document_access_update(
                document=document, access=form.cleaned_data["access"], by=request.user
            ),
            success=_("Who may read the document is changed."),
        )
    return redirect("library_edocs:record_documents", pk=document.record_id)


@require_POST
@role_required(*LIBRARY_STAFF)
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    record_pk = document.record_id
    run_service(
        request,
        lambda: services.document_delete(document=document, by=request.user),
        success=_("The document is removed."),
    )
    return redirect("library_edocs:record_documents", pk=record_pk)

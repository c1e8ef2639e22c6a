"""Thin views: certificates (TR-28, TR-29), references (TR-A3, TR-A4), public verification."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy.accounts.permissions import role_required, user_has_role
from academy.accounts.roles import Role
from academy.core import ratelimit
from academy.core.broker import BrokerUnavailable, enqueue
from academy.core.media import serve_stored
from academy.signatures.certificates import certificate_pdf as sealed_certificate_pdf
from academy.signatures.certificates import seal_status
from academy.signatures.issued import results_reference_pdf, summary_reference_pdf
from academy.signatures.pades import SealRefused
from academy.training.models import Course, Group

from . import selectors, tasks
from .models import Certificate
from .pdf import results_reference_blocks, summary_reference_blocks
from .word import render_docx

STAFF = (Role.METHODOLOGIST, Role.RECTOR, Role.VICE_RECTOR, Role.ADMINISTRATOR)
PRINT_LANGUAGES = ("kk", "ru", "en")
FILE_FORMATS = ("pdf", "docx")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _print_language(request: HttpRequest) -> str | None:
    """?lang= chooses the language; without it a certificate prints in its group's language."""
    language = request.GET.get("lang", "")
    return language if language in PRINT_LANGUAGES else None


def _attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # The number is Cyrillic: the header carries it as RFC 5987 filename*.
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@role_required(*STAFF)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "documents/index.html", {"groups": selectors.groups_for_documents()})


@role_required(*STAFF)
def group_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(Group.objects.select_related("course"), pk=pk)
    return render(
        request,
        "documents/group_certificates.html",
        {
            "group": group,
            "certificates": selectors.certificates_of_group(group),
            "exam": selectors.group_exam(group),
            "page_language": get_language(),
            # Rendered in the background when Celery has a broker: offered once they exist.
            "bundles": tasks.ready_bundles(group.pk),
            # After a failed queueing, an administrator may render the bundle in place.
            "offer_in_place": request.GET.get("queue") == "down"
            and user_has_role(request.user, Role.ADMINISTRATOR),
            "in_place_format": request.GET.get("format", "pdf"),
            "in_place_language": request.GET.get("language", ""),
        },
    )


@role_required(*STAFF, Role.LISTENER)
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff download any certificate; a listener only their own (another's is not found)."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("listener", "group__course", "order__signed_by"), pk=pk
    )
    if not user_has_role(request.user, *STAFF) and certificate.listener_id != request.user.pk:
        raise Http404
    # IS-4.8: with the Academy's seal key configured, the download is the sealed PDF (PAdES).
    try:
        content = sealed_certificate_pdf(
            certificate, language=_print_language(request), base_url=_base_url(request)
        )
    except SealRefused as exc:
        messages.error(request, exc.messages[0])
        return redirect("documents:my_certificates")
    return _attachment(content, f"{certificate.number}.pdf", "application/pdf")


@require_POST
@role_required(*STAFF)
def bundle_create(request: HttpRequest, pk: int) -> HttpResponse:
    """All of a group's certificates as one PDF or a ZIP, rendered by a Celery task."""
    group = get_object_or_404(Group, pk=pk)
    fmt = request.POST.get("format", "pdf")
    if fmt not in tasks.BUNDLE_FORMATS:
        raise Http404
    language = request.POST.get("language", "")
    language = language if language in PRINT_LANGUAGES else ""
    args = (group.pk, fmt, language, _base_url(request))
    download = reverse("documents:bundle_download", args=[group.pk, fmt]) + f"?language={language}"
    if request.POST.get("in_place") and user_has_role(request.user, Role.ADMINISTRATOR):
        # The queue is down: an administrator renders the bundle within this request.
        tasks.render_group_certificates.apply(args=args, throw=True)
        return redirect(download)
    try:
        result = enqueue(tasks.render_group_certificates, *args)
    except BrokerUnavailable:
        messages.error(
            request,
            _(
                "The background service cannot be reached, so the file was not started. "
                "Try again in a few minutes; an administrator can also prepare it here at once."
            ),
        )
        url = reverse("documents:group_certificates", args=[group.pk])
        return redirect(f"{url}?queue=down&format={fmt}&language={language}")
    if result.ready():
        return redirect(download)
    messages.info(request, _("The file is being prepared; download it in a minute."))
    return redirect("documents:group_certificates", group.pk)


@role_required(*STAFF)
def bundle_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    group = get_object_or_404(Group, pk=pk)
    if fmt not in tasks.BUNDLE_FORMATS:
        raise Http404
    language = request.GET.get("language", "")
    language = language if language in PRINT_LANGUAGES else ""
    name = tasks.bundle_name(group.pk, fmt, language)
    if name is None:
        raise Http404
    return serve_stored(default_storage, name, filename=f"certificates-group-{group.pk}.{fmt}")


@role_required(Role.LISTENER)
def my_certificates(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "documents/my_certificates.html",
        {"certificates": selectors.certificates_of_listener(request.user)},
    )


def verify(request: HttpRequest, number: str) -> HttpResponse:
    """Public: is this certificate genuine? Shows only name, course and dates."""
    # Numbers and codes must not be guessable by brute force: a limit per address.
    limit = ratelimit.rate("RATELIMIT_CERTIFICATE_VERIFY_IP")
    if not ratelimit.hit("certificate-verify", ratelimit.client_ip(request), limit):
        return ratelimit.too_many_requests(request)
    code = request.GET.get("code", "").strip()
    certificate = selectors.certificate_for_verification(number, code)
    return render(
        request,
        "documents/verify.html",
        {
            "number": number,
            "code": code,
            "certificate": certificate,
            "seal": seal_status(certificate) if certificate is not None else None,
        },
        status=200 if certificate is not None or not code else 404,
    )


@role_required(*STAFF)
def results_reference(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(Group.objects.select_related("course__study_plan"), pk=pk)
    return render(
        request,
        "documents/results_reference.html",
        {"ref": selectors.results_reference(group), "group": group},
    )


@role_required(*STAFF)
def results_reference_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    group = get_object_or_404(Group.objects.select_related("course__study_plan"), pk=pk)
    if fmt not in FILE_FORMATS:
        raise Http404
    ref = selectors.results_reference(group)
    name = f"reference-group-{group.pk}.{fmt}"
    if fmt == "pdf":
        # IS-4.8: once the results are confirmed, the Academy's seal (PAdES), kept once.
        try:
            pdf = results_reference_pdf(group=group, ref=ref, by=request.user)
        except SealRefused as exc:
            messages.error(request, exc.messages[0])
            return redirect("documents:results_reference", group.pk)
        return _attachment(pdf, name, "application/pdf")
    content = render_docx(
        results_reference_blocks(ref), title=_("Reference on the results of the listeners")
    )
    return _attachment(content, name, DOCX)


@role_required(*STAFF)
def summary_reference(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(Course.objects.select_related("study_plan", "schedule_row"), pk=pk)
    return render(
        request,
        "documents/summary_reference.html",
        {"ref": selectors.summary_reference(course), "course": course},
    )


@role_required(*STAFF)
def summary_reference_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    course = get_object_or_404(Course.objects.select_related("study_plan", "schedule_row"), pk=pk)
    if fmt not in FILE_FORMATS:
        raise Http404
    ref = selectors.summary_reference(course)
    name = f"summary-reference-course-{course.pk}.{fmt}"
    if fmt == "pdf":
        try:
            pdf = summary_reference_pdf(course=course, ref=ref, by=request.user)
        except SealRefused as exc:
            messages.error(request, exc.messages[0])
            return redirect("documents:summary_reference", course.pk)
        return _attachment(pdf, name, "application/pdf")
    content = render_docx(summary_reference_blocks(ref), title=_("Summary reference on the course"))
    return _attachment(content, name, DOCX)

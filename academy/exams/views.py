"""Thin views: every view checks the role and the object, then calls a service or selector."""

import json
import logging
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy.accounts.permissions import role_required, user_has_role
from academy.accounts.roles import Role
from academy.core.db_router import reads_from_replica

from . import selectors
from .forms import (
    CaseGradeForm,
    CommissionMemberForm,
    CorrectionForm,
    ExamCasesForm,
    ExamForGroupForm,
    ExtraTimeForm,
    ImportForm,
    OralGradeForm,
    QuestionEditForm,
)
from .models import Attempt, Exam, Participant, Question, QuestionCategory, Result
from .services import attempts as attempt_services
from .services import commission as commission_services
from .services import formats
from .services import materials as material_services
from .services import results as result_services
from .services.bank import question_edit_from_gift, questions_import

ANY_EXAM_ROLE = (Role.LISTENER, *selectors.STAFF_ROLES)

logger = logging.getLogger(__name__)


def _exam_for_staff(request: HttpRequest, pk: int) -> Exam:
    exam = get_object_or_404(Exam, pk=pk)
    if not selectors.exam_visible_to_staff(exam, request.user):
        raise PermissionDenied
    return exam


def _exam_for_member(request: HttpRequest, pk: int) -> Exam:
    exam = get_object_or_404(Exam, pk=pk)
    if not commission_services.is_commission_member(exam, request.user):
        raise PermissionDenied
    return exam


def _own_attempt(request: HttpRequest, pk: int) -> Attempt:
    attempt = get_object_or_404(
        # Drawn at the opening, not started: not the listener's page until the start.
        Attempt.objects.select_related("exam", "case").exclude(status=Attempt.Status.READY),
        pk=pk,
    )
    # Never another listener's attempt: 404 would also do, 403 tells the truth.
    if attempt.listener_id != request.user.pk:
        raise PermissionDenied
    return attempt


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@role_required(*ANY_EXAM_ROLE)
def index(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {}
    if user_has_role(request.user, Role.LISTENER):
        context["my_exams"] = selectors.listener_exams(request.user)
    if user_has_role(request.user, *selectors.STAFF_ROLES):
        context["exams"] = selectors.exams_for(request.user)
    context["can_bank"] = user_has_role(request.user, *selectors.BANK_ROLES)
    context["can_materials"] = user_has_role(request.user, *selectors.MATERIAL_ROLES)
    context["can_create"] = user_has_role(request.user, *selectors.EXAM_MANAGER_ROLES)
    return render(request, "exams/index.html", context)


# ------------------------------------------------------------ question bank ----


@role_required(*selectors.BANK_ROLES)
def question_list(request: HttpRequest) -> HttpResponse:
    category_id = request.GET.get("category")
    category_id = int(category_id) if category_id and category_id.isdigit() else None
    return render(
        request,
        "exams/question_list.html",
        {
            "questions": selectors.questions_list(category_id=category_id)[:500],
            "categories": QuestionCategory.objects.select_related("parent"),
            "category_id": category_id,
        },
    )


@role_required(*selectors.BANK_ROLES)
def question_import(request: HttpRequest) -> HttpResponse:
    report = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        items, problems = formats.parse(
            form.cleaned_data["file"].read(), form.cleaned_data["format"]
        )
        report = questions_import(
            items=items,
            problems=problems,
            category=form.cleaned_data["category"],
            by=request.user,
            language=form.cleaned_data["language"],
        )
    return render(request, "exams/question_import.html", {"form": form, "report": report})


@role_required(*selectors.BANK_ROLES)
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit one question as GIFT; a new version is saved, the type cannot change."""
    question = get_object_or_404(
        Question.objects.select_related("category", "current_version"), pk=pk
    )
    initial = formats.export_gift([question]).split("\n", 1)[1].strip()
    form = QuestionEditForm(request.POST or None, initial={"gift": initial})
    if request.method == "POST" and form.is_valid():
        try:
            version = question_edit_from_gift(
                question=question, gift=form.cleaned_data["gift"], by=request.user
            )
            messages.success(
                request, _("Version %(number)s is saved.") % {"number": version.number}
            )
            return redirect("exams:question_list")
        except ValidationError as exc:
            form.add_error("gift", exc)
    return render(
        request,
        "exams/question_edit.html",
        {"form": form, "question": question, "versions": question.versions.order_by("-number")},
    )


@role_required(*selectors.BANK_ROLES)
def question_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The question as the examinee sees it in each language, with its answers and weights."""
    question = get_object_or_404(
        Question.objects.select_related("category", "current_version"), pk=pk
    )
    context = selectors.question_preview(question)
    context.update(question=question, languages=["kk", "ru", "en"])
    return render(request, "exams/question_preview.html", context)


@role_required(*selectors.BANK_ROLES)
def question_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in formats.EXPORTERS and fmt != "qti":
        raise PermissionDenied
    category_id = request.GET.get("category")
    questions = selectors.questions_list(
        category_id=int(category_id) if category_id and category_id.isdigit() else None
    )
    if fmt == "qti":
        from .services.qti import export_qti

        package = export_qti(list(questions.select_related("category__parent")))
        response = HttpResponse(package, content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="questions-qti21.zip"'
        return response
    body = formats.EXPORTERS[fmt](list(questions.select_related("category__parent")))
    extension = "txt" if fmt == "gift" else "xml"
    response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="questions.{extension}"'
    return response


# --------------------------------------------------------------- exams (staff) ----


@role_required(*selectors.STAFF_ROLES)
def exam_detail(request: HttpRequest, pk: int) -> HttpResponse:
    exam = _exam_for_staff(request, pk)
    participants = exam.participants.select_related("listener", "extra_granted_by")
    attempts = {
        a.listener_id: a
        for a in exam.attempts.exclude(status=Attempt.Status.READY).prefetch_related("events")
    }
    return render(
        request,
        "exams/exam_detail.html",
        {
            "exam": exam,
            "commission": exam.commission.select_related("user"),
            "problems": commission_services.commission_problems(exam),
            "not_tr21": exam.blueprint is not None
            and commission_services.blueprint_differs_from_tr21(exam.blueprint),
            "tr21_problems": commission_services.tr21_problems(exam),
            "rows": [(p, attempts.get(p.listener_id)) for p in participants],
            "is_member": commission_services.is_commission_member(exam, request.user),
            "blind": selectors.grading_is_blind_for(exam, request.user),
            "is_rector": user_has_role(request.user, Role.RECTOR),
            "can_open": user_has_role(request.user, *selectors.EXAM_MANAGER_ROLES),
            "extra_form": ExtraTimeForm(),
            "member_form": CommissionMemberForm(),
            "cases_form": ExamCasesForm(initial={"cases": list(exam.cases.all())})
            if exam.kind == Exam.Kind.WRITTEN_CASE
            else None,
        },
    )


@require_POST
@role_required(*selectors.EXAM_MANAGER_ROLES)
def exam_cases(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the cases a written-case exam draws from."""
    exam = _exam_for_staff(request, pk)
    form = ExamCasesForm(request.POST)
    if form.is_valid():
        _run(
            request,
            material_services.exam_cases_set,
            _("The cases of the exam are saved."),
            exam=exam,
            cases=form.cleaned_data["cases"],
        )
    else:
        messages.error(request, _errors(ValidationError(list(form.errors.values()))))
    return redirect("exams:exam_detail", pk=exam.pk)


def _run(request: HttpRequest, action: Any, success: str, **kwargs: Any) -> None:
    try:
        action(**kwargs, by=request.user)
        messages.success(request, success)
    except ValidationError as exc:
        messages.error(request, _errors(exc))


@role_required(*selectors.EXAM_MANAGER_ROLES)
def exam_create(request: HttpRequest) -> HttpResponse:
    form = ExamForGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            exam = commission_services.exam_create_for_group(
                group=form.cleaned_data["group"],
                title=form.cleaned_data["title"],
                title_ru=form.cleaned_data["title_ru"],
                title_en=form.cleaned_data["title_en"],
                blueprint=form.cleaned_data["blueprint"],
                by=request.user,
            )
            return redirect("exams:exam_detail", pk=exam.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(request, "exams/exam_create.html", {"form": form})


@require_POST
@role_required(*selectors.EXAM_MANAGER_ROLES)
def commission_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    exam = _exam_for_staff(request, pk)
    form = CommissionMemberForm(request.POST)
    if form.is_valid():
        _run(
            request,
            commission_services.commission_member_add,
            _("The member is added."),
            exam=exam,
            user=form.cleaned_data["user"],
            seat=form.cleaned_data["seat"],
        )
    else:
        messages.error(request, _("Choose the member and the seat."))
    return redirect("exams:exam_detail", pk=exam.pk)


@require_POST
@role_required(Role.RECTOR)
def commission_fix(request: HttpRequest, pk: int) -> HttpResponse:
    exam = _exam_for_staff(request, pk)
    _run(request, commission_services.commission_fix, _("The commission is fixed."), exam=exam)
    return redirect("exams:exam_detail", pk=exam.pk)


@require_POST
@role_required(*selectors.EXAM_MANAGER_ROLES)
def exam_open(request: HttpRequest, pk: int) -> HttpResponse:
    exam = _exam_for_staff(request, pk)
    if exam.group_id:
        commission_services.exam_participants_sync(exam=exam, by=request.user)
    _run(request, commission_services.exam_open, _("The exam is open."), exam=exam)
    return redirect("exams:exam_detail", pk=exam.pk)


@require_POST
@role_required(*selectors.COMMISSION_ROLES)
def extra_time(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_object_or_404(Participant.objects.select_related("exam"), pk=pk)
    _exam_for_member(request, participant.exam_id)
    form = ExtraTimeForm(request.POST)
    if form.is_valid():
        _run(
            request,
            attempt_services.participant_extra_time_grant,
            _("Extra time granted."),
            participant=participant,
            minutes=form.cleaned_data["minutes"],
            reason=form.cleaned_data["reason"],
        )
    else:
        messages.error(request, _("Give the minutes and the reason."))
    return redirect("exams:exam_detail", pk=participant.exam_id)


@role_required(*selectors.STAFF_ROLES)
def attempt_log(request: HttpRequest, pk: int) -> HttpResponse:
    """The proctoring log of one attempt, under the listener's name.

    Not for a grader until the results are confirmed (TR-22): the log's times and
    events beside the name could tell whose work they are grading.
    """
    attempt = get_object_or_404(Attempt.objects.select_related("exam", "listener"), pk=pk)
    exam = _exam_for_staff(request, attempt.exam_id)
    if selectors.grading_is_blind_for(exam, request.user):
        raise PermissionDenied
    return render(
        request, "exams/attempt_log.html", {"attempt": attempt, "events": attempt.events.all()}
    )


# ------------------------------------------------------------- the listener ----


@require_POST
@role_required(Role.LISTENER)
def attempt_start(request: HttpRequest, pk: int) -> HttpResponse:
    exam = get_object_or_404(Exam, pk=pk)
    try:
        attempt = attempt_services.attempt_start(exam=exam, listener=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect("exams:index")
    return redirect("exams:attempt_take", pk=attempt.pk)


@role_required(Role.LISTENER)
def attempt_take(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = _own_attempt(request, pk)
    # Only a running attempt past its deadline needs the locked close (TR-21): the start
    # burst opens 500 pages at once, each running attempt well before its deadline.
    if attempt.status == Attempt.Status.IN_PROGRESS and timezone.now() > attempt.deadline:
        attempt_services.attempt_close_if_expired(attempt=attempt)
        attempt.refresh_from_db()
    if attempt.status == Attempt.Status.SUBMITTED:
        return redirect("exams:attempt_done", pk=attempt.pk)
    attempt_services.attempt_resume_record(attempt=attempt, by=request.user)
    return render(
        request,
        "exams/attempt_take.html",
        {
            "attempt": attempt,
            "exam": attempt.exam,
            "items": selectors.attempt_display_items(attempt),
            "now": timezone.now(),
            "save_token": attempt_services.attempt_save_token(
                attempt, request.session.session_key or ""
            ),
        },
    )


def _json_error(message: str, status: int, **extra: Any) -> JsonResponse:
    return JsonResponse({"ok": False, "error": message, **extra}, status=status)


# Seconds a client waits before it tries again while the database is unreachable.
RETRY_AFTER_SECONDS = 5


def database_unavailable_response() -> JsonResponse:
    """503 with Retry-After: the answer was not saved, the page keeps it and retries."""
    response = _json_error(
        _("The server cannot reach the database; the answer is kept and will be sent again."),
        503,
        retry=True,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def save_failure_response(exc: BaseException) -> JsonResponse:
    """JSON for an error no branch of the save expected: 503 if the database, else 500."""
    if isinstance(exc, (OperationalError, InterfaceError)):
        logger.warning("answer save: database unavailable: %s", exc)
        return database_unavailable_response()
    logger.exception("answer save failed", exc_info=exc)
    return _json_error(_("The answer was not saved because of a server error."), 500, retry=True)


def _save_payload(body: bytes) -> dict[str, Any] | None:
    """The JSON object of a save, or None (not JSON, not an object, nested too deep)."""
    try:
        data = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _small_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def answer_save_response(
    pk: int,
    body: bytes,
    *,
    by: Any = None,
    token: str | None = None,
    session_key: str | None = None,
) -> JsonResponse:
    """Autosave of one answer (JSON, on every outcome); 400 malformed, 409 once time is up.

    The hot path of an exam, shared by the view (session) and AnswerSaveMiddleware (save
    token): the payload is checked before any query; the service checks the saver and,
    in the statement that stores the answer, the status, the deadline, the sequence and
    (for a token) the session. An older save than the stored answer is acknowledged
    with `superseded`; a database that cannot be reached is a 503 with Retry-After.
    """
    data = _save_payload(body)
    if data is None:
        return _json_error(_("The request is not valid JSON."), 400)
    seq = data.get("seq")
    if not _small_int(seq):
        return _json_error(_("The save sequence must be a positive whole number."), 400)
    try:
        if "text" in data:
            attempt_services.attempt_text_save(
                attempt=pk,
                text=data["text"],
                seq=seq,
                by=by,
                token=token,
                session_key=session_key,
            )
        else:
            position = data.get("position")
            if not _small_int(position):
                return _json_error(_("The question number is missing."), 400)
            attempt_services.attempt_answer_save(
                attempt=pk,
                position=position,
                answer=data.get("answer"),
                seq=seq,
                by=by,
                token=token,
                session_key=session_key,
            )
    except attempt_services.AnswerSuperseded as exc:
        return JsonResponse({"ok": True, "superseded": True, "seq": exc.stored_seq})
    except Attempt.DoesNotExist:
        return _json_error(_("There is no such attempt."), 404)
    except PermissionDenied:
        return _json_error(_("This attempt is not yours, or your session has ended."), 403)
    except (attempt_services.AnswerFormatError, DataError, OverflowError, RecursionError) as exc:
        if isinstance(exc, attempt_services.AnswerFormatError):
            return _json_error(str(exc), 400)
        return _json_error(_("The answer does not fit the question."), 400)
    except attempt_services.AnswerChecked as exc:
        return _json_error(_errors(exc), 409)
    except ValidationError as exc:
        return _json_error(_errors(exc), 409, submitted=True)
    except Exception as exc:  # noqa: BLE001 - the page must get JSON, never an HTML 500
        return save_failure_response(exc)
    return JsonResponse({"ok": True, "seq": seq})


def _json_errors(view: Any) -> Any:
    """Errors before the save itself (loading the session, the user) answered as JSON."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the page must get JSON, never an HTML 500
            return save_failure_response(exc)

    return wrapped


@_json_errors
def attempt_answer(request: HttpRequest, pk: int) -> JsonResponse:
    """Answer save by the session; the attempt page itself saves with its token (middleware).

    Role and method checked here rather than by the decorators, so that every refusal
    is JSON (the page reads it) and not a login redirect or an HTML page.
    """
    if request.method != "POST":
        response = _json_error(_("Use POST."), 405)
        response["Allow"] = "POST"
        return response
    if not request.user.is_authenticated:
        return _json_error(_("Your session has ended: log in again."), 403)
    if not user_has_role(request.user, Role.LISTENER):
        return _json_error(_("This attempt is not yours, or your session has ended."), 403)
    return answer_save_response(pk, request.body, by=request.user)


@require_POST
@role_required(Role.LISTENER)
def attempt_event(request: HttpRequest, pk: int) -> JsonResponse:
    attempt = _own_attempt(request, pk)
    try:
        data = json.loads(request.body or b"{}")
        if not isinstance(data, dict):
            raise ValueError
        attempt_services.attempt_event_record(
            attempt=attempt,
            kind=str(data.get("kind", "")),
            details=str(data.get("details", "")),
            by=request.user,
        )
    except (ValueError, UnicodeDecodeError, ValidationError):
        return _json_error(_("Unknown event."), 400)
    return JsonResponse({"ok": True})


@require_POST
@role_required(Role.LISTENER)
def attempt_submit(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = _own_attempt(request, pk)
    attempt_services.attempt_submit(attempt=attempt, by=request.user)
    return redirect("exams:attempt_done", pk=attempt.pk)


@role_required(Role.LISTENER)
def attempt_done(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = _own_attempt(request, pk)
    result = Result.objects.filter(
        exam=attempt.exam, listener=request.user, confirmed_at__isnull=False
    ).first()
    review = (
        selectors.attempt_review_items(attempt)
        if attempt.exam.answers_released and attempt.status == Attempt.Status.SUBMITTED
        else None
    )
    return render(
        request, "exams/attempt_done.html", {"attempt": attempt, "result": result, "review": review}
    )


# --------------------------------------------------------------- commission ----


@role_required(*selectors.COMMISSION_ROLES)
def grading_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The works to grade, by work code and grading key only (TR-22)."""
    exam = _exam_for_member(request, pk)
    works = selectors.works_to_grade(exam, request.user)
    return render(request, "exams/grading_list.html", {"exam": exam, "works": works})


@role_required(*selectors.COMMISSION_ROLES)
def grade(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """Works are shown by code only, never with the listener's name or id (TR-22)."""
    exam = _exam_for_member(request, pk)
    attempt = get_object_or_404(
        Attempt.objects.select_related("exam", "case"), exam=exam, grading_key=key
    )
    form_class = CaseGradeForm if exam.kind == Exam.Kind.WRITTEN_CASE else OralGradeForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result_services.grade_submit(
                attempt=attempt,
                criteria=form.criteria(),
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
            messages.success(request, _("The grade is saved."))
            return redirect("exams:grading_list", pk=exam.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(
        request,
        "exams/grade.html",
        {"work": selectors.work_for_grader(attempt), "exam": exam, "form": form},
    )


@role_required(*selectors.STAFF_ROLES)
def statement(request: HttpRequest, pk: int) -> HttpResponse:
    exam = _exam_for_staff(request, pk)
    return render(
        request,
        "exams/statement.html",
        {
            "exam": exam,
            "results": exam.results.select_related("listener").prefetch_related("corrections"),
            "bands": selectors.results_by_band(exam),
            "commission": exam.commission.select_related("user"),
            "is_member": commission_services.is_commission_member(exam, request.user),
            "correction_form": CorrectionForm(),
            "window": selectors.exam_attempt_window(exam)
            if exam.status == Exam.Status.OPEN
            else None,
        },
    )


@role_required(*selectors.STAFF_ROLES)
def statement_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The exam statement as a spreadsheet (TR-26, TR-A2)."""
    from openpyxl import Workbook

    from academy.core.exports import xlsx_bytes, xlsx_response

    exam = _exam_for_staff(request, pk)
    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Exam statement"))[:31]
    sheet.append([str(_("Exam statement"))])
    sheet.append(
        [exam.title, str(exam.group or ""), exam.get_kind_display(), str(exam.exam_date or "")]
    )
    sheet.append([])
    sheet.append(
        ["№", str(_("Listener")), str(_("Points")), str(_("Numeric equivalent")), str(_("Result"))]
    )
    for number, result in enumerate(exam.results.select_related("listener"), start=1):
        sheet.append(
            [
                number,
                result.listener.full_name,
                result.points,
                float(result.numeric_equivalent),
                str(_("Passed") if result.passed else _("Not passed")),
            ]
        )
    sheet.append([])
    sheet.append([str(_("Exam commission"))])
    for member in exam.commission.select_related("user"):
        sheet.append([member.user.full_name, member.get_seat_display()])
    return xlsx_response(xlsx_bytes(book), f"statement-{exam.pk}.xlsx")


@role_required(*selectors.STAFF_ROLES)
def statement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The exam statement as a PDF for signing and the file (TR-26, TR-27).

    Once the results are confirmed it carries the Academy's seal (IS-4.8), kept once.
    """
    from academy.signatures.issued import statement_pdf as sealed_statement_pdf
    from academy.signatures.pades import SealRefused

    exam = _exam_for_staff(request, pk)
    try:
        pdf = sealed_statement_pdf(exam=exam, by=request.user)
    except SealRefused as exc:
        messages.error(request, exc.messages[0])
        return redirect("exams:statement", pk=exam.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="statement-{exam.pk}.pdf"'
    return response


@require_POST
@role_required(*selectors.COMMISSION_ROLES)
def results_compile(request: HttpRequest, pk: int) -> HttpResponse:
    """Compile; while attempts are possible only with the commission's explicit close."""
    exam = _exam_for_member(request, pk)
    _run(
        request,
        result_services.results_compile,
        _("The results are compiled."),
        exam=exam,
        close=request.POST.get("close") == "1",
    )
    return redirect("exams:statement", pk=exam.pk)


@role_required(*selectors.COMMISSION_ROLES)
def results_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation step with a summary of what is fixed, then the confirmation itself."""
    exam = _exam_for_member(request, pk)
    if request.method == "POST":
        _run(request, result_services.results_confirm, _("The results are confirmed."), exam=exam)
        return redirect("exams:statement", pk=exam.pk)
    return render(
        request,
        "exams/results_confirm.html",
        {"exam": exam, "summary": selectors.confirmation_summary(exam)},
    )


@require_POST
@role_required(*selectors.COMMISSION_ROLES)
def answers_release(request: HttpRequest, pk: int) -> HttpResponse:
    exam = _exam_for_member(request, pk)
    _run(
        request,
        result_services.answers_release,
        _("Listeners can now see the correct answers."),
        exam=exam,
    )
    return redirect("exams:statement", pk=exam.pk)


@require_POST
@role_required(*selectors.COMMISSION_ROLES)
def result_correct(request: HttpRequest, pk: int) -> HttpResponse:
    result = get_object_or_404(Result, pk=pk)
    _exam_for_member(request, result.exam_id)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        _run(
            request,
            result_services.result_correct,
            _("The correction is recorded."),
            result=result,
            points=form.cleaned_data["points"],
            reason=form.cleaned_data["reason"],
        )
    else:
        messages.error(request, _("Give the points and the reason."))
    return redirect("exams:statement", pk=result.exam_id)


@role_required(*selectors.STAFF_ROLES)
@reads_from_replica
def item_analysis(request: HttpRequest, pk: int) -> HttpResponse:
    exam = _exam_for_staff(request, pk)
    stats = selectors.item_analysis(exam)
    # Hardest first, as a percentage correct: the items to look at stand at the top.
    chart = [(f"#{s.question.pk}", round(s.difficulty * 100)) for s in stats]
    return render(
        request, "exams/item_analysis.html", {"exam": exam, "stats": stats, "chart": chart}
    )

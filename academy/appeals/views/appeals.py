"""Appeal, sitting and result pages: thin, they call services and selectors."""

from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy.accounts.permissions import role_required, user_has_role
from academy.accounts.roles import Role
from academy.core.media import serve_file

from .. import importers, rules, selectors, services
from ..forms import (
    MAX_CONTESTED_ROWS,
    AppealForm,
    AttendanceForm,
    ContestedQuestionFormSet,
    FaultActForm,
    ImportForm,
    PaperAppealForm,
    ReasonForm,
    RecordingForm,
    ResultForm,
    ReviewSheetForm,
    SittingForm,
    questions_from,
)
from ..models import (
    Appeal,
    Exam,
    ReviewSheet,
    Sitting,
    Stage,
    StageResult,
)

COMMISSION_ROLES = (Role.APPEALS_CHAIR, Role.APPEALS_MEMBER, Role.APPEALS_SECRETARY)
ALL_ROLES = (*COMMISSION_ROLES, Role.CANDIDATE)


def _error(form: Any, error: ValidationError) -> None:
    form.add_error(None, error)


@role_required(*ALL_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "appeals": selectors.appeals_visible_to(user),
        "sittings": selectors.sittings_visible_to(user),
        "notifications": selectors.notifications_for(user),
        "results": selectors.appealable_results(user)
        if user_has_role(user, Role.CANDIDATE)
        else [],
        "is_chair": selectors.commissions_chaired_by(user).exists(),
        "is_secretary": selectors.commissions_of_secretary(user).exists(),
    }
    return render(request, "appeals/index.html", context)


def _contested_numbers(formset: Any) -> list[int]:
    """The question numbers typed in the rows so far, valid rows only."""
    numbers = []
    for form in formset.forms:
        value = form.data.get(form.add_prefix("number"), "") if formset.is_bound else ""
        if str(value).strip().isdigit() and int(value) > 0:
            numbers.append(int(value))
    return numbers


def _with_one_more_row(data: Any, prefix: str = "q") -> Any:
    """No-JS fallback of "Add a question": the same form back with one more empty row."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(key, 0))
    except ValueError:
        total = 0
    data[key] = str(min(total + 1, MAX_CONTESTED_ROWS))
    return data


@role_required(Role.CANDIDATE)
def appeal_file(request: HttpRequest, result_pk: int) -> HttpResponse:
    """AP-10, AP-F1: the candidate files on form No. 1 (test) or No. 2 (other stages).

    For the test (AP-15.1) the candidate adds as many question rows as needed ("Add a
    question": htmx, or a plain submit without JavaScript), sees how many questions must
    count and how many do, and is asked to confirm when too few count.
    """
    result = get_object_or_404(StageResult, pk=result_pk, candidate=request.user)
    is_test = result.stage == Stage.TEST
    data = request.POST or None
    adding = data is not None and "add_row" in request.POST
    if adding and is_test:
        data = _with_one_more_row(request.POST)
    form = AppealForm(data)
    formset = ContestedQuestionFormSet(data, prefix="q") if is_test else None
    check = selectors.contested_check(result, _contested_numbers(formset)) if is_test else None
    filing = request.method == "POST" and not adding and "check" not in request.POST
    if filing and form.is_valid() and (formset is None or formset.is_valid()):
        anyway = request.POST.get("file_anyway") == "1"
        if (
            check is not None
            and not check.enough
            and not anyway
            and not (form.cleaned_data["technical_fault"])
        ):
            # AP-15.1: say in words why the appeal would fail and let the candidate decide.
            form.add_error(None, check.refusal)
        else:
            # AP-10: an appeal is filed by the candidate's digital signature over its application.
            from academy.signatures.appeals import appeal_sign_step

            filing_data = {
                "reasons": form.cleaned_data["reasons"],
                "questions": questions_from(formset) if formset else [],
                "technical_fault": form.cleaned_data["technical_fault"],
                "agreed_to_continue": form.cleaned_data["agreed_to_continue"],
            }
            return appeal_sign_step(request, result=result, filing=filing_data)
    context = {
        "form": form,
        "formset": formset,
        "result": result,
        "check": check,
        "ask_anyway": filing and check is not None and not check.enough,
        "deadline": selectors.filing_deadline(result),
        "form_number": 1 if is_test else 2,
    }
    return render(request, "appeals/appeal_form.html", context)


@role_required(Role.CANDIDATE)
def contested_row(request: HttpRequest, result_pk: int) -> HttpResponse:
    """htmx: one more empty contested-question row (and the form count, out of band)."""
    get_object_or_404(StageResult, pk=result_pk, candidate=request.user, stage=Stage.TEST)
    try:
        index = int(request.GET.get("q-TOTAL_FORMS", "0"))
    except ValueError:
        index = 0
    index = max(0, min(index, MAX_CONTESTED_ROWS - 1))
    formset = ContestedQuestionFormSet(prefix="q")
    row = formset.empty_form
    row.prefix = formset.add_prefix(index)
    return render(
        request,
        "appeals/_contested_row.html",
        {"row": row, "number": index + 1, "total": index + 1, "oob": True},
    )


@role_required(Role.CANDIDATE)
def contested_check(request: HttpRequest, result_pk: int) -> HttpResponse:
    """htmx: how many contested questions must count and how many of those typed do."""
    result = get_object_or_404(StageResult, pk=result_pk, candidate=request.user, stage=Stage.TEST)
    formset = ContestedQuestionFormSet(request.POST, prefix="q")
    check = selectors.contested_check(result, _contested_numbers(formset))
    return render(request, "appeals/_contested_check.html", {"check": check})


@role_required(Role.APPEALS_SECRETARY)
def appeal_register(request: HttpRequest) -> HttpResponse:
    """The secretary registers an appeal received on paper."""
    results = (
        StageResult.objects.filter(exam__commissions__secretary=request.user)
        .select_related("candidate", "exam")
        .distinct()
    )
    form = PaperAppealForm(request.POST or None, results=results)
    formset = ContestedQuestionFormSet(request.POST or None, prefix="q")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            appeal = services.appeal_file(
                result=form.cleaned_data["result"],
                reasons=form.cleaned_data["reasons"],
                questions=questions_from(formset),
                technical_fault=form.cleaned_data["technical_fault"],
                agreed_to_continue=form.cleaned_data["agreed_to_continue"],
                filed_at=form.cleaned_data["filed_at"],
                by=request.user,
            )
        except ValidationError as error:
            _error(form, error)
        else:
            messages.success(request, _("The appeal has been registered."))
            return redirect(appeal)
    return render(
        request, "appeals/appeal_form.html", {"form": form, "formset": formset, "paper": True}
    )


def _visible_appeal(request: HttpRequest, pk: int) -> Appeal:
    return get_object_or_404(selectors.appeals_visible_to(request.user), pk=pk)


@role_required(*ALL_ROLES)
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = _visible_appeal(request, pk)
    user = request.user
    commission = appeal.commission
    in_commission = user.pk in {commission.chair_id, commission.secretary_id} or (
        selectors.is_member(commission, user)
    )
    context: dict[str, Any] = {
        "appeal": appeal,
        "in_commission": in_commission,
        "deadline": selectors.filing_deadline(appeal.result),
    }
    if in_commission:
        # AP-12, AP-15.2, AP-16, AP-19: what the members study.
        contested = {q.number: q for q in appeal.questions.all()}
        context.update(
            answers=[a for a in appeal.result.answers.all() if a.number in contested],
            grader_sheets=appeal.result.sheets.all(),
            sheets=appeal.sheets.select_related("member"),
            votes=appeal.votes.select_related("member"),
            recusals=appeal.recusals.select_related("member"),
            is_voter=user.pk in selectors.voting_member_ids(appeal),
            is_member=selectors.is_member(commission, user),
            is_chair=user.pk == commission.chair_id,
            is_presiding=user.pk
            in {
                commission.chair_id,
                selectors.presiding_member_id(appeal.sitting) if appeal.sitting else None,
            },
            is_secretary=user.pk == commission.secretary_id,
            my_sheet=appeal.sheets.filter(member=user).first(),
            my_vote=appeal.votes.filter(member=user).first(),
            reason_form=ReasonForm(),
            act_form=FaultActForm(),
            recording_form=RecordingForm(),
        )
    else:
        context["postpone_form"] = ReasonForm()
    return render(request, "appeals/appeal_detail.html", context)


@role_required(Role.APPEALS_CHAIR, Role.APPEALS_MEMBER)
def sheet_fill(request: HttpRequest, pk: int) -> HttpResponse:
    """AP-F2..AP-F5: a member fills their review sheet."""
    appeal = _visible_appeal(request, pk)
    if request.user.pk not in selectors.voting_member_ids(appeal):
        raise PermissionDenied
    sheet = ReviewSheet.objects.filter(appeal=appeal, member=request.user).first()
    initial: dict[str, Any] = {}
    if sheet:
        initial = {"position": sheet.position, "comment": sheet.comment}
        for index, item in enumerate(sheet.items):
            if "number" in item:
                n = item["number"]
                initial.update({f"q{n}_{k}": v for k, v in item.items() if k != "number"})
            else:
                initial[f"c{index}"] = item["score"]
    form = ReviewSheetForm(
        request.POST or None,
        appeal=appeal,
        averages=selectors.graders_averages(appeal.result),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_sheet_submit(
                appeal=appeal,
                items=form.items(),
                position=form.cleaned_data["position"],
                comment=form.cleaned_data["comment"],
                graders_heard=form.cleaned_data["graders_heard"],
                by=request.user,
            )
        except ValidationError as error:
            _error(form, error)
        else:
            messages.success(request, _("Your review sheet has been saved."))
            return redirect(appeal)
    return render(request, "appeals/sheet_form.html", {"form": form, "appeal": appeal})


def _post_action(request: HttpRequest, appeal: Appeal, action: Any, success: str) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(appeal)


@require_POST
@role_required(Role.APPEALS_CHAIR, Role.APPEALS_MEMBER)
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = _visible_appeal(request, pk)
    choice = request.POST.get("choice", "")
    if choice not in ReviewSheet.Position.values:
        raise PermissionDenied
    return _post_action(
        request,
        appeal,
        lambda: services.vote_cast(appeal=appeal, choice=choice, by=request.user),
        _("Your vote has been recorded."),
    )


@require_POST
@role_required(Role.APPEALS_CHAIR, Role.APPEALS_MEMBER)
def recuse(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = _visible_appeal(request, pk)
    return _post_action(
        request,
        appeal,
        lambda: services.recusal_declare(
            appeal=appeal, reason=request.POST.get("reason", ""), by=request.user
        ),
        _("Your conflict of interest has been recorded."),
    )


@role_required(Role.APPEALS_CHAIR, Role.APPEALS_MEMBER)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision is final (AP-24): a summary of the votes and the outcome first."""
    appeal = _visible_appeal(request, pk)
    if request.method == "POST":
        return _post_action(
            request,
            appeal,
            lambda: services.appeal_decide(appeal=appeal, by=request.user),
            _("The decision has been recorded."),
        )
    presiding = {appeal.commission.chair_id}
    if appeal.sitting:
        presiding.add(selectors.presiding_member_id(appeal.sitting))
    if request.user.pk not in presiding or appeal.status != Appeal.Status.SCHEDULED:
        raise PermissionDenied
    return render(
        request,
        "appeals/decide_confirm.html",
        {"appeal": appeal, "preview": selectors.decision_preview(appeal)},
    )


@require_POST
@role_required(Role.APPEALS_CHAIR)
def postpone(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = _visible_appeal(request, pk)
    return _post_action(
        request,
        appeal,
        lambda: services.appeal_postpone(appeal=appeal, by=request.user),
        _("The appeal has been postponed."),
    )


@require_POST
@role_required(Role.CANDIDATE)
def postponement_request(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = _visible_appeal(request, pk)
    return _post_action(
        request,
        appeal,
        lambda: services.appeal_request_postponement(
            appeal=appeal, reason=request.POST.get("reason", ""), by=request.user
        ),
        _("Your request for postponement has been sent to the chair."),
    )


@require_POST
@role_required(Role.APPEALS_SECRETARY)
def fault_act(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = _visible_appeal(request, pk)
    form = FaultActForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(appeal)
    return _post_action(
        request,
        appeal,
        lambda: services.appeal_attach_fault_act(
            appeal=appeal, act=form.cleaned_data["act"], by=request.user
        ),
        _("The act has been attached."),
    )


@require_POST
@role_required(Role.APPEALS_SECRETARY)
def recording_upload(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = _visible_appeal(request, pk)
    form = RecordingForm(request.POST, request.FILES)
    if form.is_valid():
        return _post_action(
            request,
            appeal,
            lambda: services.result_attach_recording(
                result=appeal.result, recording=form.cleaned_data["recording"], by=request.user
            ),
            _("The recording has been attached."),
        )
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
    return redirect(appeal)


@role_required(Role.APPEALS_CHAIR)
def sitting_create(request: HttpRequest) -> HttpResponse:
    """AP-11: the chair schedules a sitting and picks the appeals."""
    commissions = selectors.commissions_chaired_by(request.user)
    appeals = Appeal.objects.filter(
        commission__in=commissions, status=Appeal.Status.FILED
    ).select_related("result__candidate")
    commission = request.GET.get("commission", "")
    form = SittingForm(
        request.POST or None,
        commissions=commissions,
        appeals=appeals,
        initial={"commission": int(commission)} if commission.isdigit() else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            sitting = services.sitting_schedule(
                commission=form.cleaned_data["commission"],
                starts_at=form.cleaned_data["starts_at"],
                place=form.cleaned_data["place"],
                appeals=list(form.cleaned_data["appeals"]),
                presiding=form.cleaned_data["presiding"],
                by=request.user,
            )
        except ValidationError as error:
            _error(form, error)
        else:
            messages.success(request, _("The sitting has been scheduled."))
            return redirect(sitting)
    return render(request, "appeals/sitting_form.html", {"form": form})


def _visible_sitting(request: HttpRequest, pk: int) -> Sitting:
    return get_object_or_404(selectors.sittings_visible_to(request.user), pk=pk)


@role_required(*COMMISSION_ROLES)
def sitting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = _visible_sitting(request, pk)
    is_secretary = request.user.pk == sitting.commission.secretary_id
    form = AttendanceForm(
        request.POST or None,
        sitting=sitting,
        initial={
            "present": [str(pk) for pk in sitting.present_members.values_list("pk", flat=True)]
        },
    )
    if request.method == "POST":
        if not is_secretary:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.sitting_record_attendance(
                    sitting=sitting,
                    present_member_ids=[int(pk) for pk in form.cleaned_data["present"]],
                    attendance=form.attendance(),
                    by=request.user,
                )
            except ValidationError as error:
                _error(form, error)
            else:
                messages.success(request, _("Attendance has been recorded."))
                return redirect(sitting)
    context = {
        "sitting": sitting,
        "appeals": sitting.appeals.select_related("result__candidate"),
        "is_secretary": is_secretary,
        "attendance_form": form,
        # If the materials went out today, the first day the sitting may be held (AP-13).
        "earliest": rules.earliest_sitting_date(timezone.localdate()),
    }
    return render(request, "appeals/sitting_detail.html", context)


def _sitting_action(
    request: HttpRequest, sitting: Sitting, action: Any, success: str
) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(sitting)


@require_POST
@role_required(Role.APPEALS_SECRETARY)
def sitting_send_materials(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = _visible_sitting(request, pk)
    return _sitting_action(
        request,
        sitting,
        lambda: services.sitting_send_materials(sitting=sitting, by=request.user),
        _("The materials have been sent to the members."),
    )


@require_POST
@role_required(Role.APPEALS_SECRETARY)
def sitting_minutes_generate(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = _visible_sitting(request, pk)
    return _sitting_action(
        request,
        sitting,
        lambda: services.sitting_minutes_generate(sitting=sitting, by=request.user),
        _("The minutes have been generated."),
    )


@role_required(*COMMISSION_ROLES)
def sitting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = _visible_sitting(request, pk)
    return serve_file(sitting.minutes, filename=f"minutes-{sitting.pk}.pdf")


@role_required(*ALL_ROLES)
def fault_act_file(request: HttpRequest, pk: int) -> HttpResponse:
    """AP-20: the act, to whoever sees the appeal (the candidate, their commission)."""
    appeal = _visible_appeal(request, pk)
    extension = PurePath(appeal.fault_act.name or "").suffix
    return serve_file(appeal.fault_act, filename=f"fault-act-{appeal.pk}{extension}")


@role_required(*COMMISSION_ROLES)
def recording_file(request: HttpRequest, pk: int) -> HttpResponse:
    """AP-19: the interview recording, to the appeal's commission only."""
    appeal = _visible_appeal(request, pk)
    commission = appeal.commission
    if request.user.pk not in {
        commission.chair_id,
        commission.secretary_id,
    } and not selectors.is_member(commission, request.user):
        raise PermissionDenied
    recording = appeal.result.recording
    extension = PurePath(recording.name or "").suffix
    return serve_file(recording, filename=f"recording-{appeal.result.pk}{extension}")


@role_required(Role.APPEALS_SECRETARY)
def results_import(request: HttpRequest) -> HttpResponse:
    """Results and test records from the testing operator (CSV or XLSX)."""
    form = ImportForm(request.POST or None, request.FILES or None)
    form.fields["exam"].queryset = (
        form.fields["exam"].queryset.filter(commissions__secretary=request.user).distinct()
    )
    report = None
    if request.method == "POST" and form.is_valid():
        importer = {
            ImportForm.Kind.RESULTS: importers.import_results,
            ImportForm.Kind.ANSWERS: importers.import_answers,
            ImportForm.Kind.SHEETS: importers.import_grader_sheets,
        }[form.cleaned_data["kind"]]
        try:
            report = importer(exam=form.cleaned_data["exam"], upload=form.cleaned_data["upload"])
        except ValidationError as error:
            _error(form, error)
    return render(request, "appeals/import.html", {"form": form, "report": report})


@role_required(Role.APPEALS_SECRETARY)
def result_enter(request: HttpRequest) -> HttpResponse:
    """The secretary enters a stage result by hand."""
    exams = Exam.objects.filter(commissions__secretary=request.user).distinct()
    form = ResultForm(request.POST or None, exams=exams)
    if request.method == "POST" and form.is_valid():
        try:
            services.result_record(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _error(form, error)
        else:
            messages.success(request, _("The result has been saved."))
            return redirect("appeals:result_enter")
    return render(request, "appeals/result_form.html", {"form": form})

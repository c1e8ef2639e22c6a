"""Training pages: thin views over services (writes) and selectors (reads)."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy.accounts.models import Court, Region, User
from academy.accounts.permissions import role_required, user_has_role
from academy.accounts.roles import Role

from . import calendar, exports, selectors, services
from . import forms as training_forms
from .models import (
    Attendance,
    Course,
    CourseProgramme,
    Enrolment,
    ExpulsionProposal,
    Group,
    Lesson,
    Order,
    SchedulePlan,
    SchedulePlanRow,
    StudyPlan,
    StudyPlanTopic,
)
from .services.attendance import can_mark

MANAGE = (Role.METHODOLOGIST, Role.ADMINISTRATOR)
VIEW = (Role.METHODOLOGIST, Role.RECTOR, Role.VICE_RECTOR, Role.ADMINISTRATOR)
VIEW_GROUPS = (*VIEW, Role.COURT_ADMINISTRATION)
LIST_ROLES = (Role.COURT_ADMINISTRATION, Role.METHODOLOGIST)
CALENDAR_SALT = "training.calendar"


def _attempt(
    request: HttpRequest,
    action: Callable[[], Any],
    *,
    form: forms.Form | None = None,
    success: str = "",
) -> bool:
    """Run a service call; show its ValidationError on the form or as messages."""
    try:
        action()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                if form is not None and field in form.fields:
                    form.add_error(field, errors)
                else:
                    for message in errors:
                        _error(request, form, message)
        else:
            for message in error.messages:
                _error(request, form, message)
        return False
    if success:
        messages.success(request, success)
    return True


def _error(request: HttpRequest, form: forms.Form | None, message: str) -> None:
    if form is not None:
        form.add_error(None, message)
    else:
        messages.error(request, message)


# ---- Schedule plan and study plan (TR-10..TR-12) ----


@role_required(*VIEW)
def schedule_plan_list(request: HttpRequest) -> HttpResponse:
    form = training_forms.SchedulePlanForm(request.POST or None)
    if request.method == "POST":
        if not user_has_role(request.user, *MANAGE):
            raise PermissionDenied
        holder: dict[str, SchedulePlan] = {}
        if form.is_valid() and _attempt(
            request,
            lambda: holder.setdefault(
                "plan", services.schedule_plan_create(by=request.user, **form.cleaned_data)
            ),
            form=form,
        ):
            return redirect(holder["plan"])
    return render(
        request,
        "training/plan_list.html",
        {
            "plans": selectors.schedule_plans(),
            "form": form,
            "kind": "schedule",
            "can_manage": user_has_role(request.user, *MANAGE),
        },
    )


@role_required(*VIEW)
def study_plan_list(request: HttpRequest) -> HttpResponse:
    form = training_forms.StudyPlanForm(request.POST or None)
    if request.method == "POST":
        if not user_has_role(request.user, *MANAGE):
            raise PermissionDenied
        holder: dict[str, StudyPlan] = {}
        if form.is_valid() and _attempt(
            request,
            lambda: holder.setdefault(
                "plan", services.study_plan_create(by=request.user, **form.cleaned_data)
            ),
            form=form,
        ):
            return redirect(holder["plan"])
    return render(
        request,
        "training/plan_list.html",
        {
            "plans": selectors.study_plans(),
            "form": form,
            "kind": "study",
            "can_manage": user_has_role(request.user, *MANAGE),
        },
    )


@role_required(*VIEW)
def schedule_plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(SchedulePlan, pk=pk)
    form = training_forms.ScheduleRowForm(request.POST or None)
    if request.method == "POST":
        if not user_has_role(request.user, *MANAGE):
            raise PermissionDenied
        if form.is_valid() and _attempt(
            request,
            lambda: services.schedule_plan_row_add(plan=plan, by=request.user, **form.cleaned_data),
            form=form,
            success=_("The row has been added."),
        ):
            return redirect(plan)
    return render(
        request,
        "training/plan_detail.html",
        {
            "plan": plan,
            "items": plan.rows.prefetch_related("courses"),
            "form": form,
            "kind": "schedule",
        },
    )


@role_required(*VIEW)
def study_plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(StudyPlan, pk=pk)
    form = training_forms.StudyTopicForm(request.POST or None)
    if request.method == "POST":
        if not user_has_role(request.user, *MANAGE):
            raise PermissionDenied
        if form.is_valid() and _attempt(
            request,
            lambda: services.study_plan_topic_add(plan=plan, by=request.user, **form.cleaned_data),
            form=form,
            success=_("The topic has been added."),
        ):
            return redirect(plan)
    return render(
        request,
        "training/plan_detail.html",
        {
            "plan": plan,
            "items": plan.topics.select_related("lecturer"),
            "form": form,
            "kind": "study",
        },
    )


PLAN_STEPS = {
    "council": services.plan_agree_council,
    "supreme_court": services.plan_agree_supreme_court,
    "approve": services.plan_approve,
}


@require_POST
@role_required(Role.METHODOLOGIST, Role.RECTOR)
def plan_step(request: HttpRequest, kind: str, pk: int, step: str) -> HttpResponse:
    model = {"schedule": SchedulePlan, "study": StudyPlan}.get(kind)
    if model is None or step not in PLAN_STEPS:
        raise Http404
    plan = get_object_or_404(model, pk=pk)
    _attempt(
        request,
        lambda: PLAN_STEPS[step](plan=plan, by=request.user),
        success=_("The plan's status has been updated."),
    )
    return redirect(plan)


@require_POST
@role_required(*MANAGE)
def plan_new_version(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model = {"schedule": SchedulePlan, "study": StudyPlan}.get(kind)
    if model is None:
        raise Http404
    plan = get_object_or_404(model, pk=pk)
    create = (
        services.schedule_plan_new_version
        if kind == "schedule"
        else services.study_plan_new_version
    )
    holder: dict[str, Any] = {}
    if _attempt(request, lambda: holder.setdefault("new", create(plan=plan, by=request.user))):
        messages.success(request, _("A new draft version has been created."))
        return redirect(holder["new"])
    return redirect(plan)


@require_POST
@role_required(*MANAGE)
def plan_item_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind == "schedule":
        item = get_object_or_404(SchedulePlanRow, pk=pk)
        _attempt(request, lambda: services.schedule_plan_row_delete(row=item, by=request.user))
    elif kind == "study":
        item = get_object_or_404(StudyPlanTopic, pk=pk)
        _attempt(request, lambda: services.study_plan_topic_delete(topic=item, by=request.user))
    else:
        raise Http404
    return redirect(item.plan)


# ---- Courses and groups (TR-5, TR-16, TR-17) ----


@role_required(*VIEW_GROUPS)
def course_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "training/course_list.html",
        {"courses": selectors.courses_list(), "can_manage": user_has_role(request.user, *MANAGE)},
    )


@role_required(*MANAGE)
def course_create(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    row = SchedulePlanRow.objects.filter(pk=request.GET.get("row") or 0).first()
    if row is not None:
        initial = {
            "title_kk": row.title,
            "kind": row.kind,
            "audience": row.audience,
            "start_date": row.start_date,
            "end_date": row.end_date,
            "schedule_row": row,
        }
    form = training_forms.CourseForm(request.POST or None, initial=initial)
    holder: dict[str, Course] = {}
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: holder.setdefault(
                "course", services.course_create(by=request.user, **form.cleaned_data)
            ),
            form=form,
        )
    ):
        messages.success(request, _("The course has been created."))
        return redirect(holder["course"])
    return render(request, "training/form_page.html", {"form": form, "title": _("New course")})


@role_required(*VIEW_GROUPS)
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        course = selectors.course_detail(pk)
    except Course.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "training/course_detail.html", {"course": course})


@require_POST
@role_required(Role.RECTOR)
def course_approve(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(Course, pk=pk)
    _attempt(
        request,
        lambda: services.course_approve(course=course, by=request.user),
        success=_("The course is approved."),
    )
    return redirect(course)


@role_required(*MANAGE)
def group_create(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(Course, pk=pk)
    form = training_forms.GroupForm(request.POST or None)
    holder: dict[str, Group] = {}
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: holder.setdefault(
                "group", services.group_create(course=course, by=request.user, **form.cleaned_data)
            ),
            form=form,
        )
    ):
        messages.success(request, _("The group has been created."))
        return redirect(holder["group"])
    return render(
        request,
        "training/form_page.html",
        {"form": form, "title": _("New group"), "subtitle": course},
    )


def _group_for(request: HttpRequest, pk: int) -> Group:
    group = get_object_or_404(Group.objects.select_related("course"), pk=pk)
    if not selectors.can_view_group(request.user, group):
        raise PermissionDenied
    return group


@role_required(*VIEW_GROUPS, Role.LECTURER)
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group_for(request, pk)
    today = timezone.localdate()
    enrolments = selectors.group_enrolments(group).annotate(
        present=Count("attendance", filter=Q(attendance__mark=Attendance.Mark.PRESENT)),
        excused=Count("attendance", filter=Q(attendance__mark=Attendance.Mark.EXCUSED)),
        unexcused=Count("attendance", filter=Q(attendance__mark=Attendance.Mark.UNEXCUSED)),
    )
    low, high = services.SIZE_BOUNDS[Group.Audience(group.audience)]
    list_deadline = services.group_list_deadline(group)
    programme = getattr(group, "programme", None)
    return render(
        request,
        "training/group_detail.html",
        {
            "group": group,
            "enrolments": enrolments,
            "size": sum(1 for e in enrolments if e.status in ("listed", "admitted")),
            "low": low,
            "high": high,
            "list_deadline": list_deadline,
            "list_due_soon": not group.list_received_at
            and today >= list_deadline - timedelta(days=2),
            "list_overdue": not group.list_received_at and today > list_deadline,
            "programme": programme,
            "orders": selectors.group_orders(group),
            "materials": group.materials.all(),
            "upload_form": training_forms.ListUploadForm(),
            "row_form": training_forms.ListRowForm(),
            "confirm_form": training_forms.ConfirmGroupForm(),
            "material_form": training_forms.MaterialForm(),
            "can_list": user_has_role(request.user, *LIST_ROLES),
            "can_manage": user_has_role(request.user, *MANAGE),
        },
    )


@require_POST
@role_required(*LIST_ROLES)
def group_list_upload(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(Group.objects.select_related("course"), pk=pk)
    form = training_forms.ListUploadForm(request.POST, request.FILES)
    result = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        holder: dict[str, services.ListImportResult] = {}
        if _attempt(
            request,
            lambda: holder.setdefault(
                "result",
                services.group_list_import(
                    group=group, content=upload.read(), filename=upload.name, by=request.user
                ),
            ),
            form=form,
        ):
            result = holder["result"]
    return render(
        request, "training/list_result.html", {"group": group, "form": form, "result": result}
    )


@require_POST
@role_required(*LIST_ROLES)
def group_list_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(Group.objects.select_related("course"), pk=pk)
    form = training_forms.ListRowForm(request.POST)
    if form.is_valid():
        _attempt(
            request,
            lambda: services.group_list_add_row(group=group, by=request.user, **form.cleaned_data),
            success=_("The listener has been added to the list."),
        )
    else:
        messages.error(request, _("Check the IIN."))
    return redirect(group)


@require_POST
@role_required(*MANAGE)
def group_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(Group.objects.select_related("course"), pk=pk)
    form = training_forms.ConfirmGroupForm(request.POST)
    form.is_valid()
    _attempt(
        request,
        lambda: services.group_confirm(
            group=group,
            by=request.user,
            override_reason=form.cleaned_data.get("override_reason", ""),
        ),
        success=_("The group is confirmed."),
    )
    return redirect(group)


@require_POST
@role_required(*MANAGE, Role.LECTURER)
def material_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group_for(request, pk)
    form = training_forms.MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        _attempt(
            request,
            lambda: services.material_add(group=group, by=request.user, **form.cleaned_data),
            success=_("The material has been shared with the group."),
        )
    return redirect(group)


# ---- Course programme and timetable (TR-13, TR-19, TR-20) ----


@role_required(*VIEW, Role.LECTURER)
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group_for(request, pk)
    programme = getattr(group, "programme", None)
    can_manage = user_has_role(request.user, *MANAGE)
    form = training_forms.ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            if programme is None:
                ok = _attempt(
                    request,
                    lambda: services.programme_create(group=group, by=request.user, **data),
                    form=form,
                    success=_("The programme has been created."),
                )
            else:
                programme.refresh_from_db()
                ok = _attempt(
                    request,
                    lambda: services.programme_set_exam(
                        programme=programme, by=request.user, **data
                    ),
                    form=form,
                    success=_("The exam has been changed."),
                )
            if ok:
                return redirect("training:programme", pk=group.pk)
    today = timezone.localdate()
    deadline = services.programme_deadline(group)
    return render(
        request,
        "training/programme.html",
        {
            "group": group,
            "programme": programme,
            "form": form,
            "lessons": selectors.programme_lessons(programme) if programme else [],
            "lesson_form": training_forms.LessonForm(),
            "questions_form": training_forms.QuestionsForm(
                initial={"questions": programme.sample_questions if programme else ""}
            ),
            "deadline": deadline,
            "deadline_warning": programme is None
            or not programme.sent_at
            and today >= deadline - timedelta(days=2),
            "limit_errors": services.course_limit_errors(
                group.course, list(programme.lessons.all())
            )
            if programme
            else [],
            "notice_days": services.exam_notice_days(group),
            "can_manage": can_manage,
            "is_rector": user_has_role(request.user, Role.RECTOR),
        },
    )


def _programme(pk: int) -> CourseProgramme:
    return get_object_or_404(CourseProgramme.objects.select_related("group__course"), pk=pk)


@require_POST
@role_required(*MANAGE)
def lesson_add(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    form = training_forms.LessonForm(request.POST)
    if form.is_valid():
        _attempt(
            request,
            lambda: services.lesson_add(programme=programme, by=request.user, **form.cleaned_data),
            success=_("The class has been added to the timetable."),
        )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("training:programme", pk=programme.group_id)


@role_required(*MANAGE)
def lesson_change(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = get_object_or_404(Lesson.objects.select_related("programme__group"), pk=pk)
    form = training_forms.LessonChangeForm(
        request.POST or None, initial={"topic": lesson.topic, "lecturer": lesson.lecturer}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.lesson_change(lesson=lesson, by=request.user, **form.cleaned_data),
            form=form,
            success=_("The change has been recorded."),
        )
    ):
        return redirect("training:programme", pk=lesson.programme.group_id)
    return render(
        request,
        "training/form_page.html",
        {"form": form, "title": _("Change the topic or lecturer"), "subtitle": lesson},
    )


@require_POST
@role_required(Role.RECTOR)
def programme_approve(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    _attempt(
        request,
        lambda: services.programme_approve(programme=programme, by=request.user),
        success=_("The programme is approved."),
    )
    return redirect("training:programme", pk=programme.group_id)


@require_POST
@role_required(Role.RECTOR, *MANAGE)
def programme_send(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    _attempt(
        request,
        lambda: services.programme_send(programme=programme, by=request.user),
        success=_("The programme is marked as sent to the Council and the Supreme Court."),
    )
    return redirect("training:programme", pk=programme.group_id)


@require_POST
@role_required(*MANAGE)
def programme_questions(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    form = training_forms.QuestionsForm(request.POST)
    if form.is_valid():
        _attempt(
            request,
            lambda: services.programme_publish_questions(
                programme=programme, questions=form.cleaned_data["questions"], by=request.user
            ),
            success=_("The sample exam questions are published to the group's listeners."),
        )
    return redirect("training:programme", pk=programme.group_id)


# ---- Orders (TR-15, TR-18, TR-28) ----


@role_required(*VIEW)
def order_list(request: HttpRequest) -> HttpResponse:
    return render(request, "training/order_list.html", {"orders": selectors.orders_list()})


@role_required(*VIEW)
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(
        Order.objects.select_related("group__course", "created_by", "signed_by"), pk=pk
    )
    form = training_forms.SignForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST":
        if not user_has_role(request.user, Role.RECTOR):
            raise PermissionDenied
        if form.is_valid() and _attempt(
            request,
            lambda: services.order_sign(order=order, by=request.user, **form.cleaned_data),
            form=form,
            success=_("The order is signed."),
        ):
            return redirect(order)
    items = order.items.select_related("enrolment__listener__court", "replacement")
    return render(
        request,
        "training/order_detail.html",
        {
            "order": order,
            "items": items,
            "form": form,
            "can_sign": user_has_role(request.user, Role.RECTOR) and not order.is_signed,
        },
    )


@require_POST
@role_required(*MANAGE)
def order_admission(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(Group, pk=pk)
    holder: dict[str, Order] = {}
    if _attempt(
        request,
        lambda: holder.setdefault(
            "order", services.order_create_admission(group=group, by=request.user)
        ),
    ):
        return redirect(holder["order"])
    return redirect(group)


@role_required(*MANAGE)
def order_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft the certificate order for the listeners who passed (TR-28)."""
    group = get_object_or_404(Group.objects.select_related("course"), pk=pk)
    form = training_forms.CertificateOrderForm(request.POST or None, group=group)
    holder: dict[str, Order] = {}
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: holder.setdefault(
                "order",
                services.order_create_certificate(
                    group=group, enrolments=list(form.cleaned_data["enrolments"]), by=request.user
                ),
            ),
            form=form,
        )
    ):
        return redirect(holder["order"])
    return render(
        request,
        "training/form_page.html",
        {"form": form, "title": _("Draft the certificate order"), "subtitle": group},
    )


@role_required(*MANAGE)
def enrolment_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft a withdrawal or, with a replacing IIN, a replacement order (TR-15)."""
    enrolment = get_object_or_404(Enrolment.objects.select_related("group", "listener"), pk=pk)
    form = training_forms.ProposalForm(request.POST or None)
    holder: dict[str, Order] = {}
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        iin = data.pop("replacement_iin").strip()
        if iin:
            replacement = User.objects.filter(iin=iin).first()
            if replacement is None:
                form.add_error("replacement_iin", _("No user with this IIN."))
            elif _attempt(
                request,
                lambda: holder.setdefault(
                    "order",
                    services.order_create_replacement(
                        enrolment=enrolment, replacement=replacement, by=request.user, **data
                    ),
                ),
                form=form,
            ):
                return redirect(holder["order"])
        elif _attempt(
            request,
            lambda: holder.setdefault(
                "order",
                services.order_create_withdrawal(enrolment=enrolment, by=request.user, **data),
            ),
            form=form,
        ):
            return redirect(holder["order"])
    return render(
        request,
        "training/form_page.html",
        {"form": form, "title": _("Replace or withdraw a listener"), "subtitle": enrolment},
    )


@role_required(Role.VICE_RECTOR, Role.METHODOLOGIST, Role.RECTOR)
def proposal_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "training/proposal_list.html",
        {
            "proposals": selectors.open_expulsion_proposals(),
            "dismiss_form": training_forms.DismissForm(),
            "is_vice_rector": user_has_role(request.user, Role.VICE_RECTOR),
            "threshold": services.unexcused_threshold(),
        },
    )


@require_POST
@role_required(Role.VICE_RECTOR)
def proposal_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    proposal = get_object_or_404(ExpulsionProposal, pk=pk)
    if decision == "propose":
        holder: dict[str, Order] = {}
        if _attempt(
            request,
            lambda: holder.setdefault(
                "order", services.order_create_expulsion(proposal=proposal, by=request.user)
            ),
        ):
            messages.success(request, _("The expulsion order is drafted for the rector."))
            return redirect(holder["order"])
    elif decision == "dismiss":
        _attempt(
            request,
            lambda: services.expulsion_proposal_dismiss(
                proposal=proposal, reason=request.POST.get("reason", ""), by=request.user
            ),
            success=_("The proposal is dismissed."),
        )
    else:
        raise Http404
    return redirect("training:proposal_list")


# ---- Attendance register (TR-18) ----


def _lesson_for_marking(request: HttpRequest, pk: int) -> Lesson:
    lesson = get_object_or_404(
        Lesson.objects.select_related("programme__group__course", "lecturer"), pk=pk
    )
    if not can_mark(request.user, lesson):
        raise PermissionDenied
    return lesson


@role_required(Role.LECTURER, Role.METHODOLOGIST)
def attendance_register(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _lesson_for_marking(request, pk)
    return render(
        request,
        "training/attendance.html",
        {
            "lesson": lesson,
            "rows": selectors.attendance_grid(lesson),
            "marks": Attendance.Mark.choices,
            "started": timezone.localtime(lesson.starts_at).date() <= timezone.localdate(),
        },
    )


@require_POST
@role_required(Role.LECTURER, Role.METHODOLOGIST)
def attendance_mark(request: HttpRequest, pk: int, enrolment_pk: int) -> HttpResponse:
    lesson = _lesson_for_marking(request, pk)
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("listener"), pk=enrolment_pk, group=lesson.programme.group
    )
    mark = request.POST.get("mark", "")
    error = ""
    if mark not in Attendance.Mark.values:
        error = _("Choose a mark.")
    else:
        try:
            services.attendance_mark(lesson=lesson, enrolment=enrolment, mark=mark, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    current = dict(lesson.attendance.values_list("enrolment_id", "mark")).get(enrolment.pk, "")
    context = {
        "lesson": lesson,
        "enrolment": enrolment,
        "mark": current,
        "marks": Attendance.Mark.choices,
        "error": error,
        "started": True,
    }
    if request.htmx:
        return render(request, "training/_attendance_row.html", context)
    if error:
        messages.error(request, error)
    return redirect("training:attendance", pk=lesson.pk)


# ---- Listeners and lecturers (TR-8) ----


@role_required(Role.LISTENER)
def my_courses(request: HttpRequest) -> HttpResponse:
    enrolments = list(selectors.listener_enrolments(request.user))
    cards = [
        {
            "enrolment": enrolment,
            "summary": selectors.attendance_summary(enrolment),
            "programme": getattr(enrolment.group, "programme", None),
            "materials": enrolment.group.materials.all()
            if enrolment.status in ("admitted", "completed")
            else [],
        }
        for enrolment in enrolments
    ]
    token = signing.dumps(request.user.pk, salt=CALENDAR_SALT)
    return render(
        request,
        "training/my_courses.html",
        {
            "cards": cards,
            "calendar_url": request.build_absolute_uri(
                reverse("training:calendar_feed", args=[token])
            ),
        },
    )


@role_required(Role.LISTENER)
def my_timetable(request: HttpRequest) -> HttpResponse:
    return render(
        request, "training/timetable.html", {"lessons": selectors.listener_lessons(request.user)}
    )


@role_required(Role.LISTENER)
def my_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("group__course"), pk=pk, listener=request.user
    )
    records = enrolment.attendance.select_related("lesson").order_by("lesson__starts_at")
    return render(
        request,
        "training/my_attendance.html",
        {
            "enrolment": enrolment,
            "records": records,
            "summary": selectors.attendance_summary(enrolment),
        },
    )


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """iCalendar feed of a listener's timetable; the signed token stands in for a login."""
    try:
        user_pk = signing.loads(token, salt=CALENDAR_SALT)
    except signing.BadSignature as exc:
        raise Http404 from exc
    user = get_object_or_404(User, pk=user_pk, is_active=True)
    body = calendar.lessons_to_ics(selectors.listener_lessons(user), name=_("Academy of Justice"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="timetable.ics"'
    return response


@role_required(Role.LECTURER)
def my_classes(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "training/timetable.html",
        {"lessons": selectors.lecturer_lessons(request.user), "lecturer_view": True},
    )


# ---- Training due (TR-4) ----


def _due_rows(request: HttpRequest) -> tuple[list[selectors.TrainingDue], dict[str, Any]]:
    region = request.GET.get("region") or None
    court = request.GET.get("court") or None
    rows = selectors.training_due(
        today=timezone.localdate(),
        region=int(region) if region and region.isdigit() else None,
        court=int(court) if court and court.isdigit() else None,
    )
    return rows, {"region": region or "", "court": court or ""}


@role_required(*VIEW_GROUPS)
def training_due(request: HttpRequest) -> HttpResponse:
    rows, filters = _due_rows(request)
    return render(
        request,
        "training/training_due.html",
        {
            "rows": rows,
            "filters": filters,
            "regions": Region.objects.order_by("name"),
            "courts": Court.objects.order_by("name"),
            "query": request.GET.urlencode(),
        },
    )


@role_required(*VIEW_GROUPS)
def training_due_xlsx(request: HttpRequest) -> HttpResponse:
    rows, _filters = _due_rows(request)
    response = HttpResponse(
        exports.training_due_xlsx(rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="training-due.xlsx"'
    return response


@role_required(*VIEW_GROUPS, Role.LECTURER, Role.LISTENER)
def index(request: HttpRequest) -> HttpResponse:
    if user_has_role(request.user, *VIEW_GROUPS):
        return redirect("training:course_list")
    if user_has_role(request.user, Role.LECTURER):
        return redirect("training:my_classes")
    return redirect("training:my_courses")

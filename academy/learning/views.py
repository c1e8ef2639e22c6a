"""Pages of the distance learning system (IS-13): thin views over services and selectors.

Every page first requires an authorised, verified role (`role_required`), then checks the
object: a listener of another group, or a lecturer who does not teach the group, gets 403.
"""

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy.accounts.permissions import role_required, user_has_role
from academy.accounts.roles import Role
from academy.core.media import serve_file
from academy.core.service_calls import run_service as _attempt
from academy.training.models import Group

from . import exports, selectors, services
from .forms import (
    AssignmentForm,
    CourseCopyForm,
    DocumentForm,
    GradeForm,
    ModuleEditForm,
    ModuleForm,
    OnlineCourseForm,
    QuestionForm,
    SelfCheckForm,
    SubmissionForm,
    WeightsForm,
)
from .models import Assignment, Document, Module, OnlineCourse, Question, Submission

ALL = selectors.LEARNING_ROLES
STAFF = (*selectors.OVERSEE_ROLES, Role.LECTURER)
AUTHORS = (*selectors.MANAGE_ROLES, Role.LECTURER)


def _course(pk: int) -> OnlineCourse:
    return get_object_or_404(OnlineCourse.objects.select_related("group", "group__course"), pk=pk)


def _module(pk: int) -> Module:
    return get_object_or_404(
        Module.objects.select_related("course", "course__group", "course__group__course"), pk=pk
    )


def _serve(file: FieldFile) -> HttpResponse:
    return serve_file(file, filename=Path(file.name or "").name)


@role_required(Role.LISTENER)
def my_courses(request: HttpRequest) -> HttpResponse:
    """A listener's own online courses and their own progress only."""
    return render(
        request, "learning/my_courses.html", {"items": selectors.listener_courses(request.user)}
    )


@role_required(*STAFF)
def course_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "learning/course_list.html",
        {
            "courses": selectors.monitored_courses(request.user),
            "groups": selectors.groups_without_course(request.user)[:30]
            if user_has_role(request.user, *AUTHORS)
            else [],
            "can_copy": user_has_role(request.user, *selectors.MANAGE_ROLES),
        },
    )


@role_required(*AUTHORS)
def course_create(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(Group.objects.select_related("course"), pk=pk)
    if not selectors.can_author(request.user, group):
        raise PermissionDenied
    existing = OnlineCourse.objects.filter(group=group).first()
    if existing is not None:
        return redirect(existing)
    form = OnlineCourseForm(request.POST or None, initial={"title": str(group.course)})
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := _attempt(
                request,
                lambda: services.online_course_create(
                    group=group, by=request.user, **form.cleaned_data
                ),
                form=form,
            )
        )
    ):
        messages.success(request, _("The online course is open; add its modules."))
        return redirect(done.result)
    return render(request, "learning/course_create.html", {"form": form, "group": group})


@role_required(*ALL)
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(pk)
    if not selectors.can_view_course(request.user, course):
        raise PermissionDenied
    is_listener = selectors.is_group_listener(request.user, course.group)
    return render(
        request,
        "learning/course_detail.html",
        {
            "course": course,
            "modules": selectors.modules_for(request.user, course),
            "assignments": course.assignments.all(),
            "quizzes": selectors.visible_activities(
                request.user, course.quizzes.select_related("exam", "module")
            ),
            "scorm_packages": selectors.visible_activities(
                request.user, course.scorm_packages.select_related("module")
            ),
            "progress": selectors.listener_progress(course, request.user) if is_listener else None,
            "can_author": selectors.can_author(request.user, course.group),
            "can_monitor": selectors.can_monitor(request.user, course.group),
        },
    )


@role_required(*AUTHORS)
def module_add(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(pk)
    if not selectors.can_author(request.user, course.group):
        raise PermissionDenied
    form = ModuleForm(request.POST or None, request.FILES or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := _attempt(
                request,
                lambda: services.module_add(course=course, by=request.user, **form.cleaned_data),
                form=form,
            )
        )
    ):
        messages.success(request, _("The module has been added."))
        return redirect(done.result)
    return render(request, "learning/module_add.html", {"form": form, "course": course})


def _authored_module(request: HttpRequest, pk: int) -> Module:
    """The module, if `request.user` may author its group's course (else 403)."""
    module = _module(pk)
    if not selectors.can_author(request.user, module.course.group):
        raise PermissionDenied
    return module


@role_required(*AUTHORS)
def module_edit(request: HttpRequest, pk: int) -> HttpResponse:
    module = _authored_module(request, pk)
    form = ModuleEditForm(request.POST or None, request.FILES or None, module=module)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.module_edit(module=module, by=request.user, **form.cleaned_data),
            form=form,
        )
    ):
        messages.success(request, _("The module has been saved; the previous version is kept."))
        return redirect(module)
    return render(
        request,
        "learning/module_edit.html",
        {"form": form, "module": module, "course": module.course},
        status=400 if form.is_bound else 200,
    )


@require_POST
@role_required(*AUTHORS)
def module_move(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    module = _authored_module(request, pk)
    _attempt(
        request,
        lambda: services.module_move(module=module, direction=direction, by=request.user),
        success=_("The module has been moved."),
    )
    return redirect(module.course)


@require_POST
@role_required(*AUTHORS)
def module_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    module = _authored_module(request, pk)
    hidden = request.POST.get("hidden") == "1"
    _attempt(
        request,
        lambda: services.module_set_hidden(module=module, hidden=hidden, by=request.user),
        success=_("The module is hidden from the listeners.")
        if hidden
        else _("The module is shown to the listeners."),
    )
    return redirect(module.course)


@require_POST
@role_required(*AUTHORS)
def module_delete(request: HttpRequest, pk: int) -> HttpResponse:
    module = _authored_module(request, pk)
    course = module.course
    if _attempt(
        request,
        lambda: services.module_delete(module=module, by=request.user),
        success=_("The module has been deleted."),
    ):
        return redirect(course)
    return redirect(module)


def _authored_question(request: HttpRequest, pk: int) -> Question:
    question = get_object_or_404(
        Question.objects.select_related("module__course__group__course"), pk=pk
    )
    if not selectors.can_author(request.user, question.module.course.group):
        raise PermissionDenied
    return question


@role_required(*AUTHORS)
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = _authored_question(request, pk)
    form = QuestionForm.for_question(question, request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.question_edit(
                question=question, by=request.user, **form.service_arguments()
            ),
            form=form,
        )
    ):
        messages.success(request, _("The question has been saved."))
        return redirect(question.module)
    return render(
        request,
        "learning/question_edit.html",
        {"form": form, "question": question, "module": question.module},
        status=400 if form.is_bound else 200,
    )


@require_POST
@role_required(*AUTHORS)
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = _authored_question(request, pk)
    _attempt(
        request,
        lambda: services.question_delete(question=question, by=request.user),
        success=_("The question has been deleted."),
    )
    return redirect(question.module)


@role_required(*selectors.MANAGE_ROLES)
def course_copy(request: HttpRequest) -> HttpResponse:
    """Course templates: a methodologist copies last term's course to a new group."""
    form = CourseCopyForm(
        request.POST or None,
        sources=selectors.monitored_courses(request.user),
        groups=selectors.groups_without_course(request.user),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := _attempt(
                request,
                lambda: services.course_copy(by=request.user, **form.cleaned_data),
                form=form,
            )
        )
    ):
        messages.success(request, _("The course has been copied; check its release dates."))
        return redirect(done.result)
    return render(
        request, "learning/course_copy.html", {"form": form}, status=400 if form.is_bound else 200
    )


def _module_page(
    request: HttpRequest,
    module: Module,
    *,
    question_form: QuestionForm | None = None,
    quiz_form: SelfCheckForm | None = None,
    status: int = 200,
) -> HttpResponse:
    group = module.course.group
    questions = list(module.questions.all())
    is_listener = selectors.is_group_listener(request.user, group)
    progress = module.progress.filter(listener=request.user).first() if is_listener else None
    return render(
        request,
        "learning/module_detail.html",
        {
            "module": module,
            "course": module.course,
            "questions": questions,
            "is_listener": is_listener,
            "progress": progress,
            "passed": selectors.module_completed(progress, bool(questions)),
            "can_author": selectors.can_author(request.user, group),
            "revisions": module.revisions.select_related("saved_by")
            if selectors.can_author(request.user, group)
            else [],
            "question_form": question_form or QuestionForm(),
            "quiz_form": quiz_form or SelfCheckForm(questions=questions),
        },
        status=status,
    )


@role_required(*ALL)
def module_detail(request: HttpRequest, pk: int) -> HttpResponse:
    module = _module(pk)
    if not selectors.can_view_module(request.user, module):
        raise PermissionDenied
    return _module_page(request, module)


@role_required(*ALL)
def module_file(request: HttpRequest, pk: int) -> HttpResponse:
    module = _module(pk)
    if not selectors.can_view_module(request.user, module):
        raise PermissionDenied
    return _serve(module.file)


@require_POST
@role_required(Role.LISTENER)
def module_studied(request: HttpRequest, pk: int) -> HttpResponse:
    module = _module(pk)
    if not selectors.can_view_module(request.user, module):
        raise PermissionDenied
    _attempt(
        request,
        lambda: services.module_mark_studied(module=module, by=request.user),
        success=_("The material is marked as studied."),
    )
    return redirect(module)


@require_POST
@role_required(*AUTHORS)
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    module = _module(pk)
    if not selectors.can_author(request.user, module.course.group):
        raise PermissionDenied
    form = QuestionForm(request.POST)
    if form.is_valid() and _attempt(
        request,
        lambda: services.question_add(module=module, by=request.user, **form.service_arguments()),
        form=form,
    ):
        messages.success(request, _("The question has been added to the self-check."))
        return redirect(module)
    return _module_page(request, module, question_form=form, status=400)


@require_POST
@role_required(Role.LISTENER)
def self_check(request: HttpRequest, pk: int) -> HttpResponse:
    module = _module(pk)
    if not selectors.can_view_module(request.user, module):
        raise PermissionDenied
    form = SelfCheckForm(request.POST, questions=list(module.questions.all()))
    if form.is_valid() and (
        done := _attempt(
            request,
            lambda: services.self_check_submit(
                module=module, answers=form.answers(), by=request.user
            ),
            form=form,
        )
    ):
        attempt = done.result
        messages.success(
            request,
            _("Self-check result: %(correct)s of %(total)s correct (%(percent)s%%).")
            % {"correct": attempt.correct, "total": attempt.total, "percent": attempt.percent},
        )
        return redirect(module)
    return _module_page(request, module, quiz_form=form, status=400)


@role_required(*STAFF)
def monitoring(request: HttpRequest, pk: int) -> HttpResponse:
    """IS-13 education monitoring of one group's online course."""
    course = _course(pk)
    if not selectors.can_monitor(request.user, course.group):
        raise PermissionDenied
    data = selectors.course_monitoring(course)
    return render(
        request,
        "learning/monitoring.html",
        {
            "course": course,
            "data": data,
            "chart_rows": [(str(item.module), item.percent) for item in data.per_module],
        },
    )


@role_required(*STAFF)
def monitoring_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(pk)
    if not selectors.can_monitor(request.user, course.group):
        raise PermissionDenied
    response = HttpResponse(
        exports.monitoring_xlsx(selectors.course_monitoring(course)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="monitoring-{course.pk}.xlsx"'
    return response


@role_required(*ALL)
def document_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind not in Document.Kind.values:
        kind = ""
    return render(
        request,
        "learning/document_list.html",
        {
            "documents": selectors.documents_list(kind),
            "kinds": Document.Kind.choices,
            "kind": kind,
            "can_upload": user_has_role(request.user, *selectors.MANAGE_ROLES),
        },
    )


@role_required(*selectors.MANAGE_ROLES)
def document_upload(request: HttpRequest) -> HttpResponse:
    form = DocumentForm(request.POST or None, request.FILES or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.document_upload(by=request.user, **form.cleaned_data),
            form=form,
        )
    ):
        messages.success(request, _("The document has been added to the repository."))
        return redirect("learning:document_list")
    return render(request, "learning/document_upload.html", {"form": form})


@role_required(*ALL)
def document_file(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    if not selectors.can_view_documents(request.user):
        raise PermissionDenied
    return _serve(document.file)


# ---- Assignments (issue 14) ----


def _assignment(request: HttpRequest, pk: int) -> Assignment:
    assignment = get_object_or_404(
        Assignment.objects.select_related("course__group__course"), pk=pk
    )
    if not selectors.can_view_assignment(request.user, assignment):
        raise PermissionDenied
    return assignment


@role_required(*AUTHORS)
def assignment_add(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(pk)
    if not selectors.can_author(request.user, course.group):
        raise PermissionDenied
    form = AssignmentForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := _attempt(
                request,
                lambda: services.assignment_create(
                    course=course, by=request.user, **form.cleaned_data
                ),
                form=form,
            )
        )
    ):
        messages.success(request, _("The assignment has been given to the group."))
        return redirect(done.result)
    return render(
        request,
        "learning/assignment_add.html",
        {"form": form, "course": course},
        status=400 if form.is_bound else 200,
    )


def _assignment_page(
    request: HttpRequest,
    assignment: Assignment,
    *,
    form: SubmissionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    group = assignment.course.group
    is_listener = selectors.is_group_listener(request.user, group)
    can_grade = selectors.can_author(request.user, group)
    return render(
        request,
        "learning/assignment_detail.html",
        {
            "assignment": assignment,
            "course": assignment.course,
            "is_listener": is_listener,
            "submission": selectors.own_submission(assignment, request.user)
            if is_listener
            else None,
            "form": form or SubmissionForm(),
            "rows": selectors.assignment_submissions(assignment)
            if selectors.can_monitor(request.user, group)
            else [],
            "can_grade": can_grade,
        },
        status=status,
    )


@role_required(*ALL)
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _assignment_page(request, _assignment(request, pk))


@require_POST
@role_required(Role.LISTENER)
def assignment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    form = SubmissionForm(request.POST, request.FILES)
    if form.is_valid() and _attempt(
        request,
        lambda: services.submission_submit(
            assignment=assignment, by=request.user, **form.cleaned_data
        ),
        form=form,
    ):
        messages.success(request, _("Your answer has been submitted."))
        return redirect(assignment)
    return _assignment_page(request, assignment, form=form, status=400)


def _submission(request: HttpRequest, pk: int) -> Submission:
    submission = get_object_or_404(
        Submission.objects.select_related("assignment__course__group__course", "listener"),
        pk=pk,
    )
    if not selectors.can_view_submission(request.user, submission):
        raise PermissionDenied
    return submission


@role_required(*ALL)
def submission_file(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk)
    if not submission.file:
        raise Http404
    return _serve(submission.file)


@role_required(*STAFF)
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk)
    group = submission.assignment.course.group
    can_grade = selectors.can_author(request.user, group)
    if request.method == "POST" and not can_grade:
        raise PermissionDenied
    form = GradeForm(
        request.POST or None,
        initial={"points": submission.points, "feedback": submission.feedback},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.submission_grade(
                submission=submission, by=request.user, **form.cleaned_data
            ),
            form=form,
        )
    ):
        messages.success(request, _("The grade has been saved; the listener is notified."))
        return redirect(submission.assignment)
    return render(
        request,
        "learning/submission_detail.html",
        {
            "submission": submission,
            "assignment": submission.assignment,
            "form": form,
            "can_grade": can_grade,
        },
        status=400 if form.is_bound else 200,
    )


def _gradebook_for(request: HttpRequest, course: OnlineCourse) -> selectors.Gradebook:
    """The whole group for its lecturers and the managers; a listener's own row only."""
    if selectors.can_monitor(request.user, course.group):
        return selectors.gradebook(course)
    if selectors.is_group_listener(request.user, course.group):
        return selectors.gradebook(course, listener=request.user)
    raise PermissionDenied


@role_required(*ALL)
def gradebook(request: HttpRequest, pk: int) -> HttpResponse:
    """Per group: listener × activity, the category averages and the weighted course grade."""
    course = _course(pk)
    book = _gradebook_for(request, course)
    can_author = selectors.can_author(request.user, course.group)
    return render(
        request,
        "learning/gradebook.html",
        {
            "course": course,
            "book": book,
            "can_author": can_author,
            "weights_form": WeightsForm(
                initial={
                    "quiz_weight": course.quiz_weight,
                    "assignment_weight": course.assignment_weight,
                }
            )
            if can_author
            else None,
        },
    )


@role_required(*ALL)
def gradebook_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(pk)
    book = _gradebook_for(request, course)
    response = HttpResponse(
        exports.gradebook_xlsx(book),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="gradebook-{course.pk}.xlsx"'
    return response

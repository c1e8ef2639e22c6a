"""Pages of course quizzes, SCORM lessons, the gradebook's weights and lagging listeners.

Thin, as in views.py: the role first (`role_required`), then the object (a listener of
another group, a lecturer who does not teach the group: 403), then a service or selector.
"""

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from academy.accounts.permissions import role_required
from academy.accounts.roles import Role
from academy.core.service_calls import run_service
from academy.exams import selectors as exam_selectors
from academy.exams.models import Attempt, AttemptItem, QuestionType

from . import completion, quizzes, scorm, selectors, services
from .forms import CourseQuizForm, ScormForm, WeightsForm
from .models import CourseQuiz, OnlineCourse, ScormPackage, ScormTrack

ALL = selectors.LEARNING_ROLES
STAFF = (*selectors.OVERSEE_ROLES, Role.LECTURER)
AUTHORS = (*selectors.MANAGE_ROLES, Role.LECTURER)


def _course(pk: int) -> OnlineCourse:
    return get_object_or_404(OnlineCourse.objects.select_related("group", "group__course"), pk=pk)


def _authored_course(request: HttpRequest, pk: int) -> OnlineCourse:
    course = _course(pk)
    if not selectors.can_author(request.user, course.group):
        raise PermissionDenied
    return course


# ---- Quizzes ----


@role_required(*AUTHORS)
def quiz_add(request: HttpRequest, pk: int) -> HttpResponse:
    course = _authored_course(request, pk)
    form = CourseQuizForm(request.POST or None, course=course)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := run_service(
                request,
                lambda: quizzes.quiz_create(
                    course=course, by=request.user, **form.service_arguments()
                ),
                form=form,
            )
        )
    ):
        messages.success(request, _("The quiz has been added to the course."))
        return redirect(done.result)
    return render(
        request,
        "learning/quiz_add.html",
        {"form": form, "course": course},
        status=400 if form.is_bound else 200,
    )


def _quiz(request: HttpRequest, pk: int) -> CourseQuiz:
    quiz = get_object_or_404(
        CourseQuiz.objects.select_related("course__group__course", "exam", "module"), pk=pk
    )
    group = quiz.course.group
    if selectors.can_monitor(request.user, group):
        return quiz
    if selectors.is_group_listener(request.user, group) and (
        quiz.module is None or selectors.listener_sees(quiz.module)
    ):
        return quiz
    raise PermissionDenied


@role_required(*ALL)
def quiz_detail(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = _quiz(request, pk)
    group = quiz.course.group
    is_listener = selectors.is_group_listener(request.user, group)
    attempts = (
        list(
            Attempt.objects.filter(exam=quiz.exam, listener=request.user)
            .exclude(status=Attempt.Status.READY)
            .order_by("number")
        )
        if is_listener
        else []
    )
    counted = completion.quiz_grade(quiz, attempts)
    rows = []
    if selectors.can_monitor(request.user, group):
        activity = completion.Activity("quiz", quiz, quiz.title, quiz.completion, "", quiz.due_on)
        listeners = list(selectors.group_listeners(group))
        results = completion.load_results([activity], [u.pk for u in listeners])
        for listener in listeners:
            attempts_of = sorted(
                results.attempts.get((listener.pk, quiz.exam_id), []), key=lambda a: a.number
            )
            rows.append(
                (
                    listener,
                    [(a, a.pk in results.pending) for a in attempts_of],
                    completion.activity_status(activity, listener.pk, results),
                )
            )
    running = next((a for a in attempts if a.status == Attempt.Status.IN_PROGRESS), None)
    left = quizzes.engine.attempts_left(quiz.exam, len(attempts))
    return render(
        request,
        "learning/quiz_detail.html",
        {
            "quiz": quiz,
            "course": quiz.course,
            "exam": quiz.exam,
            "is_listener": is_listener,
            "attempts": [(a, quizzes.attempt_percent(a)) for a in attempts],
            "counted": counted,
            "running": running,
            "attempts_left": left,
            "can_start": is_listener and (running is not None or left is None or left > 0),
            "rows": rows,
        },
    )


@require_POST
@role_required(Role.LISTENER)
def quiz_start(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = _quiz(request, pk)
    done = run_service(request, lambda: quizzes.quiz_attempt_start(quiz=quiz, by=request.user))
    if done:
        return redirect("learning:quiz_take", pk=quiz.pk, attempt=done.result.pk)
    return redirect(quiz)


def _posted_answer(request: HttpRequest, item: dict[str, Any]) -> Any:
    """The answer to one item as the engine takes it (positions in the shown order)."""
    name = f"q{item['position']}"
    qtype = item["qtype"]
    if qtype == QuestionType.MULTIPLE:
        return request.POST.getlist(name)
    if qtype == QuestionType.MATCHING:
        return {
            left: request.POST[f"{name}-{left}"]
            for left, _text, _chosen in item["lefts"]
            if request.POST.get(f"{name}-{left}")
        }
    value = request.POST.get(name)
    if value in (None, ""):
        return None
    if qtype == QuestionType.TRUE_FALSE:
        return value == "true"
    return value


@role_required(Role.LISTENER)
def quiz_take(request: HttpRequest, pk: int, attempt: int) -> HttpResponse:
    """The listener's attempt: a plain form; practice quizzes check one answer at a time."""
    quiz = _quiz(request, pk)
    found = get_object_or_404(
        Attempt.objects.select_related("exam").exclude(status=Attempt.Status.READY),
        pk=attempt,
        exam=quiz.exam,
    )
    if found.listener_id != request.user.pk:
        raise PermissionDenied  # a listener never sees another's attempt
    if found.status == Attempt.Status.IN_PROGRESS:
        quizzes.engine.attempt_close_if_expired(attempt=found)
        found.refresh_from_db()
    if request.method == "POST" and found.status == Attempt.Status.IN_PROGRESS:
        items = exam_selectors.attempt_display_items(found)
        answers = {item["position"]: _posted_answer(request, item) for item in items}
        check = request.POST.get("check")
        check_position = int(check) if check and check.isdigit() else None
        if run_service(
            request,
            lambda: quizzes.quiz_answers_save(
                quiz=quiz, attempt=found, answers=answers, by=request.user, check=check_position
            ),
        ):
            if "submit" in request.POST:
                quizzes.quiz_submit(quiz=quiz, attempt=found, by=request.user)
                percent = quizzes.attempt_percent(Attempt.objects.get(pk=found.pk))
                messages.success(
                    request,
                    _("The attempt has been submitted: %(percent)s%%.") % {"percent": percent},
                )
            elif check_position is None:
                messages.success(request, _("Your answers have been saved."))
        anchor = f"#q{check_position}" if check_position else ""
        return redirect(request.path + anchor)
    submitted = found.status == Attempt.Status.SUBMITTED
    feedback = (
        exam_selectors.attempt_item_feedback(found)
        if quiz.exam.immediate_feedback or (submitted and quiz.exam.answers_released)
        else {}
    )
    items = exam_selectors.attempt_display_items(found)
    for item in items:
        item["verdict"] = feedback.get(item["position"])
    return render(
        request,
        "learning/quiz_take.html",
        {
            "quiz": quiz,
            "course": quiz.course,
            "attempt": found,
            "items": items,
            "submitted": submitted,
            "percent": quizzes.attempt_percent(found),
            "practice": quiz.exam.immediate_feedback,
        },
    )


@role_required(*STAFF)
def quiz_review(request: HttpRequest, pk: int, attempt: int) -> HttpResponse:
    """A listener's submitted attempt for the group's staff; essays graded here (0..1)."""
    quiz = _quiz(request, pk)
    group = quiz.course.group
    if not selectors.can_monitor(request.user, group):
        raise PermissionDenied
    found = get_object_or_404(
        Attempt.objects.select_related("listener"),
        pk=attempt,
        exam=quiz.exam,
        status=Attempt.Status.SUBMITTED,
    )
    can_grade = selectors.can_author(request.user, group)
    if request.method == "POST":
        if not can_grade:
            raise PermissionDenied
        item = get_object_or_404(
            AttemptItem, attempt=found, position=request.POST.get("position") or 0
        )
        run_service(
            request,
            lambda: quizzes.quiz_essay_grade(
                quiz=quiz, item=item, fraction=request.POST.get("fraction", ""), by=request.user
            ),
            success=_("The grade has been saved."),
        )
        return redirect(request.path)
    items = attempt_items_for_staff(found)
    return render(
        request,
        "learning/quiz_review.html",
        {
            "quiz": quiz,
            "course": quiz.course,
            "attempt": found,
            "items": items,
            "percent": quizzes.attempt_percent(found),
            "can_grade": can_grade,
        },
    )


def attempt_items_for_staff(attempt: Attempt) -> list[dict[str, Any]]:
    """Each item with the correct answer, the listener's essay text and its score."""
    rows = exam_selectors.attempt_review_items(attempt)
    answers = dict(attempt.items.values_list("position", "answer"))
    qtypes = dict(attempt.items.values_list("position", "version__question__qtype"))
    for row in rows:
        row["essay"] = qtypes[row["position"]] == QuestionType.ESSAY
        row["answer"] = answers[row["position"]] if row["essay"] else None
        row["percent"] = None if row["score"] is None else round(float(row["score"]) * 100)
    return rows


# ---- Gradebook weights ----


@require_POST
@role_required(*AUTHORS)
def gradebook_weights(request: HttpRequest, pk: int) -> HttpResponse:
    course = _authored_course(request, pk)
    form = WeightsForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.course_weights_set(
                course=course, by=request.user, **form.cleaned_data
            ),
            success=_("The weights of the gradebook have been saved."),
        )
    else:
        messages.error(request, _("Give both weights as whole numbers from 0 to 100."))
    return redirect("learning:gradebook", pk=course.pk)


# ---- Lagging listeners ----


@role_required(*STAFF)
def lagging(request: HttpRequest) -> HttpResponse:
    """Listeners behind the timetable in the courses the user monitors (running courses)."""
    courses = completion.current_courses(selectors.monitored_courses(request.user))
    data = completion.lagging(courses)
    return render(
        request,
        "learning/lagging.html",
        {
            "data": data,
            "chart_rows": [(str(course.group), share) for course, share in data.courses],
        },
    )


# ---- SCORM ----


@role_required(*AUTHORS)
def scorm_add(request: HttpRequest, pk: int) -> HttpResponse:
    course = _authored_course(request, pk)
    form = ScormForm(request.POST or None, request.FILES or None, course=course)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := run_service(
                request,
                lambda: scorm.scorm_upload(course=course, by=request.user, **form.cleaned_data),
                form=form,
            )
        )
    ):
        messages.success(request, _("The SCORM package has been added to the course."))
        return redirect(done.result)
    return render(
        request,
        "learning/scorm_add.html",
        {"form": form, "course": course, "max_mb": scorm.scorm_max_size() // (1024 * 1024)},
        status=400 if form.is_bound else 200,
    )


def _package(request: HttpRequest, pk: int) -> ScormPackage:
    package = get_object_or_404(
        ScormPackage.objects.select_related("course__group__course", "module"), pk=pk
    )
    group = package.course.group
    if selectors.can_monitor(request.user, group):
        return package
    if selectors.is_group_listener(request.user, group) and (
        package.module is None or selectors.listener_sees(package.module)
    ):
        return package
    raise PermissionDenied


@role_required(*ALL)
def scorm_player(request: HttpRequest, pk: int) -> HttpResponse:
    package = _package(request, pk)
    is_listener = selectors.is_group_listener(request.user, package.course.group)
    track = ScormTrack.objects.filter(package=package, listener=request.user).first()
    return render(
        request,
        "learning/scorm_player.html",
        {
            "package": package,
            "course": package.course,
            "track": track,
            "is_listener": is_listener,
            "values": scorm.runtime_values(track, request.user),
            "tracks": package.tracks.select_related("listener").order_by("listener__surname")
            if selectors.can_monitor(request.user, package.course.group)
            else [],
        },
    )


@xframe_options_sameorigin
@role_required(*ALL)
def scorm_content(request: HttpRequest, pk: int, path: str) -> HttpResponse:
    """A file of the package, same-origin, for the player's iframe (frames only from here)."""
    package = _package(request, pk)
    found = scorm.package_member(package, path)
    if found is None:
        raise Http404
    data, content_type = found
    response = HttpResponse(data, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_POST
@role_required(Role.LISTENER)
def scorm_track(request: HttpRequest, pk: int) -> JsonResponse:
    """LMSCommit / LMSFinish of the SCORM API: JSON (fetch) or a form field (beacon)."""
    package = _package(request, pk)
    try:
        raw = request.POST.get("values") if request.POST else request.body.decode()
        values = json.loads(raw or "{}")
        if not isinstance(values, dict):
            raise ValueError
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"ok": False, "error": _("The request is not valid JSON.")}, status=400)
    try:
        track = scorm.scorm_track_save(package=package, values=values, by=request.user)
    except ValidationError as error:
        return JsonResponse({"ok": False, "error": " ".join(error.messages)}, status=400)
    return JsonResponse(
        {"ok": True, "status": track.get_lesson_status_display(), "score": track.percent}
    )

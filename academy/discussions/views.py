"""Pages of the discussions: thin views over services and selectors.

Every page requires a role of distance learning, then checks the object: a course forum
answers 403 to anyone outside the group; a topic the user may not read answers 404, so a
listener cannot even learn that another listener's question exists.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy.accounts.permissions import role_required
from academy.core.media import serve_file
from academy.core.service_calls import run_service
from academy.learning.models import Module, OnlineCourse

from . import selectors, services
from .forms import HideForm, ReplyForm, TopicForm
from .models import Post, Topic

ROLES = selectors.DISCUSSION_ROLES


def _course(request: HttpRequest, pk: int) -> OnlineCourse:
    course = get_object_or_404(OnlineCourse.objects.select_related("group", "group__course"), pk=pk)
    if not selectors.can_view_forum(request.user, course):
        raise PermissionDenied
    return course


def _module(request: HttpRequest, pk: int) -> Module:
    module = get_object_or_404(Module.objects.select_related("course__group__course"), pk=pk)
    if not selectors.can_view_module_forum(request.user, module):
        raise PermissionDenied
    return module


def _topic(request: HttpRequest, pk: int) -> Topic:
    topic = get_object_or_404(
        Topic.objects.select_related("course__group__course", "module", "author"), pk=pk
    )
    if not selectors.can_view_topic(request.user, topic):
        raise Http404
    return topic


def _post(request: HttpRequest, pk: int) -> Post:
    post = get_object_or_404(
        Post.objects.select_related("topic__course__group__course", "topic__module"), pk=pk
    )
    if not selectors.can_view_topic(request.user, post.topic):
        raise Http404
    if post.hidden and not selectors.can_moderate(request.user, post.topic):
        raise Http404
    return post


@role_required(*ROLES)
def forum(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(request, pk)
    return render(
        request,
        "discussions/forum.html",
        {
            "course": course,
            "topics": selectors.forum_topics(request.user, course),
            "module_forums": selectors.module_forums(request.user, course),
            "questions": selectors.questions_for(request.user, course),
            "can_ask": selectors.can_ask(request.user, course),
            "can_start": selectors.can_start_topic(request.user, course),
        },
    )


@role_required(*ROLES)
def module_forum(request: HttpRequest, pk: int) -> HttpResponse:
    module = _module(request, pk)
    return render(
        request,
        "discussions/module_forum.html",
        {
            "module": module,
            "course": module.course,
            "topics": selectors.forum_topics(request.user, module.course, module),
        },
    )


def _new_topic(
    request: HttpRequest, course: OnlineCourse, module: Module | None, question: bool
) -> HttpResponse:
    form = TopicForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if question:

            def action() -> Topic:
                return services.question_ask(
                    course=course,
                    title=data["title"],
                    body=data["body"],
                    attachment=data["attachment"],
                    by=request.user,
                )
        else:

            def action() -> Topic:
                return services.topic_create(
                    course=course,
                    module=module,
                    title=data["title"],
                    body=data["body"],
                    attachment=data["attachment"],
                    by=request.user,
                )

        done = run_service(request, action, form=form)
        if done:
            messages.success(
                request,
                _("Your question has been sent to the group's lecturers.")
                if question
                else _("The topic has been opened."),
            )
            return redirect(done.result)
    return render(
        request,
        "discussions/topic_form.html",
        {"form": form, "course": course, "module": module, "question": question},
        status=400 if form.is_bound else 200,
    )


@role_required(*ROLES)
def topic_new(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(request, pk)
    if not selectors.can_start_topic(request.user, course):
        raise PermissionDenied
    return _new_topic(request, course, None, question=False)


@role_required(*ROLES)
def module_topic_new(request: HttpRequest, pk: int) -> HttpResponse:
    module = _module(request, pk)
    return _new_topic(request, module.course, module, question=False)


@role_required(*ROLES)
def question_new(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(request, pk)
    if not selectors.can_ask(request.user, course):
        raise PermissionDenied
    return _new_topic(request, course, None, question=True)


def _topic_page(
    request: HttpRequest, topic: Topic, form: ReplyForm | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "discussions/topic_detail.html",
        {
            "topic": topic,
            "course": topic.course,
            "posts": selectors.topic_posts(request.user, topic),
            "can_reply": selectors.can_reply(request.user, topic),
            "can_moderate": selectors.can_moderate(request.user, topic),
            "form": form or ReplyForm(),
            "hide_form": HideForm(),
        },
        status=status,
    )


@role_required(*ROLES)
def topic_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _topic_page(request, _topic(request, pk))


@require_POST
@role_required(*ROLES)
def topic_reply(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _topic(request, pk)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid() and run_service(
        request,
        lambda: services.post_reply(
            topic=topic,
            body=form.cleaned_data["body"],
            attachment=form.cleaned_data["attachment"],
            by=request.user,
        ),
        form=form,
    ):
        messages.success(request, _("Your reply has been posted."))
        return redirect(topic)
    return _topic_page(request, topic, form=form, status=400)


@require_POST
@role_required(*ROLES)
def topic_lock(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _topic(request, pk)
    locked = request.POST.get("locked") == "1"
    run_service(
        request,
        lambda: services.topic_set_locked(topic=topic, locked=locked, by=request.user),
        success=_("The topic is closed for replies.") if locked else _("The topic is open again."),
    )
    return redirect(topic)


@require_POST
@role_required(*ROLES)
def topic_hide(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _topic(request, pk)
    hidden = request.POST.get("hidden") == "1"
    run_service(
        request,
        lambda: services.topic_set_hidden(topic=topic, hidden=hidden, by=request.user),
        success=_("The topic is hidden from the listeners.")
        if hidden
        else _("The topic is shown again."),
    )
    return redirect(topic)


@require_POST
@role_required(*ROLES)
def post_hide(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    hidden = request.POST.get("hidden") == "1"
    run_service(
        request,
        lambda: services.post_set_hidden(
            post=post, hidden=hidden, reason=request.POST.get("reason", ""), by=request.user
        ),
        success=_("The message is hidden.") if hidden else _("The message is shown again."),
    )
    return redirect(post.topic)


@role_required(*ROLES)
def post_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    if not post.attachment:
        raise Http404
    return serve_file(post.attachment, filename=post.file_name)

"""The answer save of an exam attempt, ahead of the session, auth and role middleware.

At 500 listeners answering at once the save is most of the exam's traffic, and most of
its cost was the stack every page needs: session, user and role queries, CSRF, messages,
locale. A save that carries the attempt's save token (`X-Attempt-Token`, given only to
the attempt's listener on the attempt page) is authorised by that token instead and
served here, usually in one guarded UPDATE (services.attempts.attempt_answer_save). The
token is bound to the listener's session: it saves only with that session's cookie, and
only while the session exists and the user is active (checked in the same UPDATE), so it
ends at logout or deactivation. A save without the token goes on to the ordinary
session view. Both doors answer JSON on every outcome, 503 with Retry-After when the
database cannot be reached. See the exams README, section Performance.
"""

import re
import sys
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.signals import got_request_exception
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

from .views import answer_save_response, save_failure_response

# i18n_patterns("exams/" + "attempts/<int:pk>/answer/"); a test keeps it in step with
# reverse("exams:attempt_answer") in every language.
ANSWER_PATH = re.compile(r"^/(?P<language>[a-z]{2})/exams/attempts/(?P<pk>\d{1,18})/answer/$")
# Any save address, for the session door's errors raised before its view (see below).
ANY_ANSWER_PATH = re.compile(r"^/(?P<language>[a-z]{2})/exams/attempts/\d+/answer/$")


def _remember_exception(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    # Sent by Django's handler while the exception is being handled: keep it for the
    # middleware, which then tells a database outage (503) from a bug (500).
    if request is not None and ANY_ANSWER_PATH.match(request.path_info):
        request._answer_save_exception = sys.exc_info()[1]  # type: ignore[attr-defined]


got_request_exception.connect(_remember_exception, dispatch_uid="exams-answer-save-errors")


def _as_json(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A save's error answered by the stack in HTML (500, CSRF 403, 404…) as JSON.

    The session door's session and user are loaded by middleware before its view (the
    audit log's, for one): a database outage there never reaches the view.
    """
    if response.status_code < 400 or response.get("Content-Type", "").startswith(
        "application/json"
    ):
        return response
    error = getattr(request, "_answer_save_exception", None)
    if error is not None:
        return save_failure_response(error)
    try:
        phrase = HTTPStatus(response.status_code).phrase
    except ValueError:
        phrase = str(response.status_code)
    return JsonResponse(
        {"ok": False, "error": _("The answer was not saved (%(reason)s).") % {"reason": phrase}},
        status=response.status_code,
    )


class AnswerSaveMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = request.META.get("HTTP_X_ATTEMPT_TOKEN")
        if token and request.method == "POST":
            match = ANSWER_PATH.match(request.path_info)
            if match and match["language"] in self.languages:
                session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
                with translation.override(match["language"]):
                    try:
                        response = answer_save_response(
                            int(match["pk"]), request.body, token=token, session_key=session_key
                        )
                    except Exception as exc:  # noqa: BLE001 - JSON, never an HTML 500
                        response = save_failure_response(exc)
                # CommonMiddleware is not reached: without a length the reply goes chunked.
                response["Content-Length"] = str(len(response.content))
                return response
        match = ANY_ANSWER_PATH.match(request.path_info)
        if match is None:
            return self.get_response(request)
        response = self.get_response(request)
        if match["language"] in self.languages:
            with translation.override(match["language"]):
                return _as_json(request, response)
        return _as_json(request, response)

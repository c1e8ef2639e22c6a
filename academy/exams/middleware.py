"""The answer save of an exam attempt, ahead of the session, auth and role middleware.

At 500 listeners answering at once the save is most of the exam's traffic, and most of
its cost was the stack every page needs: session, user and role queries, CSRF, messages,
locale. A save that carries the attempt's save token (`X-Attempt-Token`, given only to
the attempt's listener on the attempt page) is authorised by that token instead and
served here, usually in one guarded UPDATE (services.attempts.attempt_answer_save). A
save without the token goes on to the ordinary session view. See the exams README,
section Performance.
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from .views import answer_save_response

# i18n_patterns("exams/" + "attempts/<int:pk>/answer/"); a test keeps it in step with
# reverse("exams:attempt_answer") in every language.
ANSWER_PATH = re.compile(r"^/(?P<language>[a-z]{2})/exams/attempts/(?P<pk>\d{1,18})/answer/$")


class AnswerSaveMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = request.META.get("HTTP_X_ATTEMPT_TOKEN")
        if token and request.method == "POST":
            match = ANSWER_PATH.match(request.path_info)
            if match and match["language"] in self.languages:
                with translation.override(match["language"]):
                    response = answer_save_response(int(match["pk"]), request.body, token=token)
                # CommonMiddleware is not reached: without a length the reply goes chunked.
                response["Content-Length"] = str(len(response.content))
                return response
        return self.get_response(request)

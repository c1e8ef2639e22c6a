"""Errors as RFC 9457 problem details (application/problem+json), in the caller's language."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


def _titles() -> dict[int, str]:
    return {
        400: _("The request is not valid."),
        401: _("Authentication is needed."),
        403: _("Access is refused."),
        404: _("Not found."),
        405: _("The method is not allowed."),
        406: _("The requested format is not available."),
        409: _("The request conflicts with the current state."),
        415: _("The media type is not supported."),
        429: _("Too many requests."),
    }


def _flatten(data: Any) -> str:
    if isinstance(data, dict):
        return " ".join(_flatten(value) for value in data.values())
    if isinstance(data, list):
        return " ".join(_flatten(value) for value in data)
    return str(data)


def problem_response(
    *, status_code: int, detail: str, instance: str = "", errors: Any = None
) -> Response:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _titles().get(status_code, _("The request failed.")),
        "status": status_code,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = errors
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, then its data reshaped as a problem document."""
    if isinstance(exc, DjangoValidationError):
        messages = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(messages)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    instance = request.get_full_path() if request is not None else ""
    errors = None
    if isinstance(exc, exceptions.ValidationError):
        errors = (
            response.data
            if isinstance(response.data, dict)
            else {"non_field_errors": response.data}
        )
        detail = _flatten(errors)
    else:
        detail = str(response.data.get("detail", "")) if isinstance(response.data, dict) else ""
    problem = problem_response(
        status_code=response.status_code, detail=detail, instance=instance, errors=errors
    )
    for header, value in response.items():
        if header.lower() in {"www-authenticate", "retry-after", "allow"}:
            problem[header] = value
    if response.status_code == status.HTTP_403_FORBIDDEN and request is not None:
        from academy.secevents.services import access_refused

        access_refused(request=request, path=instance, detail=detail)
    return problem


@csrf_exempt
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any other address under /api/: a 404 problem, not the site's HTML page."""
    body = {
        "type": "about:blank",
        "title": _titles()[404],
        "status": 404,
        "detail": _titles()[404],
        "instance": request.get_full_path(),
    }
    return JsonResponse(body, status=404, content_type=PROBLEM_CONTENT_TYPE)

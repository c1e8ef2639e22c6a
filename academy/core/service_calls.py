"""Calling a service from a view: its ValidationError is shown on the form or as messages."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


@dataclass(frozen=True)
class ServiceOutcome:
    """Whether the service call succeeded (the outcome is truthy then) and what it returned."""

    ok: bool
    result: Any = None

    def __bool__(self) -> bool:
        return self.ok


def run_service(
    request: HttpRequest,
    action: Callable[[], Any],
    *,
    form: forms.Form | None = None,
    success: str = "",
) -> ServiceOutcome:
    """Run `action`; on a ValidationError put each message on its field, the form or the page.

    The outcome is truthy when the action succeeded (then `success` is shown, if given) and
    carries what the action returned, so a view can redirect to the object it made.
    """
    try:
        result = action()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                if form is not None and field in form.fields:
                    form.add_error(field, errors)
                else:
                    for message in errors:
                        _show_error(request, form, message)
        else:
            for message in error.messages:
                _show_error(request, form, message)
        return ServiceOutcome(ok=False)
    if success:
        messages.success(request, success)
    return ServiceOutcome(ok=True, result=result)


def _show_error(request: HttpRequest, form: forms.Form | None, message: str) -> None:
    if form is not None:
        form.add_error(None, message)
    else:
        messages.error(request, message)

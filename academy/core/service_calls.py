"""Calling a service from a view: its ValidationError is shown on the form or as messages."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def run_service(
    request: HttpRequest,
    action: Callable[[], Any],
    *,
    form: forms.Form | None = None,
    success: str = "",
) -> bool:
    """Run `action`; on a ValidationError put each message on its field, the form or the page.

    Returns whether the action succeeded (and then shows `success`, if given).
    """
    try:
        action()
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
        return False
    if success:
        messages.success(request, success)
    return True


def _show_error(request: HttpRequest, form: forms.Form | None, message: str) -> None:
    if form is not None:
        form.add_error(None, message)
    else:
        messages.error(request, message)

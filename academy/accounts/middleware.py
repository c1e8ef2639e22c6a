"""Fail-closed account gate: runs for every view, so no page can forget it.

1. An unverified account (IS-13) reaches only its waiting page, its profile basics,
   the language switch and logout.
2. A holder of a staff role must confirm a TOTP code (django-otp) before anything else.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

# Views any logged-in user may reach whatever the state of the account.
ALWAYS_ALLOWED = frozenset(
    {
        "accounts:logout",
        "set_language",
        "healthz",
        "core:home",
        "javascript-catalog",
    }
)
UNVERIFIED_ALLOWED = ALWAYS_ALLOWED | {"accounts:pending"}
TWO_FACTOR_ALLOWED = ALWAYS_ALLOWED | {"accounts:otp_setup", "accounts:otp_verify"}


class AccountAccessMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            return None
        match = request.resolver_match
        view_name = match.view_name if match else ""
        if getattr(view_func, "account_gate_exempt", False):
            return None
        if not user.account_verified and not user.is_superuser:
            if view_name not in UNVERIFIED_ALLOWED:
                return redirect("accounts:pending")
            return None
        if (
            settings.OTP_REQUIRED_FOR_STAFF
            and user.requires_two_factor
            and not user.is_verified()
            and view_name not in TWO_FACTOR_ALLOWED
        ):
            return redirect("accounts:otp_verify")
        return None

"""Account pages: log in, register, wait for verification, two-factor, roles."""

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy, translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from academy.core import ratelimit

from . import selectors, services
from .backends import normalise_login
from .forms import LoginForm, ProfileForm, RegistrationForm, RejectForm, RolesForm, TokenForm
from .models import User
from .permissions import role_required
from .roles import VERIFYING_ROLES, Role


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        # Besides axes' lock per account: a limit on failures from one address across
        # every username, so guessing many accounts from one place is stopped too.
        limit = ratelimit.rate("RATELIMIT_LOGIN_IP")
        if ratelimit.is_limited("login-ip", ratelimit.client_ip(request), limit):
            return ratelimit.too_many_requests(
                request, _("Too many failed logins from your address. Try again later.")
            )
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: LoginForm) -> HttpResponse:
        ratelimit.hit(
            "login-ip", ratelimit.client_ip(self.request), ratelimit.rate("RATELIMIT_LOGIN_IP")
        )
        return super().form_invalid(form)

    def form_valid(self, form: LoginForm) -> HttpResponse:
        response = super().form_valid(form)
        # IS-21: an address the user chose (?next=/en/…) keeps its language; a plain login
        # continues in the language saved in the profile.
        preferred = form.get_user().preferred_language
        chosen = get_language_from_path(response["Location"]) if self.get_redirect_url() else None
        language = chosen or preferred
        if not chosen:
            response["Location"] = translate_url(response["Location"], language)
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Password reset, limited per address and per target e-mail (no mail bombing)."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not ratelimit.hit(
            "password-reset-ip",
            ratelimit.client_ip(request),
            ratelimit.rate("RATELIMIT_PASSWORD_RESET_IP"),
        ):
            return ratelimit.too_many_requests(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        email = normalise_login(form.cleaned_data["email"])
        if not ratelimit.hit(
            "password-reset-target", email, ratelimit.rate("RATELIMIT_PASSWORD_RESET_TARGET")
        ):
            # Same answer as a sent mail: the page must not tell which addresses exist.
            return redirect(self.get_success_url())
        return super().form_valid(form)


def _registration_allowed(request: HttpRequest) -> bool:
    """Count a registration attempt per address and per IIN/e-mail it names (probes)."""
    allowed = ratelimit.hit(
        "register-ip", ratelimit.client_ip(request), ratelimit.rate("RATELIMIT_REGISTER_IP")
    )
    for field in ("iin", "email"):
        if target := normalise_login(request.POST.get(field, "")):
            allowed &= ratelimit.hit(
                f"register-{field}", target, ratelimit.rate("RATELIMIT_REGISTER_TARGET")
            )
    return allowed


def register(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and not _registration_allowed(request):
        return ratelimit.too_many_requests(
            request, _("Too many registration attempts. Please wait a while and try again.")
        )
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"password1", "password2"}}
        try:
            services.user_register(password=form.cleaned_data["password1"], **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Your account has been created. You can log in; the study department will verify it before you get access."
                ),
            )
            return redirect("accounts:login")
    return render(request, "accounts/register.html", {"form": form})


@login_required
def pending(request: HttpRequest) -> HttpResponse:
    if request.user.account_verified or request.user.is_superuser:
        return redirect("core:dashboard")
    return render(request, "accounts/pending.html")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect(translate_url(request.path, request.user.preferred_language))
    has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    return render(request, "accounts/profile.html", {"form": form, "has_device": has_device})


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Pair an authenticator app: show the QR code and secret, confirm with one code."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("accounts:otp_verify")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="default", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is on."))
            return redirect("core:dashboard")
        form.add_error("token", _("The code is wrong or has expired. Try the current code."))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, title=_("QR code for the authenticator app")
    )
    # segno builds the SVG itself from the otpauth URL: nothing user-supplied is in it.
    context = {
        "form": form,
        "qr_svg": mark_safe(qr_svg),  # noqa: S308
        "secret": b32encode(device.bin_key).decode(),
    }
    return render(request, "accounts/otp_setup.html", context)


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    if not devices:
        return redirect("accounts:otp_setup")
    if request.user.is_verified():
        return redirect("core:dashboard")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices:
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                next_url = request.GET.get("next") or ""
                return redirect(
                    next_url
                    if next_url.startswith("/") and not next_url.startswith("//")
                    else "core:dashboard"
                )
        form.add_error("token", _("The code is wrong or has expired. Try the current code."))
    return render(request, "accounts/otp_verify.html", {"form": form})


@role_required(*VERIFYING_ROLES)
def verification_queue(request: HttpRequest) -> HttpResponse:
    users = selectors.users_awaiting_verification()
    return render(
        request, "accounts/verification_queue.html", {"users": users, "reject_form": RejectForm()}
    )


@require_POST
@role_required(*VERIFYING_ROLES)
def verify_user(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(selectors.users_awaiting_verification(), pk=pk)
    services.user_verify(user=user, by=request.user)
    messages.success(request, _("%(name)s is verified.") % {"name": user.full_name})
    return redirect("accounts:verification_queue")


@require_POST
@role_required(*VERIFYING_ROLES)
def reject_user(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(selectors.users_awaiting_verification(), pk=pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        services.user_reject(user=user, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request, _("The registration of %(name)s is rejected.") % {"name": user.full_name}
        )
    else:
        messages.error(request, _("Give the reason for rejecting the registration."))
    return redirect("accounts:verification_queue")


@role_required(Role.ADMINISTRATOR)
def user_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    page = Paginator(selectors.users_search(query=query, role=role), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/user_list.html",
        {"page": page, "query": query, "role": role, "roles": Role.choices},
    )


@role_required(Role.ADMINISTRATOR)
def user_roles(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    form = RolesForm(request.POST or None, initial={"roles": sorted(user.role_codes)})
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_roles(user=user, roles=form.cleaned_data["roles"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The roles of %(name)s are saved.") % {"name": user.full_name}
            )
            return redirect("accounts:user_list")
    return render(request, "accounts/user_roles.html", {"subject": user, "form": form})

"""Sign-in's second step, and setting up or removing the second factor under "Your account"."""

from __future__ import annotations

from typing import Any

import django_otp
import segno
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from saidanddone.accounts import services
from saidanddone.accounts.forms import (
    CodeForm,
    NewPasswordForm,
    PasswordAgainForm,
    RecoveryCodeForm,
    ResetRequestForm,
)
from saidanddone.accounts.oidc import locked_out_page
from saidanddone.accounts.oidc_config import parse as oidc_parse
from saidanddone.accounts.rules import (
    confirmed_device,
    is_verified,
    passed_at_identity_provider,
    second_factor_required,
)
from saidanddone.areas.actors import SignedInRequest
from saidanddone.core.forms import SignInForm
from saidanddone.core.views import run_service
from saidanddone.feedback.ratelimit import minutes_until_next_window, rate_limited

SETUP_KEY_SESSION = "second_factor_setup_key"


def _next(request: HttpRequest) -> str:
    """Where to go after this step: the page asked for, if it is on this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return wanted
    return reverse("workspace:home")


class SignInView(auth_views.LoginView):
    """The password, then straight on to the code (or to set-up) where one is needed, so the
    second step follows the first without a detour through the page asked for."""

    authentication_form = SignInForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "oidc_provider": oidc_provider()}

    def get_success_url(self) -> str:
        wanted = super().get_success_url()
        user = self.request.user
        step = ("account:verify" if confirmed_device(user) is not None
                else "account:set_up" if second_factor_required(user) else None)
        if step is None:
            return wanted
        return f"{reverse(step)}?{_query(wanted)}"


def oidc_provider() -> str:
    """The identity provider's name for the sign-in button; empty when it is not set up."""
    config = oidc_parse(getattr(settings, "SAIDANDDONE_OIDC", None) or {})
    return config.provider_name if config else ""


def _query(next_url: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"next": next_url})


def _second_step(request: HttpRequest, form_class: Any, check: Any, template: str,
                 on_success: Any = None) -> HttpResponse:
    """The second sign-in step, by code or recovery code: nothing to do when the person has no
    confirmed device, is already verified or passed MFA at the identity provider; else the
    form, and on a right code the fully signed-in session (a new session id)."""
    if (confirmed_device(request.user) is None or is_verified(request.user)
            or passed_at_identity_provider(request)):
        return redirect(_next(request))
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = run_service(form, lambda: check(user=request.user,
                                                 code=form.cleaned_data["code"]))
        if device is not None:
            django_otp.login(request, device)
            request.session.cycle_key()  # a new session id for the fully signed-in session
            if on_success is not None:
                on_success(request)
            return redirect(_next(request))
    _errors_on_the_field(form)
    return render(request, template, {"form": form, "next": _next(request)})


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Enter the 6-digit code from your authenticator app."""
    return _second_step(request, CodeForm, services.second_factor_check_code,
                        "accounts/verify.html")


def _warn_recovery_code_spent(request: HttpRequest) -> None:
    messages.warning(request, "You signed in with a recovery code. It will not work "
                     "again. If your phone is lost, remove your second factor under "
                     "Your account and set it up again on a new phone")


@login_required
@require_http_methods(["GET", "POST"])
def recovery(request: HttpRequest) -> HttpResponse:
    """Sign in with a recovery code, when the phone is lost or not to hand."""
    return _second_step(request, RecoveryCodeForm, services.second_factor_use_recovery_code,
                        "accounts/recovery.html", on_success=_warn_recovery_code_spent)


def _errors_on_the_field(form: Any) -> None:
    """A refused code is about the one field: its message goes beside it (GOV.UK), not only
    at the top, so the summary links to the box to fix."""
    if form.is_bound and form.non_field_errors() and not form.errors.get("code"):
        for message in form.errors.pop("__all__"):
            form.add_error("code", message)


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """Your account: whether you have a second factor, and how to set it up or remove it."""
    return render(request, "accounts/second_factor.html", {
        "device": confirmed_device(request.user),
        "required": second_factor_required(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def set_up(request: SignedInRequest) -> HttpResponse:
    """Scan the QR code (or type the secret), then prove it with a code from the app. The
    secret lives in the session until then: nothing is saved for a set-up left half done."""
    if confirmed_device(request.user) is not None:
        return redirect("account:second_factor")
    key = request.session.get(SETUP_KEY_SESSION) or services.new_secret()
    request.session[SETUP_KEY_SESSION] = key
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        enrolled = run_service(form, lambda: services.second_factor_enrol(
            user=request.user, key_hex=key, code=form.cleaned_data["code"], by=request.user))
        if enrolled is not None:
            del request.session[SETUP_KEY_SESSION]
            django_otp.login(request, enrolled.device)  # they have just proved they hold it
            request.session.cycle_key()
            # Shown in this answer only, never stored for another page: the one time they
            # can be read.
            return render(request, "accounts/recovery_codes.html", {
                "codes": enrolled.recovery_codes, "next": _next(request)})
    _errors_on_the_field(form)
    qr = segno.make(services.setup_url(user=request.user, key_hex=key), error="m")
    svg = qr.svg_inline(scale=4, border=4, title="QR code to scan with your authenticator app",
                        svgclass="sd-qr-code", lineclass=None)
    return render(request, "accounts/set_up.html", {
        "form": form, "qr_svg": svg.replace("<svg ", '<svg role="img" ', 1),
        "secret": services.secret_for_typing(key), "next": _next(request),
        "required": second_factor_required(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def remove(request: SignedInRequest) -> HttpResponse:
    """Remove your second factor: the password again, so a screen left signed in is not
    enough. An area administrator is sent straight on to set up a new one."""
    if confirmed_device(request.user) is None:
        return redirect("account:second_factor")
    form = PasswordAgainForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = run_service(form, lambda: services.second_factor_remove(
            user=request.user, password=form.cleaned_data["password"], by=request.user) or True)
        if done:
            messages.success(request, "Your second factor has been removed")
            return redirect("account:second_factor")
    if form.is_bound and form.non_field_errors() and not form.errors.get("password"):
        for message in form.errors.pop("__all__"):
            form.add_error("password", message)
    return render(request, "accounts/remove.html", {
        "form": form, "required": second_factor_required(request.user)})


# Forgotten passwords ------------------------------------------------------------------------

class ResetRequestView(auth_views.PasswordResetView):
    """Ask for a reset link by e-mail. Rate-limited per client like the public forms (the page
    sends e-mail to whatever address is typed); the link is built from SAIDANDDONE_BASE_URL,
    never from the request's Host header."""

    form_class = ResetRequestForm
    template_name = "accounts/reset_request.html"
    email_template_name = "accounts/reset_email.txt"
    subject_template_name = "accounts/reset_subject.txt"

    def get_extra_email_context(self) -> dict[str, Any]:
        return {"base_url": settings.SAIDANDDONE_BASE_URL.rstrip("/"),
                "hours": settings.PASSWORD_RESET_TIMEOUT // 3600}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.extra_email_context = self.get_extra_email_context()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        if rate_limited(self.request, "password-reset"):
            form.add_error(None, "Too many reset requests have come from your connection. Try "
                                 f"again in {minutes_until_next_window()} minutes.")
            return self.form_invalid(form)
        return super().form_valid(form)


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choose the new password. Success clears any sign-in lockout for the account: someone
    locked out is exactly who resets a password. It does not sign them in: the sign-in that
    follows still asks for the second factor."""

    form_class = NewPasswordForm
    template_name = "accounts/reset_choose.html"

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        services.password_reset_audited(user=form.user)
        return response


def sign_in_locked_out(request: HttpRequest, response: HttpResponse | None = None,
                       credentials: dict[str, Any] | None = None) -> HttpResponse:
    """django-axes calls this once an account and address have had too many wrong passwords:
    the sign-in page again, saying what happened and how long to wait (not a bare 403). A
    lock-out that happens on the identity provider's return gets that sign-in's own page."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name == "account:oidc_callback":
        return locked_out_page(request)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/login.html", {
        "form": SignInForm(request), "next": request.POST.get("next", ""),
        "locked_out_minutes": minutes, "oidc_provider": oidc_provider()}, status=429)

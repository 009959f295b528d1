"""Staff sign-in with the council's identity provider: OpenID Connect's code flow, through
mozilla-django-oidc (decision 0224).

The library sends the person to the provider (state, nonce and PKCE kept in the session),
exchanges the code for tokens and checks the ID token's RS256 signature against the provider's
JWKS. On top of it, here:

- the ID token's issuer, audience, expiry and issue time are required and checked (the library
  leaves the audience unchecked);
- who may come in: an EXISTING active member of staff with that verified e-mail address
  (case-insensitive), or someone with an open invitation to an area for it, who gets the
  invitation's role. Nobody else: no account is ever made for a stranger;
- every refusal gets a page that says why and whom to ask, is audited, and counts towards the
  same sign-in throttling as wrong passwords (django-axes), keyed on the e-mail address, or on
  "(identity provider)" when the provider's answer could not be trusted at all;
- the second factor: the provider's multi-factor sign-in stands in for our code only where the
  council says so (OIDC_TRUST_MFA) and the ID token's ``amr`` claim shows it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import jwt
import requests
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import path
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import absolutify, import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from saidanddone.accounts.oidc_config import OIDCConfig, parse
from saidanddone.areas.actors import SYSTEM
from saidanddone.areas.models import Invitation
from saidanddone.areas.services import membership_set
from saidanddone.core.audit import AuditAction, audit

logger = logging.getLogger(__name__)

# The session remembers that this sign-in came through the provider, and whether its
# multi-factor sign-in was shown ({"user": pk, "mfa": bool}).
SESSION_KEY = "saidanddone_oidc"
# django-axes' "username" for a refusal where the provider's answer could not be trusted, so
# there is no e-mail address to count it against.
UNTRUSTED = "(identity provider)"
# Seconds of clock difference allowed between us and the provider.
LEEWAY = 60
LOCAL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def current() -> OIDCConfig | None:
    """The provider's settings, or None when sign-in with a provider is off."""
    return parse(getattr(settings, "SAIDANDDONE_OIDC", None) or {})


def _library_setting(attr: str, *default: Any) -> Any:
    config = current()
    values = config.library_settings() if config else {}
    if attr in values:
        return values[attr]
    return import_from_settings(attr, *default)


class CouncilBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """The library's token exchange and signature check, with our settings and stricter claims.
    Used directly by the callback, never listed in AUTHENTICATION_BACKENDS (a password sign-in
    never reaches it)."""

    get_settings = staticmethod(_library_setting)

    def _verify_jws(self, payload: Any, key: Any) -> dict[str, Any]:
        config = current()
        assert config is not None
        try:
            header = jwt.get_unverified_header(payload)
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"The ID token is not a JWT ({exc})") from exc
        if header.get("alg") != config.signing_algorithm:
            raise SuspiciousOperation(f"The ID token is signed with {header.get('alg')!r}")
        try:
            claims: dict[str, Any] = jwt.decode(
                payload, key, algorithms=[config.signing_algorithm],
                audience=config.client_id, issuer=config.issuer, leeway=LEEWAY,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]})
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"The ID token was refused: {exc}") from exc
        audience = claims["aud"]
        if isinstance(audience, list) and len(audience) > 1 and claims.get(
                "azp") != config.client_id:
            raise SuspiciousOperation("The ID token was issued to another party (azp)")
        return claims


class StartView(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Off to the provider: the library keeps state, nonce and the PKCE verifier in the
    session and remembers the page asked for (if it is on this site)."""

    get_settings = staticmethod(_library_setting)


def start(request: HttpRequest) -> HttpResponse:
    if current() is None:
        raise Http404("Sign-in with an identity provider is not set up")
    response: HttpResponse = StartView.as_view()(request)
    return response


# Refusals ----------------------------------------------------------------------------------

@dataclass
class Refused(Exception):
    """Why someone was not signed in, in words for the page and a code for the audit."""

    reason: str
    email: str = ""
    user: Any = None
    counts: bool = True  # towards the sign-in throttling

    def key(self) -> str:
        return self.email or UNTRUSTED


def _words(reason: str, provider: str, email: str) -> tuple[str, str]:
    """(what happened, what to do) for each reason."""
    ask_admin = ("Ask your area administrator to invite this address to your area, or to "
                 "put it on your existing account. Until then you can sign in with your "
                 "username and password, if you have them.")
    return {
        "cancelled": (f"{provider} did not sign you in, or the sign-in was cancelled.",
                      "Try again. If it keeps happening, ask your council's IT service desk."),
        "state": ("The answer from the sign-in did not match this browser. The sign-in may have "
                  "taken too long, or been started in another window or tab.",
                  "Start again from the sign-in page, in one window."),
        "token": (f"The answer from {provider} could not be checked, so it was not trusted.",
                  "Try again. If it keeps happening, tell your council's IT service desk: "
                  "the sign-in settings may need renewing."),
        "unreachable": (f"{provider} could not be reached.",
                        "Try again in a few minutes, or sign in with your username and "
                        "password."),
        "no_email": (f"{provider} did not give a verified e-mail address for you, which is "
                     "how we find your account.",
                     "Ask your council's IT service desk to check that your account there has "
                     "a verified e-mail address."),
        "unknown": (f"There is no account here for {email}, and no invitation to it.",
                    ask_admin),
        "no_role": (f"The account for {email} has no role in any area.", ask_admin),
        "inactive": (f"The account for {email} is switched off.",
                     "Ask your area administrator if you should still have access."),
        "ambiguous": (f"More than one account here uses {email}, so we cannot tell which is "
                      "yours.",
                      "Ask your area administrator to give each account its own address."),
        "locked": ("Sign-in is paused because there have been too many refused sign-ins from "
                   "your connection.",
                   f"Wait {_cooloff_minutes()} minutes, then try again."),
    }[reason]


def _cooloff_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def refusal_page(request: HttpRequest, refused: Refused, status: int = 403) -> HttpResponse:
    config = current()
    provider = config.provider_name if config else "The identity provider"
    what, todo = _words(refused.reason, provider, refused.email)
    return render(request, "accounts/oidc_refused.html", {
        "what": what, "todo": todo, "provider": provider}, status=status)


def locked_out_page(request: HttpRequest) -> HttpResponse:
    """What django-axes shows when a refusal here tipped the count over (accounts.views)."""
    return refusal_page(request, Refused("locked"), status=429)


def _refuse(request: HttpRequest, refused: Refused, detail: str = "") -> HttpResponse:
    """Count it, audit it, say so."""
    AxesProxyHandler.update_request(request)
    address = getattr(request, "axes_ip_address", "")
    attempt = None
    if refused.counts:
        user_login_failed.send(sender=__name__, credentials={"username": refused.key()},
                               request=request)
        attempt = AccessAttempt.objects.filter(
            username=refused.key(), ip_address=address).first()
    obj = refused.user or attempt
    if obj is not None:
        audit(action=AuditAction.ACCOUNT_OIDC_REFUSED, obj=obj, by=None, after={
            "reason": refused.reason, "email": refused.email, "detail": detail[:200],
            "address": address})
    else:
        logger.warning("Identity provider sign-in refused (%s) with nothing to audit it against",
                       refused.reason)
    status = 429 if refused.reason == "locked" else 502 if refused.reason == "unreachable" else 403
    return refusal_page(request, refused, status=status)


def _paused(request: HttpRequest, *keys: str) -> bool:
    return any(not AxesProxyHandler.is_allowed(request, {"username": key}) for key in keys if key)


# The callback -------------------------------------------------------------------------------

def callback(request: HttpRequest) -> HttpResponse:
    """The provider sends the person back here with a code (or an error)."""
    config = current()
    if config is None:
        raise Http404("Sign-in with an identity provider is not set up")
    states = request.session.get("oidc_states") or {}
    state = request.GET.get("state", "")
    entry = states.pop(state, None) if state else None
    request.session["oidc_states"] = states  # used once, whatever happens next
    next_url = request.session.pop("oidc_login_next", None)
    if request.GET.get("error"):
        return _refuse(request, Refused("cancelled"), request.GET.get("error", ""))
    if entry is None or not request.GET.get("code"):
        return _refuse(request, Refused("state"))
    if _paused(request, UNTRUSTED):
        return refusal_page(request, Refused("locked"), status=429)
    try:
        claims = _claims(request, entry)
    except Refused as refused:
        return _refuse(request, refused)
    except requests.HTTPError as exc:
        # The provider answered, and said no (a code used twice or forged, a token refused):
        # the answer is not trusted. A 5xx is the provider being down.
        status = exc.response.status_code if exc.response is not None else 500
        if status < 500:
            logger.warning("Identity provider refused the exchange: %s", exc)
            return _refuse(request, Refused("token"), str(exc))
        logger.warning("The identity provider failed: %s", exc)
        return refusal_page(request, Refused("unreachable", counts=False), status=502)
    except requests.RequestException as exc:
        logger.warning("The identity provider could not be reached: %s", exc)
        return refusal_page(request, Refused("unreachable", counts=False), status=502)
    except (SuspiciousOperation, jwt.PyJWTError, ValueError, KeyError) as exc:
        logger.warning("Identity provider answer refused: %s", exc)
        return _refuse(request, Refused("token"), str(exc))
    email = claims["email"]
    try:
        user = _who(email, claims)
    except Refused as refused:
        if _paused(request, email):
            return refusal_page(request, Refused("locked", email=email), status=429)
        return _refuse(request, refused)
    if _paused(request, email, user.get_username() if user is not None else ""):
        return refusal_page(request, Refused("locked", email=email), status=429)
    try:
        user = _accept_invitations(user, email, claims)
    except Refused as refused:
        return _refuse(request, refused)
    auth.login(request, user, backend=LOCAL_BACKEND)
    amr = claims.get("amr") or []
    mfa = bool(config.trust_mfa and isinstance(amr, list)
               and config.mfa_amr & {str(v).lower() for v in amr})
    request.session[SESSION_KEY] = {"user": str(user.pk), "mfa": mfa}
    audit(action=AuditAction.ACCOUNT_OIDC_SIGN_IN, obj=user, by=user, after={
        "user": user.get_username(), "provider": config.provider_name,
        "provider_mfa": mfa, "amr": [str(v) for v in amr] if isinstance(amr, list) else []})
    wanted = next_url or ""
    if not url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        wanted = resolve_url(settings.LOGIN_REDIRECT_URL)
    return HttpResponseRedirect(wanted)


def _claims(request: HttpRequest, entry: dict[str, Any]) -> dict[str, Any]:
    """The ID token's claims (signature, issuer, audience, expiry, nonce checked), with the
    userinfo endpoint's answer for the same subject; the e-mail address checked and lower-case."""
    backend = CouncilBackend()
    backend.request = request
    token_payload = {
        "client_id": backend.OIDC_RP_CLIENT_ID,
        "client_secret": backend.OIDC_RP_CLIENT_SECRET,
        "grant_type": "authorization_code",
        "code": request.GET["code"],
        "redirect_uri": absolutify(request, resolve_url("account:oidc_callback")),
    }
    if entry.get("code_verifier"):
        token_payload["code_verifier"] = entry["code_verifier"]
    tokens = backend.get_token(token_payload)
    id_token, access_token = tokens.get("id_token"), tokens.get("access_token")
    if not id_token or not access_token:
        raise SuspiciousOperation("The token endpoint sent no ID token or access token")
    claims = backend.verify_token(id_token, nonce=entry.get("nonce"))
    info = backend.get_userinfo(access_token, id_token, claims)
    if not isinstance(info, dict) or info.get("sub") != claims["sub"]:
        raise SuspiciousOperation("The userinfo answer is for someone else")
    merged = {**info, **claims}  # the signed ID token wins where both say something
    email = str(merged.get("email") or "").strip().lower()
    if not email or "@" not in email:
        raise Refused("no_email")
    verified = merged.get("email_verified")
    domain = email.rsplit("@", 1)[1]
    config = current()
    assert config is not None
    if not (verified is True or str(verified).lower() == "true"
            or domain in config.email_domains):
        raise Refused("no_email", email=email)
    merged["email"] = email
    # Only the signed ID token says how the person signed in at the provider.
    merged["amr"] = claims.get("amr") or []
    return merged


def _open_invitations(email: str) -> Any:
    return Invitation.objects.filter(
        email__iexact=email, accepted_at__isnull=True, withdrawn_at__isnull=True,
        expires_at__gt=timezone.now()).select_related("area")


def _who(email: str, claims: dict[str, Any]) -> Any:
    """The one existing account for the address, or None when an invitation waits for it.
    Refused otherwise: nobody else comes in, and nothing is made for them."""
    users = list(get_user_model().objects.filter(email__iexact=email)[:2])
    if len(users) > 1:
        raise Refused("ambiguous", email=email)
    invited = _open_invitations(email).exists()
    if not users:
        if invited:
            return None
        raise Refused("unknown", email=email)
    user = users[0]
    if not user.is_active:
        raise Refused("inactive", email=email, user=user)
    if not (invited or user.is_superuser or user.memberships.exists()):
        raise Refused("no_role", email=email, user=user)
    return user


@transaction.atomic
def _accept_invitations(user: Any, email: str, claims: dict[str, Any]) -> Any:
    """Every open invitation to the address, accepted on the person's behalf; the account made
    first (no password: they sign in through the provider) when they had none."""
    invitations = list(_open_invitations(email).select_for_update())
    if user is None:
        model = get_user_model()
        if model.objects.filter(username__iexact=email).exists():
            raise Refused("ambiguous", email=email)
        user = model(username=email, email=email,
                     first_name=str(claims.get("given_name") or "")[:150],
                     last_name=str(claims.get("family_name") or "")[:150])
        user.set_unusable_password()
        user.save()
        audit(action=AuditAction.USER_CREATE, obj=user, by=SYSTEM, after={
            "username": email, "invitation": str(invitations[0].pk),
            "signed_in_with": "identity provider"})
    for invitation in invitations:
        membership_set(area=invitation.area, user=user, role=invitation.role, by=SYSTEM)
        Invitation.objects.filter(pk=invitation.pk).update(
            accepted_at=timezone.now(), accepted_by=user, updated_at=timezone.now())
        audit(action=AuditAction.MEMBERSHIP_INVITE_ACCEPT, obj=invitation, by=user,
              area=invitation.area, after={"user": user.get_username(),
                                           "role": invitation.role,
                                           "signed_in_with": "identity provider"})
    return user


@receiver(user_logged_in)
def _forget_provider_sign_in(sender: Any, request: HttpRequest | None, user: Any,
                             **kwargs: Any) -> None:
    """Any sign-in starts without the provider's word; the callback adds it after its own."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_KEY, None)


def provider_mfa_passed(request: HttpRequest) -> bool:
    """This session's sign-in came through the provider with multi-factor sign-in shown, and
    the council trusts it (OIDC_TRUST_MFA, read now: turning it off takes effect at once)."""
    config = current()
    if config is None or not config.trust_mfa:
        return False
    user = getattr(request, "user", None)
    mark = request.session.get(SESSION_KEY) or {}
    return bool(user is not None and user.is_authenticated and mark.get("mfa")
                and mark.get("user") == str(user.pk))


urlpatterns = [
    path("accounts/login/provider/", start, name="oidc_start"),
    path("accounts/login/provider/callback/", callback, name="oidc_callback"),
]

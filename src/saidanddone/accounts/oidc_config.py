"""Sign-in with the council's identity provider (OpenID Connect): its settings, read from the
environment. Pure Python (no Django): the settings module reads the environment through it, and
the system check (accounts/checks.py) reports what it finds wrong in plain words.

Off unless configured: with none of the ``OIDC_*`` variables set there is no sign-in button and
the addresses are not found. With some set and others missing or malformed, Django refuses to
start (the system check) rather than half-work.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

# Environment variable -> what it is, for the messages.
REQUIRED = {
    "OIDC_PROVIDER_NAME": "the name on the sign-in button, for example 'Microsoft' or 'Google'",
    "OIDC_ISSUER": "the identity provider's issuer (the 'iss' its ID tokens carry)",
    "OIDC_AUTHORIZATION_ENDPOINT": "the provider's authorization endpoint",
    "OIDC_TOKEN_ENDPOINT": "the provider's token endpoint",
    "OIDC_USERINFO_ENDPOINT": "the provider's userinfo endpoint",
    "OIDC_JWKS_ENDPOINT": "the provider's JWKS endpoint (its signing keys)",
    "OIDC_CLIENT_ID": "this service's client (application) id at the provider",
    "OIDC_CLIENT_SECRET": "this service's client secret at the provider",
}
OPTIONAL = {
    "OIDC_SIGNING_ALGORITHM": "RS256",
    # Accept the provider's multi-factor sign-in instead of our own code (decision 0224).
    "OIDC_TRUST_MFA": "false",
    "OIDC_MFA_AMR": "mfa",
    # The council's own e-mail domains, whose addresses are trusted without 'email_verified'
    # (Microsoft Entra ID does not send that claim; the tenant owns its verified domains).
    "OIDC_EMAIL_DOMAINS": "",
}
ALL = (*REQUIRED, *OPTIONAL)
URLS = ("OIDC_ISSUER", "OIDC_AUTHORIZATION_ENDPOINT", "OIDC_TOKEN_ENDPOINT",
        "OIDC_USERINFO_ENDPOINT", "OIDC_JWKS_ENDPOINT")
ALGORITHMS = ("RS256",)
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_DOMAIN = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


@dataclass(frozen=True)
class OIDCConfig:
    provider_name: str
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_endpoint: str
    client_id: str
    client_secret: str
    signing_algorithm: str
    trust_mfa: bool
    mfa_amr: frozenset[str]
    email_domains: frozenset[str]

    def library_settings(self) -> dict[str, object]:
        """The settings mozilla-django-oidc reads, by its own names."""
        return {
            "OIDC_OP_AUTHORIZATION_ENDPOINT": self.authorization_endpoint,
            "OIDC_OP_TOKEN_ENDPOINT": self.token_endpoint,
            "OIDC_OP_USER_ENDPOINT": self.userinfo_endpoint,
            "OIDC_OP_JWKS_ENDPOINT": self.jwks_endpoint,
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_RP_SIGN_ALGO": self.signing_algorithm,
            "OIDC_RP_SCOPES": "openid email profile",
            "OIDC_USE_NONCE": True,
            "OIDC_USE_PKCE": True,
            "OIDC_CREATE_USER": False,
            "OIDC_TIMEOUT": 10,
            "OIDC_VERIFY_SSL": True,
            "OIDC_AUTHENTICATION_CALLBACK_URL": "account:oidc_callback",
            "OIDC_STORE_ACCESS_TOKEN": False,
            "OIDC_STORE_ID_TOKEN": False,
        }


def from_environ(environ: Mapping[str, str]) -> dict[str, str]:
    """The OIDC_* variables that are set (blank counts as not set)."""
    return {name: environ[name].strip() for name in ALL if environ.get(name, "").strip()}


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def problems(raw: Mapping[str, str]) -> list[str]:
    """Everything wrong with the variables, in plain words; empty when they are fine or when
    none is set (sign-in with an identity provider is then simply off)."""
    if not raw:
        return []
    found: list[str] = []
    missing = [name for name in REQUIRED if not raw.get(name)]
    for name in missing:
        found.append(f"{name} is not set: it is {REQUIRED[name]}. Set it, or unset every "
                     "OIDC_ variable to turn sign-in with an identity provider off.")
    for name in URLS:
        value = raw.get(name)
        if not value:
            continue
        parts = urlsplit(value)
        if parts.scheme not in {"https", "http"} or not parts.hostname:
            found.append(f"{name} is not a web address: {value!r}.")
        elif parts.scheme == "http" and not _is_loopback(parts.hostname):
            found.append(f"{name} must use https (plain http is allowed only on this machine, "
                         f"for testing): {value!r}.")
    algorithm = raw.get("OIDC_SIGNING_ALGORITHM", OPTIONAL["OIDC_SIGNING_ALGORITHM"])
    if algorithm not in ALGORITHMS:
        found.append(f"OIDC_SIGNING_ALGORITHM must be RS256 (signed by the provider's keys "
                     f"from its JWKS endpoint), not {algorithm!r}.")
    trust = raw.get("OIDC_TRUST_MFA", OPTIONAL["OIDC_TRUST_MFA"]).lower()
    if trust not in _TRUE | _FALSE:
        found.append(f"OIDC_TRUST_MFA must be true or false, not {trust!r}.")
    if trust in _TRUE and not _words(raw.get("OIDC_MFA_AMR", OPTIONAL["OIDC_MFA_AMR"])):
        found.append("OIDC_MFA_AMR is empty: list the 'amr' values that show multi-factor "
                     "sign-in (for example 'mfa').")
    for domain in _words(raw.get("OIDC_EMAIL_DOMAINS", "")):
        if not _DOMAIN.fullmatch(domain):
            found.append(f"OIDC_EMAIL_DOMAINS has {domain!r}, which is not a domain name "
                         "(write them like 'westmere.gov.uk', separated by commas).")
    return found


def _words(value: str) -> frozenset[str]:
    return frozenset(part.strip().lower() for part in value.split(",") if part.strip())


def parse(raw: Mapping[str, str]) -> OIDCConfig | None:
    """The configuration, or None when it is off or has problems (the system check says which)."""
    if not raw or problems(raw):
        return None
    value = {**OPTIONAL, **raw}
    return OIDCConfig(
        provider_name=value["OIDC_PROVIDER_NAME"],
        issuer=value["OIDC_ISSUER"],
        authorization_endpoint=value["OIDC_AUTHORIZATION_ENDPOINT"],
        token_endpoint=value["OIDC_TOKEN_ENDPOINT"],
        userinfo_endpoint=value["OIDC_USERINFO_ENDPOINT"],
        jwks_endpoint=value["OIDC_JWKS_ENDPOINT"],
        client_id=value["OIDC_CLIENT_ID"],
        client_secret=value["OIDC_CLIENT_SECRET"],
        signing_algorithm=value["OIDC_SIGNING_ALGORITHM"],
        trust_mfa=value["OIDC_TRUST_MFA"].lower() in _TRUE,
        mfa_amr=_words(value["OIDC_MFA_AMR"]),
        email_domains=_words(value["OIDC_EMAIL_DOMAINS"]),
    )

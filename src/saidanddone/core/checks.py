"""System checks: a misconfigured deployment fails at start-up, not on a family's visit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from saidanddone.analysis import ModelFileError, ThemeModel, default_safeguarding_model
from saidanddone.core.clientaddress import parse_proxies
from saidanddone.importers.labeller import check_model


@register(Tags.security, deploy=True)
def check_production_settings(app_configs: Any, **kwargs: Any) -> list[Error]:
    errors: list[Error] = []
    if not settings.SECRET_KEY or "not-secret" in settings.SECRET_KEY:
        errors.append(
            Error("SECRET_KEY must be set to a long random value.", id="saidanddone.E001")
        )
    if settings.DEBUG:
        errors.append(Error("DEBUG must be off in production.", id="saidanddone.E002"))
    return errors


@register()
def check_secret_key_present(app_configs: Any, **kwargs: Any) -> list[Error]:
    if not settings.SECRET_KEY:
        return [Error(
            "SECRET_KEY is empty. Set the SECRET_KEY environment variable.",
            id="saidanddone.E003",
        )]
    return []


@register()
def check_analysis_models(app_configs: Any, **kwargs: Any) -> list[Error]:
    """The analysis models ship in the package: a missing or altered file stops start-up.

    Without them no comment could be checked for safeguarding, so this fails loudly at start
    rather than silently at the first comment (issue 10, "Bad input").
    """
    try:
        default_safeguarding_model()
        ThemeModel.default()  # its heads must read this encoder's vectors (ModelError if not)
    except (ModelFileError, OSError, ValueError, KeyError) as exc:
        return [Error(f"The analysis model files cannot be used: {exc}",
                      hint="Reinstall the package (pip install .) to restore its model files.",
                      id="saidanddone.E010")]
    return []


@register()
def check_importer_model(app_configs: Any, **kwargs: Any) -> list[Error]:
    """The importer's block labeller ships in the package: a missing or altered file stops
    start-up, rather than the first document a council uploads failing."""
    problem = check_model()
    if problem is not None:
        return [Error(f"The importer's model files cannot be used: {problem}",
                      hint="Reinstall the package (pip install .) to restore its model files.",
                      id="saidanddone.E011")]
    return []


@register(Tags.security)
def check_trusted_proxies(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Every entry of SAIDANDDONE_TRUSTED_PROXIES must be an address or a network."""
    try:
        parse_proxies(getattr(settings, "SAIDANDDONE_TRUSTED_PROXIES", []))
    except ValueError as exc:
        return [Error(f"SAIDANDDONE_TRUSTED_PROXIES: {exc}.", id="saidanddone.E020")]
    return []


@register(Tags.security, deploy=True)
def check_proxies_named(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """In production the site almost always sits behind a proxy; with none named, every family
    shares the proxy's address and one rate-limit bucket (issue 11)."""
    if getattr(settings, "SAIDANDDONE_TRUSTED_PROXIES", []):
        return []
    return [Warning(
        "No trusted reverse proxy is set, so behind a proxy every family would share one "
        "rate-limit bucket.",
        hint="Set SAIDANDDONE_TRUSTED_PROXIES to the proxy's address (for example "
             "127.0.0.1 or 10.0.0.0/8), or to 'none' when nothing sits in front of the site.",
        id="saidanddone.W020")]

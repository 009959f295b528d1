"""System checks: a misconfigured deployment fails at start-up, not on a family's visit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


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
    from saidanddone.analysis import ModelFileError, ThemeModel, default_safeguarding_model

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
    from saidanddone.importers.labeller import check_model

    problem = check_model()
    if problem is not None:
        return [Error(f"The importer's model files cannot be used: {problem}",
                      hint="Reinstall the package (pip install .) to restore its model files.",
                      id="saidanddone.E011")]
    return []

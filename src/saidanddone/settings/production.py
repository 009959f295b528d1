"""Production: every secret and host comes from the environment; checks refuse unsafe values.

The README's "Production checklist" lists the environment; `django check --deploy` with it
gives no warnings (tests/core/test_deploy_checks.py proves it)."""

import os

from saidanddone.settings.base import *  # noqa: F403
from saidanddone.settings.base import env_bool

DEBUG = False
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
# The proxy usually redirects http to https; the checklist turns Django's redirect on as well
# (off by default so the plain-http benchmarks on 127.0.0.1 keep working).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HSTS: browsers use https only, for a year, on every subdomain. Preload is a commitment for the
# whole domain (hard to undo), so the council turns it on deliberately.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
)
# Django warns while preload is off; leaving it off is a decision for the council's whole
# domain, not a mistake, so that one warning is silenced unless preload is turned on.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

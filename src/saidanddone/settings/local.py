"""Local development: `make run`. Safe defaults so it runs with no environment at all."""

from saidanddone.settings.base import *  # noqa: F403
from saidanddone.settings.base import SECRET_KEY as _SECRET_KEY
from saidanddone.settings.base import env_bool

DEBUG = env_bool("DEBUG", True)
SAIDANDDONE_DEMO = env_bool("SAIDANDDONE_DEMO", True)
SECRET_KEY = _SECRET_KEY or "local-development-only-not-secret"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
# The demo's own users (admin, officer, … with the published password) need no second factor
# here, so the demo opens with the password alone; any of them may still set one up to try it.
# Never in production: see settings/base.py and the system check saidanddone.E201.
SAIDANDDONE_SECOND_FACTOR_DEMO_WAIVER = True

"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL says so (CI runs both)."""

import tempfile
from pathlib import Path

from saidanddone.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
SAIDANDDONE_DEMO = True  # the test database holds the demo area; guard tests turn it off
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests run tasks at once, in the same transaction as the test.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_AUTOREFRESH = True
# Evidence files go to a folder of their own for each run, never into var/ (tests that look
# at the disk point it at their own tmp_path).
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="saidanddone-test-media-"))

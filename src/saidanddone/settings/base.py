"""Settings shared by every environment. Everything that differs comes from the environment."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from saidanddone.accounts.oidc_config import from_environ as oidc_from_environ

BASE_DIR = Path(__file__).resolve().parent.parent  # src/saidanddone
PROJECT_DIR = BASE_DIR.parent.parent  # the repository root when run from a checkout
VAR_DIR = Path(os.environ.get("SAIDANDDONE_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "saidanddone.core",
    "saidanddone.areas",
    "saidanddone.feedback",
    "saidanddone.themes",
    "saidanddone.commitments",
    "saidanddone.publishing",
    "saidanddone.following",
    "saidanddone.accounts",
    "saidanddone.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The second factor: django-otp reads this session's verified device onto request.user,
    # then one guard sends anyone who still owes a code to it (accounts/middleware.py).
    "django_otp.middleware.OTPMiddleware",
    "saidanddone.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "saidanddone.core.middleware.SecurityHeadersMiddleware",
    "saidanddone.core.middleware.StaffPagesNotStoredMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "saidanddone.urls"
WSGI_APPLICATION = "saidanddone.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "saidanddone.core.context_processors.site",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'saidanddone.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while a writer commits; IMMEDIATE avoids lock-upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "saidanddone.core.passwords.NotTheDemoPasswordValidator"},
]
# django-axes first: it refuses a locked-out sign-in before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "public:home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded evidence files, one folder per area (never served by the web server directly: the
# application checks who may see each file; decision 0220).
MEDIA_ROOT = Path(os.environ.get("SAIDANDDONE_MEDIA_ROOT", str(VAR_DIR / "media")))

SESSION_COOKIE_HTTPONLY = True
# A working day; staff sign in again the next morning (Django's default is two weeks).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): scripts and styles from our own origin only, nothing
# inline (the area's brand colour is a stylesheet, core.views.brand_stylesheet). A page that
# ever needs an inline element gives it nonce="{{ CSP_NONCE }}".
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "style-src": [SELF, NONCE],
        "script-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account
# from one address, that pair is locked out for the cool-off; every attempt is kept in axes'
# own tables (visible in the admin). A correct sign-in clears the count.
AXES_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("SIGN_IN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "saidanddone.accounts.views.sign_in_locked_out"
# The visitor's address as the rate limit reads it: behind a trusted proxy, the address the
# proxy saw, so one person cannot lock a colleague out from everywhere through the proxy.
AXES_CLIENT_IP_CALLABLE = "saidanddone.core.clientaddress.sign_in_address"
# Failed sign-ins are recorded, successful ones too (who signed in, when, from where).
AXES_DISABLE_ACCESS_LOG = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# The second factor (django-otp, TOTP with single-use recovery codes; decision 0214). Area
# administrators and superusers must have one; other staff may, and once they do it is asked
# for at every sign-in. Each device is throttled: after n wrong codes in a row it refuses all
# codes for 2^(n-1) seconds (django-otp's own throttling), which makes guessing hopeless.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# The admin lists and deletes devices (a lost phone) but never shows a secret or its QR code:
# a superuser must not be able to copy a colleague's second factor.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Only settings/local.py turns this on: the demo's own accounts (published password, fictional
# area) may skip the requirement so `make run` stays a two-minute tour. A system check refuses
# it outside a demonstration site; production settings never set it.
SAIDANDDONE_SECOND_FACTOR_DEMO_WAIVER = False

# Staff sign-in with the council's identity provider (OpenID Connect: Microsoft Entra ID, Google
# Workspace; decision 0224). Off unless the OIDC_* variables are set (README, "Signing in with
# the council's identity provider"); a system check refuses a half-made or malformed set.
SAIDANDDONE_OIDC = oidc_from_environ(os.environ)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# How e-mail leaves: "smtp" (the default: EMAIL_HOST and EMAIL_PORT) or "notify" (GOV.UK
# Notify through its official client: NOTIFY_API_KEY, NOTIFY_TEMPLATE_ID, optionally
# NOTIFY_BASE_URL and NOTIFY_REPLY_TO_ID; docs/notify.md, decision 0223). A system check refuses
# to start with Notify chosen and its settings missing or malformed.
SAIDANDDONE_MAIL = os.environ.get("SAIDANDDONE_MAIL", "smtp").strip().lower()
NOTIFY_EMAIL_BACKEND = "saidanddone.areas.notify.NotifyEmailBackend"
EMAIL_BACKEND = (NOTIFY_EMAIL_BACKEND if SAIDANDDONE_MAIL == "notify" else
                 os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"))
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
# The generic template: subject "((subject))", message "((body))" (docs/notify.md).
NOTIFY_TEMPLATE_ID = os.environ.get("NOTIFY_TEMPLATE_ID", "")
# Optional: the reply-to address's id in Notify (Settings > Reply-to email addresses); empty
# means the service's default.
NOTIFY_REPLY_TO_ID = os.environ.get("NOTIFY_REPLY_TO_ID", "")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "said-and-done@localhost")
# A mail server that accepts the connection and then stalls must not hold the worker for ever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
# A running task whose worker has not beaten for this long is put back in the queue (issue 11).
SAIDANDDONE_WORKER_STALE_SECONDS = int(os.environ.get("SAIDANDDONE_WORKER_STALE_SECONDS", "30"))
# Every upload is read in a child process with these limits (issue 11; decision 0211): CPU
# seconds, memory in MB, and seconds by the clock. Files bigger than the last setting (bytes,
# or five times that unpacked) are read in the background, with progress shown.
SAIDANDDONE_UPLOAD_CPU_SECONDS = int(os.environ.get("SAIDANDDONE_UPLOAD_CPU_SECONDS", "20"))
SAIDANDDONE_UPLOAD_MEMORY_MB = int(os.environ.get("SAIDANDDONE_UPLOAD_MEMORY_MB", "512"))
SAIDANDDONE_UPLOAD_WALL_SECONDS = int(os.environ.get("SAIDANDDONE_UPLOAD_WALL_SECONDS", "25"))
SAIDANDDONE_UPLOAD_BACKGROUND_BYTES = int(
    os.environ.get("SAIDANDDONE_UPLOAD_BACKGROUND_BYTES", str(2 * 1024 * 1024)))
# The largest evidence file (PDF, Word document, PNG or JPEG) an officer may upload, in MB.
SAIDANDDONE_EVIDENCE_MAX_MB = int(os.environ.get("SAIDANDDONE_EVIDENCE_MAX_MB", "10"))

# A demonstration site: `setup` loads the fictional Westmere area and its users, whose password
# is published. Only local (and test) settings turn it on; production never creates them, and
# outside a demo site the published password is refused everywhere (core/passwords.py).
SAIDANDDONE_DEMO = env_bool("SAIDANDDONE_DEMO", False)
# How many days without an update make an open commitment "stale" on the dashboard.
SAIDANDDONE_STALE_DAYS = int(os.environ.get("SAIDANDDONE_STALE_DAYS", "90"))
# How many days before its due date an open commitment turns amber.
SAIDANDDONE_AMBER_DAYS = int(os.environ.get("SAIDANDDONE_AMBER_DAYS", "30"))
# Stored public pages answered before the middleware stack by the WSGI wrapper in wsgi.py
# (decision 0225). Off sends every request through the full stack (for comparison).
SAIDANDDONE_STORED_PAGES_FAST = env_bool("SAIDANDDONE_STORED_PAGES_FAST", True)
# Public forms: submissions allowed per client per window (0 turns the limit off, for load tests).
SAIDANDDONE_RATE_LIMIT = int(os.environ.get("SAIDANDDONE_RATE_LIMIT", "10"))
SAIDANDDONE_RATE_WINDOW = int(os.environ.get("SAIDANDDONE_RATE_WINDOW", "600"))
# Issue 11 (edges): the reverse proxies whose X-Forwarded-For / Forwarded header is believed
# (addresses or CIDRs, comma-separated; "none" says on purpose that there is no proxy), and the
# middleware that keeps control bytes out of paths, query strings and form fields.
SAIDANDDONE_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("SAIDANDDONE_TRUSTED_PROXIES", "").split(",") if p.strip()
]
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware"),
                  "saidanddone.core.middleware.ControlBytesMiddleware")
# Where trained theme models of each area are kept (plain files, never pickles).
SAIDANDDONE_MODEL_DIR = Path(os.environ.get("SAIDANDDONE_MODEL_DIR", VAR_DIR / "models"))
# The address staff use, for links in e-mails (never the feedback text itself).
SAIDANDDONE_BASE_URL = os.environ.get("SAIDANDDONE_BASE_URL", "http://127.0.0.1:8000")
# Periodic jobs the worker's sweep runs every few minutes, each safe to run that often: this
# week's digest for each owner team (once a week, by the outbox's key), then e-mail due a retry.
SAIDANDDONE_SWEEP_JOBS = [
    "saidanddone.commitments.digest.owner_digests_queue",
    "saidanddone.following.services.follow_sweep",
    "saidanddone.areas.mail.emails_send_due",
]
# A password reset link works once, for two hours.
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60
# Days an e-mailed invitation to join an area stays valid (its link works once).
SAIDANDDONE_INVITATION_DAYS = int(os.environ.get("SAIDANDDONE_INVITATION_DAYS", "7"))
# The service name shown in the header of every page.
SAIDANDDONE_SERVICE_NAME = os.environ.get("SAIDANDDONE_SERVICE_NAME", "Said & Done")
# The name an authenticator app shows beside the code.
OTP_TOTP_ISSUER = SAIDANDDONE_SERVICE_NAME

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

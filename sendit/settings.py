"""Settings for sendit, all read from the environment.

Unset, the app runs on an embedded default (a SQLite file in the project and
tasks run in-process) so that `make run` needs nothing else. With
DATABASE_URL and CELERY_BROKER_URL it runs on PostgreSQL, Redis and a worker.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from sendit.lib.env import (
    env_bool,
    env_broker,
    env_database,
    env_int,
    env_list,
    env_redis_url,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("SENDIT_TESTING", False)

SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-5e1f0c3b7a9d"  # noqa: S105  # nosec B105
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (set DEBUG=true for local development)."
        )

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if (DEBUG or TESTING) else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "csp",
    "schools",
    "audit",
    "notifications",
    "pupils",
    "walks",
    "outcomes",
    "feedback",
    "calendar_app",
    "reports",
    "shell",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The Content Security Policy (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which reads the body: see sendit/lib/uploads.py.
    "sendit.lib.uploads.RequestBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "schools.middleware.ActiveSchoolMiddleware",  # the active school's membership
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # SENDCo, SLT and school admins set up two-step sign-in before anything else.
    "schools.mfa.MfaRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The idle timeout and the absolute limit of a session (schools/sessions.py).
    "schools.sessions.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Permissions-Policy, and no-store on signed-in pages (sendit/lib/headers.py).
    "sendit.lib.headers.SecurityHeadersMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Writes the audit of reading once the page is ready (audit/reads.py).
    "audit.reads.ReadAuditMiddleware",
    # Who makes the changes of this request, for the record of changes.
    "audit.changes.ChangeAuditMiddleware",
    # Records a 404 on an object that exists but is out of reach (audit/refusals.py).
    "audit.refusals.RefusedAccessMiddleware",
]

ROOT_URLCONF = "sendit.urls"
WSGI_APPLICATION = "sendit.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shell.context_processors.navigation",
                "notifications.context_processors.unread",
                "shell.context_processors.switch_schools",
                "shell.context_processors.home_panels",
                "schools.mfa.context",
            ],
        },
    },
]

DATABASES = {
    "default": env_database(
        "DATABASE_URL",
        {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"},
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "schools.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Passwords (README, "Passwords"): length is what counts, so no rules about
# kinds of character. At least 12 characters, or 8 for an account with
# two-step sign-in on; passphrases up to 256 characters; not like the
# person's name or email; not on Django's list of 20,000 common passwords.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "schools.passwords.LengthValidator",
        "OPTIONS": {"min_length": 12, "min_length_with_mfa": 8, "max_length": 256},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: email and password only, no self sign-up (schools add staff).
ACCOUNT_ADAPTER = "schools.adapters.SchoolAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# Wrong passwords are counted by schools/throttle.py, per account AND address
# together (never per address alone: a school's staff share one address).
# allauth's own "login_failed" limit is left to the sign-in code step, where
# allauth counts wrong codes per account: 10 in 5 minutes.
# allauth's limit on every sign-in POST from one address (30 a minute by
# default) is raised so a whole staff room arriving at 8.30 on one address
# is never refused.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/5m/key", "login": "300/m/ip"}
# Changing the password asks for the current one (the form's first field);
# setting up or removing two-step sign-in asks for the password again when
# the last sign-in is older than this many seconds.
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
SIGN_IN_FAILURE_LIMIT = 10
SIGN_IN_FAILURE_WINDOW = 5 * 60
SIGN_IN_COOL_OFF = env_int("SIGN_IN_COOL_OFF", 15 * 60)
if not 0 < SIGN_IN_COOL_OFF <= 30 * 60:
    raise ImproperlyConfigured("SIGN_IN_COOL_OFF is in seconds, at most 1800 (30 minutes).")

# Two-step sign-in (allauth.mfa, README "Two-step sign-in"): an authenticator
# app's codes (TOTP) and recovery codes. Required for the SENDCo, SLT and
# school admins (schools/mfa.py); anyone else may turn it on.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "sendit")
# One 30-second step either side of the server's clock, for phones that drift.
MFA_TOTP_TOLERANCE = 1
MFA_ADAPTER = "schools.adapters.SchoolMFAAdapter"

# Microsoft and Google sign-in (README, "Signing in with Microsoft or Google"):
# each switched on for a deployment by giving its client id and secret. Off
# by default. Only accounts the school has already made can sign in this way
# (matched by email); no account is ever made by it.
SOCIAL_PROVIDERS: dict[str, dict[str, object]] = {}
if env_str("MICROSOFT_CLIENT_ID", ""):
    SOCIAL_PROVIDERS["microsoft"] = {
        "APPS": [
            {
                "client_id": env_str("MICROSOFT_CLIENT_ID", ""),
                "secret": env_str("MICROSOFT_CLIENT_SECRET", ""),
                # The school's own tenant id, or "organizations" for any work account.
                "settings": {"tenant": env_str("MICROSOFT_TENANT", "organizations")},
            }
        ]
    }
if env_str("GOOGLE_CLIENT_ID", ""):
    SOCIAL_PROVIDERS["google"] = {
        "APPS": [
            {
                "client_id": env_str("GOOGLE_CLIENT_ID", ""),
                "secret": env_str("GOOGLE_CLIENT_SECRET", ""),
            }
        ],
        "SCOPE": ["profile", "email"],
    }
if SOCIAL_PROVIDERS:
    INSTALLED_APPS += [
        "allauth.socialaccount",
        *(f"allauth.socialaccount.providers.{name}" for name in SOCIAL_PROVIDERS),
    ]
    SOCIALACCOUNT_PROVIDERS = SOCIAL_PROVIDERS
    SOCIALACCOUNT_ADAPTER = "schools.social.SchoolSocialAccountAdapter"
    SOCIALACCOUNT_AUTO_SIGNUP = False
    SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
    SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
    SOCIALACCOUNT_ONLY = False
    SOCIALACCOUNT_LOGIN_ON_GET = False

# Sessions (schools/sessions.py): a signed-in session ends after 30 minutes
# without the person doing anything (a warning shows a minute before, with
# "Stay signed in") and 12 hours after sign-in whatever happens; the cookie
# lasts no longer than that.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_IDLE_WARNING_SECONDS = env_int("SESSION_IDLE_WARNING_SECONDS", 60)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
# Messages can name pupils: keep them in the server-side session, never in
# a cookie the browser (or anything reading its storage) can read.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Request bodies: the CSV import takes up to 2 MB; anything much larger is
# refused from its Content-Length before it is read (sendit/lib/uploads.py).
REQUEST_BODY_MAX_BYTES = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # non-file fields, Django's default made explicit
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger files would go to a temporary file
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "media/"
# `manage.py backup` writes here (README, "Backups"); keep it off the web root.
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(BASE_DIR / "backups")))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: console in development; SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "sendit <no-reply@sendit.invalid>")
# Where emails link to: the address staff open sendit at.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Celery: without a broker, tasks run in-process and their errors propagate.
CELERY_BROKER_URL = env_broker("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_WORKER_MAX_TASKS_PER_CHILD = 50
# Longer than any task's hard time limit: Redis hands an unacknowledged task
# (its worker killed) to another worker only after this many seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# beat: the calendar's generated dates brought up to date each night, then the SEND
# team's digest of the next seven days and what is overdue (idempotent per person per day).
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    # Each school's retention schedule: what is past its period is removed,
    # and a RetentionRun says what went (schools.retention).
    "apply-retention": {
        "task": "schools.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=30),
    },
    "generate-calendars": {
        "task": "calendar_app.tasks.generate_calendars",
        "schedule": crontab(hour=5, minute=45),
    },
    "dates-due-digest": {
        "task": "calendar_app.tasks.send_dates_due_digest",
        "schedule": crontab(hour=6, minute=30),
    },
    # The termly report, made once for each school when a term has ended
    # (idempotent: one scheduled version per school and term), SLT emailed a link.
    "reports-termly": {
        "task": "reports.tasks.make_termly_reports",
        "schedule": crontab(hour=5, minute=15),
    },
    # Reports whose message was lost (a broker flush) or whose worker died.
    "reports-requeue-stale": {
        "task": "reports.tasks.requeue_stale_documents",
        "schedule": crontab(minute="*/10"),
    },
}

# Reports (reports/pdf.py): PDFs are rendered in a child process with these
# limits, and stored under REPORTS_ROOT, which no URL serves (the download
# view checks access and streams the file).
REPORTS_ROOT = Path(env_str("REPORTS_ROOT", str(MEDIA_ROOT / "reports")))
REPORT_MEMORY_LIMIT_MB = env_int("REPORT_MEMORY_LIMIT_MB", 1536)
REPORT_RENDER_SECONDS = env_int("REPORT_RENDER_SECONDS", 180)

# Cache: shared Redis when there is one (REDIS_URL, else a redis:// broker),
# so that every gunicorn worker and the Celery worker see the same login
# throttle counters and cached values; a process-local cache otherwise.
REDIS_URL = env_redis_url("REDIS_URL", CELERY_BROKER_URL)
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "sendit-test" if TESTING else "sendit")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "TIMEOUT": 300,
        }
    }
    # Sessions read from the cache and are written through to the database,
    # so a Redis restart or flush signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Production hardening; `manage.py check --deploy` is clean with DEBUG off.
# Behind the proxy: gunicorn (gunicorn.conf.py) believes X-Forwarded-Proto
# only from FORWARDED_ALLOW_IPS (the Caddy container's fixed address) and
# sets wsgi.url_scheme, which is what request.is_secure() reads. Django
# itself trusts the header only when TRUST_X_FORWARDED_PROTO is on: for an
# app server that cannot be reached except through a proxy that always sets
# it. Trusting it unconditionally would let any client that reaches the app
# directly claim https.
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# allauth's per-IP login throttle reads the client's address from
# X-Forwarded-For when the number of proxies in front is given (1 behind Caddy).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not (DEBUG or TESTING))
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not (DEBUG or TESTING))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if (DEBUG or TESTING) else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# The Content Security Policy, enforced (never report-only): scripts and
# styles only from our own static files, so no inline <script>, on...=
# handler, <style> block or style="" attribute runs anywhere (htmx's own
# indicator <style> is switched off by the htmx-config meta tag in base.html
# and its rules live in static/css/sendit.css). Images may also be data: URIs
# (Bootstrap's icons). No page may be framed (frame-ancestors 'none', with
# X-Frame-Options for older browsers), forms post only to us, no <base>, no
# plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

DEMO_PASSWORD = env_str("DEMO_PASSWORD", "sendit-demo")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Serve static files straight from static/ in development and tests.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

if TESTING:
    # Tests run tasks in-process unless a test starts a real worker itself
    # (tests/test_worker.py), which turns eager mode off for its duration.
    CELERY_TASK_ALWAYS_EAGER = True
    # Never into the project's own media folder, and one folder per xdist worker.
    REPORTS_ROOT = Path(
        env_str(
            "REPORTS_ROOT",
            str(
                Path(tempfile.gettempdir())
                / f"sendit-test-{os.getuid()}-{env_str('PYTEST_XDIST_WORKER', 'main')}"
                / "reports"
            ),
        )
    )
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

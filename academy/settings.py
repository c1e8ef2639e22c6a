"""Settings for academy: one module, every value from the environment.

Defaults work on a fresh machine with nothing installed: SQLite under var/, a
local-memory cache, Celery tasks run eagerly, e-mail printed to the console.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once into var/."""
    if key := env_str("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
# Off unless asked for: a bare environment is a production one (`make run` sets DEBUG=1).
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "modeltranslation",  # must precede the admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "auditlog",
    "django_htmx",
    "academy.core",
    "academy.accounts",
    "academy.training",
    "academy.exams",
    "academy.appeals",
    "academy.documents",
    "academy.surveys",
    "academy.library",
    "academy.library.edocs",
    "academy.library.oai",
    "academy.portal",
    "academy.learning",
    "academy.signatures",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "academy.api",
    "academy.secevents",
    "academy.outgoing",
    "academy.notifications",
    "academy.discussions",
    "academy.live",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before sessions and auth: answer saves authorised by the attempt's save token.
    "academy.exams.middleware.AnswerSaveMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "academy.accounts.middleware.AccountAccessMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "academy.urls"
WSGI_APPLICATION = "academy.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "academy.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'academy.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        # A kept connection is checked before each request reuses it: after a database
        # restart it would otherwise fail one request ("terminating connection due to
        # administrator command") instead of reconnecting.
        conn_health_checks=env_int("DB_CONN_MAX_AGE", 0) != 0,
    )
}
# Behind PgBouncer in transaction pooling a server-side cursor (a named cursor held across
# statements) may land on another server connection: Django must not use them.
DB_POOLER = env_str("DB_POOLER")
if DB_POOLER == "pgbouncer":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# A read-only replica for reports and the OPAC (academy/core/db_router.py); off by default.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        conn_health_checks=env_int("DB_CONN_MAX_AGE", 0) != 0,
    )
    if DB_POOLER == "pgbouncer":
        DATABASES["replica"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    # Tests read the replica through the primary's connection (there is no second server).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["academy.core.db_router.ReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer holds the lock (attendance grid, autosave).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "academy.accounts.backends.IINOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:home"

# Failed logins: 5 tries per account and address, then a 15-minute lock-out.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the login form field (IIN or e-mail), not USERNAME_FIELD
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Where the client's address is read (request.META keys, first found wins) for the lock-out
# and the rate limits. Behind nginx: HTTP_X_REAL_IP,REMOTE_ADDR (docs/deploy.md).
CLIENT_IP_HEADERS = tuple(env_list("CLIENT_IP_HEADERS", ["REMOTE_ADDR"]))
AXES_CLIENT_IP_CALLABLE = "academy.core.ratelimit.client_ip"
# One lock-out key per account: "User@Court.kz" and "user@court.kz" are the same login.
AXES_USERNAME_CALLABLE = "academy.accounts.backends.lockout_username"

# Rate limits kept in the cache, as "<attempts>/<seconds>" (academy/core/ratelimit.py).
RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
# Failed logins from one address across all usernames (the per-account limit is axes').
RATELIMIT_LOGIN_IP = env_str("RATELIMIT_LOGIN_IP", "30/900")
# Registration submissions per address, and per IIN or e-mail being registered.
RATELIMIT_REGISTER_IP = env_str("RATELIMIT_REGISTER_IP", "20/3600")
RATELIMIT_REGISTER_TARGET = env_str("RATELIMIT_REGISTER_TARGET", "5/3600")
# Password-reset requests per address, and mails per target e-mail.
RATELIMIT_PASSWORD_RESET_IP = env_str("RATELIMIT_PASSWORD_RESET_IP", "10/3600")
RATELIMIT_PASSWORD_RESET_TARGET = env_str("RATELIMIT_PASSWORD_RESET_TARGET", "3/3600")
# Public certificate verification look-ups per address.
RATELIMIT_CERTIFICATE_VERIFY_IP = env_str("RATELIMIT_CERTIFICATE_VERIFY_IP", "30/600")

OTP_TOTP_ISSUER = "Academy of Justice"
# Two-factor is required for staff roles; tests and demos may switch it off explicitly.
OTP_REQUIRED_FOR_STAFF = env_bool("OTP_REQUIRED_FOR_STAFF", True)

# Internationalisation: Kazakh (state language) first, then Russian and English (IS-21).
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "academy" / "locale"]
FORMAT_MODULE_PATH = ["academy.formats"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "kk"
MODELTRANSLATION_LANGUAGES = ("kk", "ru", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("kk", "ru", "en")
LANGUAGE_COOKIE_NAME = "academy_language"
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG  # serve app static files without collectstatic while developing
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploads and generated documents: the local disk (embedded default), or an S3-compatible
# object store (MinIO, Ceph) shared by every application server: MEDIA_STORAGE=s3.
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    MEDIA_STORAGE_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET", "academy-media"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "region_name": env_str("S3_REGION", "us-east-1"),
            # Private files: every URL is signed and short-lived, handed out only after
            # the view checked the role and the object (academy/core/media.py).
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env_int("S3_URL_EXPIRE_SECONDS", 60),
            "file_overwrite": False,
            "addressing_style": env_str("S3_ADDRESSING_STYLE", "path"),
        },
    }
elif MEDIA_STORAGE == "filesystem":
    MEDIA_STORAGE_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'filesystem' or 's3'")
STORAGES = {
    "default": MEDIA_STORAGE_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
# Eager (in the request) only in the embedded default; CELERY_EAGER=1 keeps a Redis-backed
# cache but runs tasks in-process (tests of a cluster that has no worker).
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
# With Redis down a request must learn it at once (academy/core/broker.py), not after the
# default retries: connect within 2 s, publish once.
BROKER_CONNECT_TIMEOUT = env_int("BROKER_CONNECT_TIMEOUT", 2)
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_CONNECT_TIMEOUT
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": BROKER_CONNECT_TIMEOUT,
    "socket_timeout": BROKER_CONNECT_TIMEOUT + 3,
    "max_retries": 0,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = BROKER_CONNECT_TIMEOUT
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"max_retries": 1}}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TIMEZONE = TIME_ZONE
# Two beat processes (one per machine, for failover) never both send: only the holder of a
# Redis lock sends; the other takes over when the lock expires (academy/core/beat.py).
# Issue 18: with a real queue, a submit closes the attempt and answers at once; a worker
# scores it (results compilation scores whatever is still pending). Eager: scored inline.
EXAM_SCORE_IN_BACKGROUND = env_bool("EXAM_SCORE_IN_BACKGROUND", not CELERY_TASK_ALWAYS_EAGER)
CELERY_BEAT_SCHEDULER = "academy.core.beat:LeaderScheduler"
BEAT_LEADER_LOCK_SECONDS = env_int("BEAT_LEADER_LOCK_SECONDS", 30)
CELERY_BEAT_SCHEDULE = {
    # TR-21: attempts whose time ran out are submitted even if nobody opens them again.
    "submit-expired-exam-attempts": {"task": "exams.submit_expired_attempts", "schedule": 60.0},
    # Retention of personal data and logs (SECURITY_EVENT_/API_CALL_/EXAM_ATTEMPT_RETENTION_DAYS).
    "purge-expired-data": {"task": "secevents.purge_expired_data", "schedule": 24 * 3600.0},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@academy.example.kz")

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # Production path: `manage.py check --deploy` reports nothing with these.
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters in production")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# /healthz tells the public only ok/failing; staff, or a probe sending this token in the
# X-Health-Token header, get the details of each check.
HEALTHZ_TOKEN = env_str("HEALTHZ_TOKEN")

# Absolute address of the site, for links in e-mails (e.g. https://academy.example.kz).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
TRAINING_MATERIAL_MAX_SIZE = env_int("TRAINING_MATERIAL_MAX_SIZE", 50 * 1024 * 1024)
TRAINING_CALENDAR_LINK_MAX_AGE = env_int("TRAINING_CALENDAR_LINK_MAX_AGE", 365 * 24 * 3600)

# IS-20: the Academy's own domains; website texts link only to them and to partners' sites.
PORTAL_OWN_DOMAINS = env_list("PORTAL_OWN_DOMAINS", ["academy.kz"])
PORTAL_IMAGE_MAX_SIZE = env_int("PORTAL_IMAGE_MAX_SIZE", 5 * 1024 * 1024)

# Uploaded files are served only by views that check access. Behind nginx, set this to
# the prefix of an `internal` location aliased to MEDIA_ROOT (docs/deploy.md), e.g.
# "/protected-media/": the view then answers with X-Accel-Redirect and nginx sends the file.
MEDIA_ACCEL_REDIRECT = env_str("MEDIA_ACCEL_REDIRECT")

# Every import of a table (CSV, XLSX) or question file: at most this many bytes and rows.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 5000)

# TR-31: a final survey's results are shown only once at least this many listeners answered.
SURVEY_MIN_RESPONSES = env_int("SURVEY_MIN_RESPONSES", 5)

# TR-18: unexcused absences after which an expulsion proposal goes to the vice-rector.
TRAINING_UNEXCUSED_ABSENCE_THRESHOLD = env_int("TRAINING_UNEXCUSED_ABSENCE_THRESHOLD", 2)

# Electronic digital signatures (IS-4.8), see academy/signatures/README.md.
# Trust anchors: files or folders of root certificates (НУЦ РК roots), comma-separated.
SIGNATURES_TRUST_ANCHORS = env_list(
    "SIGNATURES_TRUST_ANCHORS", [str(BASE_DIR / "academy" / "signatures" / "trust")]
)
# The demo's test PKI (manage.py make_test_pki): its root is trusted only when this is on.
SIGNATURES_TEST_PKI_DIR = Path(env_str("SIGNATURES_TEST_PKI_DIR", str(VAR_DIR / "test-pki")))
SIGNATURES_ACCEPT_TEST_PKI = env_bool("SIGNATURES_ACCEPT_TEST_PKI", DEBUG)
SIGNATURES_REVOCATION_TIMEOUT = env_int("SIGNATURES_REVOCATION_TIMEOUT", 5)
# Dotted path of a callable verifying GOST 34.310 signatures (e.g. through NCANode); empty: none.
SIGNATURES_GOST_VERIFIER = env_str("SIGNATURES_GOST_VERIFIER", "")
# The Academy's BIN, checked in the OU of signatures on its behalf (seal, org signatures).
SIGNATURES_ACADEMY_BIN = env_str("SIGNATURES_ACADEMY_BIN", "000140000123")
# The Academy's seal (PAdES): PKCS#12 file and password; empty path: the test PKI's org key
# when SIGNATURES_ACCEPT_TEST_PKI is on, otherwise documents are issued unsealed.
SIGNATURE_SEAL_PKCS12 = env_str("SIGNATURE_SEAL_PKCS12", "")
SIGNATURE_SEAL_PASSWORD = env_str("SIGNATURE_SEAL_PASSWORD", "")
# A time-stamping authority (RFC 3161) for the seal: with it the seal is PAdES B-LT.
SIGNATURE_TSA_URL = env_str("SIGNATURE_TSA_URL", "")
# NCALayer's websocket; the browser tests point it at their own loopback server.
SIGNATURES_NCALAYER_URL = env_str("SIGNATURES_NCALAYER_URL", "wss://127.0.0.1:13579")
# The integration API (academy/api/README.md).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "academy.api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["academy.api.permissions.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["academy.api.throttling.ApiKeyRateThrottle"],
    # Browser sessions; a key's own rate replaces it (ApiKey.rate_per_minute).
    "DEFAULT_THROTTLE_RATES": {"api": env_str("API_SESSION_RATE", "300/min")},
    "DEFAULT_PAGINATION_CLASS": "academy.api.pagination.ApiPagination",
    "PAGE_SIZE": env_int("API_PAGE_SIZE", 100),
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "academy.api.exceptions.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Academy of Justice API",
    "DESCRIPTION": "Training, results, certificates and appeal decisions for external systems.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "CourseStatusEnum": "academy.training.models.Course.Status",
        "GroupStatusEnum": "academy.training.models.Group.Status",
        "EnrolmentStatusEnum": "academy.training.models.Enrolment.Status",
        "OutgoingStatusEnum": "academy.outgoing.models.OutgoingDocument.Status",
        "DeliveryStatusEnum": ["sent", "delivered", "failed"],
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "academy.api.schema.add_problem_responses",
    ],
}

# 003 ¶10(2): security events also go as CEF over syslog (RFC 5424) to the state monitoring
# service's collector, e.g. "udp://10.0.0.5:514" or "tcp://siem.example.kz:6514"; off if empty.
SECURITY_SYSLOG_URL = env_str("SECURITY_SYSLOG_URL")
# How long security events and the API's call audit are kept (`manage.py purge_security_logs`).
SECURITY_EVENT_RETENTION_DAYS = env_int("SECURITY_EVENT_RETENTION_DAYS", 3 * 365)
API_CALL_RETENTION_DAYS = env_int("API_CALL_RETENTION_DAYS", 365)
# What a listener typed in an exam and the attempt's browser events, after submission;
# the points and the result stay (`manage.py purge_security_logs` clears them).
EXAM_ATTEMPT_RETENTION_DAYS = env_int("EXAM_ATTEMPT_RETENTION_DAYS", 5 * 365)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "academy.security": {"level": "INFO"}},
}

# --- sign ---
# When the time-stamping authority (SIGNATURE_TSA_URL) does not answer: seal without a
# timestamp (PAdES B-B, said on the record and the public pages) or refuse to seal.
SIGNATURE_TSA_FALLBACK_BB = env_bool("SIGNATURE_TSA_FALLBACK_BB", True)
# The public signature check (uploads of PDFs and .cms): checks per address and window.
RATELIMIT_SIGNATURE_VERIFY_IP = env_str("RATELIMIT_SIGNATURE_VERIFY_IP", "20/600")
# The librarian signs the act of the acquisition register of a period (IS-12, IS-4.8).
SIGNATURES_LIBRARY_ACT = env_bool("SIGNATURES_LIBRARY_ACT", False)

# --- learntalk ---
# Live sessions (docs/live-sessions.md): a session's video room, "{room}" replaced by its
# random room code; point it at the Academy's own Jitsi or BigBlueButton (Greenlight) rooms.
VIDEO_ROOM_URL_TEMPLATE = env_str("VIDEO_ROOM_URL_TEMPLATE", "https://meet.jit.si/academy-{room}")
# The room opens this many minutes before the start; reminders go this many minutes before.
LIVE_JOIN_EARLY_MINUTES = env_int("LIVE_JOIN_EARLY_MINUTES", 15)
LIVE_REMINDER_MINUTES = env_int("LIVE_REMINDER_MINUTES", 60)
# Largest attachment of a discussion message, in bytes.
DISCUSSIONS_ATTACHMENT_MAX_SIZE = env_int("DISCUSSIONS_ATTACHMENT_MAX_SIZE", 10 * 1024 * 1024)
CELERY_BEAT_SCHEDULE["remind-live-sessions"] = {"task": "live.send_reminders", "schedule": 300.0}

# --- libdocs ---
# Electronic documents of the e-library (academy/library/edocs): the largest file accepted
# and how many characters of a document's text the full-text index reads.
LIBRARY_EDOCS_MAX_SIZE = env_int("LIBRARY_EDOCS_MAX_SIZE", 100 * 1024 * 1024)
LIBRARY_EDOCS_INDEX_CHARS = env_int("LIBRARY_EDOCS_INDEX_CHARS", 300_000)
# OAI-PMH data provider (academy/library/oai): records per page of a list, the repository's
# name and the administrator's e-mail given by Identify.
LIBRARY_OAI_PAGE_SIZE = env_int("LIBRARY_OAI_PAGE_SIZE", 100)
LIBRARY_OAI_REPOSITORY_NAME = env_str(
    "LIBRARY_OAI_REPOSITORY_NAME", "Academy of Justice – e-library"
)
LIBRARY_OAI_ADMIN_EMAIL = env_str("LIBRARY_OAI_ADMIN_EMAIL", "library@academy.kz")
# The namespace of OAI identifiers: oai:<this>:<record number>.
LIBRARY_OAI_IDENTIFIER_DOMAIN = env_str("LIBRARY_OAI_IDENTIFIER_DOMAIN", "academy.kz")

# --- learnquiz ---
# Distance learning (issue 14): a listener is "lagging" once an activity is this many days
# past its date in the course timetable and still not complete (/learning/lagging/).
LEARNING_LAG_GRACE_DAYS = env_int("LEARNING_LAG_GRACE_DAYS", 2)
# Largest SCORM 1.2 package (zip) an author may upload, in bytes (default 100 MB).
LEARNING_SCORM_MAX_SIZE = env_int("LEARNING_SCORM_MAX_SIZE", 100 * 1024 * 1024)

# --- liblend ---
from celery.schedules import crontab  # noqa: E402

# IS-12 lending (issue 17): a reader card is valid this many days from issue or renewal;
# overdue notices are e-mailed each morning, again every N days while the copy is out.
LIBRARY_CARD_VALID_DAYS = env_int("LIBRARY_CARD_VALID_DAYS", 365)
LIBRARY_OVERDUE_NOTICE_EVERY_DAYS = env_int("LIBRARY_OVERDUE_NOTICE_EVERY_DAYS", 7)
CELERY_BEAT_SCHEDULE["library-overdue-notices"] = {
    "task": "library.send_overdue_notices",
    "schedule": crontab(hour=9, minute=0),
}
# Distance learning (issue 14): each morning the listeners hear of the modules released
# today and the assignments due tomorrow (academy/learning/notifications.py).
CELERY_BEAT_SCHEDULE["learning-daily-notices"] = {
    "task": "learning.send_daily_notices",
    "schedule": crontab(hour=8, minute=0),
}

# --- wagtail ---
# The public website on Wagtail (academy/website/README.md): pages per language under
# /kk/site/, /ru/site/, /en/site/, editors' admin at /cms/ behind our login and 2FA.
INSTALLED_APPS += [
    "django.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "academy.website",
]
WAGTAIL_SITE_NAME = "Academy of Justice"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Our login (IIN or e-mail, django-axes, TOTP for staff) is the only one; users and their
# passwords are managed by academy.accounts, not in Wagtail's admin.
WAGTAILADMIN_LOGIN_URL = "accounts:login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# Site search: PostgreSQL full-text on PostgreSQL, SQLite FTS (or LIKE) on SQLite.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Documents and images are handed over by views (nothing under MEDIA_ROOT is served directly).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "xlsx", "odt", "rtf", "txt"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = PORTAL_IMAGE_MAX_SIZE
LOGGING["loggers"]["wagtail"] = {"level": "WARNING"}
# IS-17: the weekly reminder of static pages not checked this quarter, to their units.
CELERY_BEAT_SCHEDULE["website-stale-pages"] = {
    "task": "website.remind_stale_pages",
    "schedule": crontab(hour=9, minute=0, day_of_week=1),
}
SPECTACULAR_SETTINGS["PREPROCESSING_HOOKS"] = ["academy.website.schema.only_integration_api"]

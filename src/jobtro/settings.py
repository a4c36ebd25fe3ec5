"""One settings module, driven by environment variables (documented in .env.example).

Every variable is read through a strict helper: a value that is not understood stops
the start with a clear message rather than being silently taken as something else.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from jobtro import keys

BASE_DIR = Path(__file__).resolve().parent


def _shown(raw: str) -> str:
    # A message quotes a short prefix only: an environment value can be anything.
    return repr(raw if len(raw) <= 40 else raw[:40] + "…")


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} skal være true eller false, fik {_shown(raw)}")


def env_int(name: str, *, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} skal være et heltal, fik {_shown(raw)}") from exc
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} skal være mindst {minimum}, fik {value}")
    return value


def env_list(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_choice(name: str, *, default: str, choices: list[str]) -> str:
    """One of choices (any case), as written in choices."""
    raw = env_str(name).strip()
    if not raw:
        return default
    for choice in choices:
        if raw.lower() == choice.lower():
            return choice
    raise ImproperlyConfigured(
        f"{name} skal være {', '.join(choices[:-1])} eller {choices[-1]}, fik {_shown(raw)}"
    )


PRODUCTION = env_bool("JOBTRO_PRODUCTION", default=False)
DEBUG = env_bool("JOBTRO_DEBUG", default=False)
if PRODUCTION and DEBUG:
    # Django's debug pages show settings and data to whoever triggers an error.
    raise ImproperlyConfigured("JOBTRO_DEBUG=true må ikke bruges i produktion")
DATA_DIR = Path(env_str("JOBTRO_DATA_DIR", "var")).resolve()

# --- Keys -----------------------------------------------------------------------
# Production takes both keys from the environment. Elsewhere a key not set there is
# the installation's own, drawn on first start and kept in the data directory
# (jobtro.keys): no key is ever shipped in the source. The CPR hash key is separate
# from SECRET_KEY: rotating session keys must never break the matching of register
# imports against stored citizens.
_env_keys = {name: env_str(name).strip() for name in keys.NAMES}
if PRODUCTION:
    if not _env_keys["JOBTRO_SECRET_KEY"]:
        raise ImproperlyConfigured("JOBTRO_SECRET_KEY skal sættes i produktion")
    if not _env_keys["JOBTRO_CPR_HASH_KEY"]:
        raise ImproperlyConfigured(
            "JOBTRO_CPR_HASH_KEY skal sættes i produktion (tidligere brugtes JOBTRO_SECRET_KEY, "
            "når den manglede: sæt den da til samme værdi, så gemte CPR-numre stadig passer)"
        )
# None when both keys come from the environment (the backup then carries neither).
JOBTRO_KEYS_FILE: Path | None = None
_file_keys: dict[str, str] = {}
if not all(_env_keys.values()):
    JOBTRO_KEYS_FILE = DATA_DIR / keys.FILE_NAME
    try:
        _file_keys = keys.load_or_create(JOBTRO_KEYS_FILE)
    except keys.KeysFileError as exc:
        raise ImproperlyConfigured(str(exc)) from exc
# Where each key came from: "environment" or "file" (core.backup reads it).
JOBTRO_KEY_SOURCES = {name: "environment" if _env_keys[name] else "file" for name in keys.NAMES}
SECRET_KEY = _env_keys["JOBTRO_SECRET_KEY"] or _file_keys["JOBTRO_SECRET_KEY"]
CPR_HASH_KEY = _env_keys["JOBTRO_CPR_HASH_KEY"] or _file_keys["JOBTRO_CPR_HASH_KEY"]

ALLOWED_HOSTS = env_list("JOBTRO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("JOBTRO_CSRF_TRUSTED_ORIGINS", default=[])
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            "JOBTRO_CSRF_TRUSTED_ORIGINS skal være adresser med http:// eller https://, "
            f"fik {_shown(_origin)}"
        )
# Only these proxies may tell us the client's address (X-Real-IP) for the audit log.
TRUSTED_PROXIES = set(env_list("JOBTRO_TRUSTED_PROXIES", default=[]))
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_address(_proxy)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"JOBTRO_TRUSTED_PROXIES skal være IP-adresser, fik {_shown(_proxy)}"
        ) from exc

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "jobtro.core",
    "jobtro.organisations",
    "jobtro.citizens",
    "jobtro.belief",
    "jobtro.research",
    "jobtro.practice",
    "jobtro.referrals",
    "jobtro.language_use",
    "jobtro.sparring",
    "jobtro.experiments",
    "jobtro.stories",
    "jobtro.meetings",
    "jobtro.companies",
    "jobtro.strengths",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jobtro.core.middleware.DanishFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "jobtro.core.middleware.RequestContextMiddleware",
    # Axes last: it must see the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jobtro.urls"
# A refused CSRF check gets Jobtro's own page (the other error pages: urls.py).
CSRF_FAILURE_VIEW = "jobtro.core.error_views.csrf_failure"
WSGI_APPLICATION = "jobtro.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jobtro.core.context_processors.jobtro",
            ],
        },
    }
]

# --- Database ----------------------------------------------------------------
# docs/contracts.md: --data-dir (the CLI sets JOBTRO_DATA_DIR and clears DATABASE_URL),
# else DATABASE_URL, else JOBTRO_DATA_DIR, else ./var.
_database_url = env_str("DATABASE_URL").strip()
if _database_url:
    # The URL may hold a password: messages name its scheme only.
    _scheme = _database_url.partition("://")[0] if "://" in _database_url else ""
    _unreadable = (
        "DATABASE_URL kan ikke læses; den skal have formen "
        "postgres://bruger:adgangskode@vært:5432/database (tegn som @ og / i "
        "adgangskoden skrives %40 og %2F)"
    )
    try:
        _parsed = dj_database_url.parse(_database_url, conn_max_age=60)
    except dj_database_url.UnknownSchemeError as exc:
        if not _scheme:
            raise ImproperlyConfigured(_unreadable) from exc
        raise ImproperlyConfigured(
            f"DATABASE_URL: Jobtro bruger PostgreSQL (postgres://…) eller SQLite "
            f"(sqlite:///…), ikke {_shown(_scheme)}"
        ) from exc
    except ValueError as exc:
        raise ImproperlyConfigured(_unreadable) from exc
    if _parsed["ENGINE"] not in {
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    }:
        raise ImproperlyConfigured(
            f"DATABASE_URL: Jobtro bruger PostgreSQL (postgres://…) eller SQLite "
            f"(sqlite:///…), ikke {_shown(_scheme)}"
        )
    if not _parsed["NAME"]:
        raise ImproperlyConfigured("DATABASE_URL mangler databasens navn (…/database til sidst)")
    DATABASES = {"default": _parsed}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("OPTIONS", {})
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "jobtro.sqlite3",
            # Keep each thread's connection: opening one costs the PRAGMAs below.
            "CONN_MAX_AGE": 600,
            # WAL and a busy timeout let several server workers share the file.
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = env_int("JOBTRO_LOGIN_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = env_int("JOBTRO_LOGIN_COOLOFF_MINUTES", default=15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("JOBTRO_AXES_ENABLED", default=True)

# --- Sessions and security headers ----------------------------------------------
SECURE = env_bool("JOBTRO_HTTPS", default=PRODUCTION)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("JOBTRO_SESSION_MINUTES", default=8 * 60, minimum=1) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = SECURE and env_bool("JOBTRO_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

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
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Uploads ------------------------------------------------------------------
# The limits of every import kind, on the command line and on the web, checked before a
# row is read (citizens.imports.limits; docs/imports.md). A file past one is refused whole.
IMPORT_MAX_BYTES = env_int("JOBTRO_IMPORT_MAX_MB", default=50, minimum=1) * 1024 * 1024
IMPORT_MAX_UNPACKED_BYTES = (
    env_int("JOBTRO_IMPORT_MAX_UNPACKED_MB", default=100, minimum=1) * 1024 * 1024
)
IMPORT_MAX_RATIO = env_int("JOBTRO_IMPORT_MAX_RATIO", default=100, minimum=1)
IMPORT_MAX_ROWS = env_int("JOBTRO_IMPORT_MAX_ROWS", default=200_000, minimum=1)
IMPORT_MAX_COLUMNS = env_int("JOBTRO_IMPORT_MAX_COLUMNS", default=100, minimum=1)
IMPORT_MAX_CELL_CHARS = env_int("JOBTRO_IMPORT_MAX_CELL_CHARS", default=10_000, minimum=1)
IMPORT_MAX_HEADER_CHARS = env_int("JOBTRO_IMPORT_MAX_HEADER_CHARS", default=100, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "jobtro.core.uploads.MaxSizeUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Language and time ----------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# --- Static files ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("JOBTRO_MANIFEST_STATIC", default=PRODUCTION)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = DATA_DIR / "media"

# --- Domain ----------------------------------------------------------------------
# Page size for lists and the API.
PAGE_SIZE = env_int("JOBTRO_PAGE_SIZE", default=25, minimum=1)
# docs/contracts.md: a cell with fewer than 5 staff or 10 citizens is suppressed.
SUPPRESS_MIN_STAFF = env_int("JOBTRO_SUPPRESS_MIN_STAFF", default=5, minimum=1)
SUPPRESS_MIN_CITIZENS = env_int("JOBTRO_SUPPRESS_MIN_CITIZENS", default=10, minimum=1)
DEMO = env_bool("JOBTRO_DEMO", default=False)
# The caseworker's general-belief survey comes round every this many days.
GENERAL_BELIEF_INTERVAL_DAYS = env_int(
    "JOBTRO_GENERAL_BELIEF_INTERVAL_DAYS", default=182, minimum=1
)
# "process": analyses run in a separate process started by the web app; "inline": in
# the request (tests, and single-process setups that prefer it).
ANALYSIS_RUNNER = env_choice(
    "JOBTRO_ANALYSIS_RUNNER", default="process", choices=["process", "inline"]
)

LOG_LEVEL = env_choice(
    "JOBTRO_LOG_LEVEL",
    default="WARNING",
    choices=["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"],
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}

# === Single sign-on and two-factor (jobtro.sso; docs/sso.md) =========================
# Kept in one block: SAML (OIOSAML 3, Fælleskommunal Adgangsstyring), OpenID Connect
# (Entra ID, AD FS), the mapping of login rights to Jobtro roles, local login and TOTP.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "jobtro.sso"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
    "jobtro.sso.middleware.SsoMiddleware",
)
AUTHENTICATION_BACKENDS += ["jobtro.sso.backends.SsoBackend"]
TEMPLATES[0]["OPTIONS"]["context_processors"].append("jobtro.sso.context_processors.sso")
# The address users reach Jobtro at (no trailing slash), e.g. https://jobtro.kommune.dk:
# the SAML entity id, the ACS and logout addresses and the OIDC callback are made from it.
SSO_BASE_URL = env_str("JOBTRO_SSO_BASE_URL", "").rstrip("/")
SSO_MAPPING_FILE = env_str("JOBTRO_SSO_MAPPING_FILE", "")
# An SSO login lasts at most this long (and never beyond the IdP's SessionNotOnOrAfter);
# then the user logs in again and their rights are read anew.
SSO_SESSION_MINUTES = env_int("JOBTRO_SSO_SESSION_MINUTES", default=8 * 60)
SSO_SAML_ENABLED = env_bool("JOBTRO_SSO_SAML", default=False)
SSO_SAML_ENTITY_ID = env_str("JOBTRO_SSO_SAML_ENTITY_ID", "")
SSO_SAML_IDP_METADATA = env_str("JOBTRO_SSO_SAML_IDP_METADATA", "")
SSO_SAML_KEY_FILE = env_str("JOBTRO_SSO_SAML_KEY_FILE", "")
SSO_SAML_CERT_FILE = env_str("JOBTRO_SSO_SAML_CERT_FILE", "")
SSO_SAML_ENCRYPTION_KEY_FILE = env_str("JOBTRO_SSO_SAML_ENCRYPTION_KEY_FILE", "")
SSO_SAML_ENCRYPTION_CERT_FILE = env_str("JOBTRO_SSO_SAML_ENCRYPTION_CERT_FILE", "")
SSO_SAML_REQUIRE_ENCRYPTION = env_bool("JOBTRO_SSO_SAML_REQUIRE_ENCRYPTION", default=False)
SSO_SAML_CLOCK_SKEW_SECONDS = env_int("JOBTRO_SSO_SAML_CLOCK_SKEW_SECONDS", default=180)
SSO_SAML_MAX_RESPONSE_BYTES = env_int("JOBTRO_SSO_SAML_MAX_RESPONSE_KB", default=256) * 1024
# NSIS assurance level a SAML login must have at least (none: not checked).
SSO_SAML_MIN_LOA = env_choice(
    "JOBTRO_SSO_SAML_MIN_LOA", default="Substantial", choices=["Low", "Substantial", "High", "none"]
).replace("none", "")
SSO_SAML_XMLSEC_BINARY = env_str("JOBTRO_SSO_XMLSEC1", "/usr/bin/xmlsec1")
SSO_SAML_BUTTON = env_str("JOBTRO_SSO_SAML_BUTTON", "Log ind med kommunens login")
SSO_OIDC_ENABLED = env_bool("JOBTRO_SSO_OIDC", default=False)
SSO_OIDC_ISSUER = env_str("JOBTRO_SSO_OIDC_ISSUER", "").rstrip("/")
SSO_OIDC_CLIENT_ID = env_str("JOBTRO_SSO_OIDC_CLIENT_ID", "")
SSO_OIDC_CLIENT_SECRET = env_str("JOBTRO_SSO_OIDC_CLIENT_SECRET", "")
SSO_OIDC_SCOPES = env_str("JOBTRO_SSO_OIDC_SCOPES", "openid profile email")
SSO_OIDC_BUTTON = env_str("JOBTRO_SSO_OIDC_BUTTON", "Log ind med Microsoft")
# Local user names and passwords (demo, small installations). Off: SSO is the only way in.
LOCAL_LOGIN_ENABLED = env_bool("JOBTRO_LOCAL_LOGIN", default=True)
# Administrators who log in with a password must give a TOTP code (django-otp).
ADMIN_TOTP_REQUIRED = env_bool("JOBTRO_ADMIN_TOTP", default=not DEMO)
OTP_TOTP_ISSUER = "Jobtro"
if not LOCAL_LOGIN_ENABLED:
    LOGIN_URL = "sso:choose"
# pysaml2 logs whole SAML documents (names, e-mail, privileges) when it refuses one;
# the refusal is in the audit log with a short reason instead (sso.assertion.refused).
LOGGING.setdefault("loggers", {})["saml2"] = {"level": "CRITICAL", "propagate": False}
# === end of single sign-on ============================================================

"""samenplan settings: one module, everything that differs between machines comes from the environment.

See docs/configuration.md for every variable and its default. Production differs from the demo by
environment only: set DEBUG=0, a SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

from pathlib import Path

import dj_database_url

from samenplan.conf.env import env

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = SRC_DIR.parent.parent  # the checkout: holds var/ and node_modules/

DEMO_SECRET_KEY = "samenplan-demo-secret-not-for-production"  # noqa: S105 (a known value, refused in production)

DEBUG = env("DEBUG", False, "Show Django's debug pages. Never on in production. `samenplan demo` sets it to 1.")
SECRET_KEY = env(
    "SECRET_KEY",
    DEMO_SECRET_KEY,
    "Signs sessions and tokens. The default is the public demo key: production refuses to start with it.",
)
ALLOWED_HOSTS = env("ALLOWED_HOSTS", ["127.0.0.1", "localhost"], "Comma-separated host names served.")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS", [], "Comma-separated origins (https://host) for forms.")
VAR_DIR = Path(env("SAMENPLAN_VAR_DIR", str(BASE_DIR / "var"), "Where the default SQLite database lives."))
DATABASES = {
    "default": dj_database_url.parse(
        env(
            "DATABASE_URL",
            f"sqlite:///{VAR_DIR / 'samenplan.sqlite3'}",
            "Database, e.g. postgres://user:pass@host:5432/samenplan. Default: SQLite in var/.",
        ),
        conn_max_age=env("DATABASE_CONN_MAX_AGE", 60, "Seconds a database connection is kept open."),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

INSTALLED_APPS = [
    "samenplan.accounts",
    "samenplan.audit",
    "samenplan.cases",
    "samenplan.intake",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "rules",
    "allauth",
    "allauth.account",
    "django_htmx",
    "rest_framework",
    "knox",
    "drf_spectacular",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "samenplan.audit.middleware.AuditContextMiddleware",
    "samenplan.middleware.PrivateNoStoreMiddleware",
]

ROOT_URLCONF = "samenplan.urls"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "samenplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samenplan.context_processors.navigation",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "cases:caseload"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_ADAPTER = "samenplan.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
SESSION_COOKIE_AGE = env("SESSION_COOKIE_AGE", 8 * 60 * 60, "Seconds a login lasts (default: one working day).")
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles"), "Where collectstatic gathers files."))
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    SRC_DIR / "static",
    ("utrecht", NODE_MODULES / "@utrecht" / "component-library-css" / "dist"),
    ("theme", NODE_MODULES / "@nl-design-system-unstable" / "voorbeeld-design-tokens" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "samenplan.api.pagination.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "samenplan.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
}
REST_KNOX = {"TOKEN_TTL": None, "AUTO_REFRESH": False}
SPECTACULAR_SETTINGS = {
    "TITLE": "samenplan API",
    "DESCRIPTION": "Families, cases and the dossier timeline. Every call is checked per object and logged.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

EMAIL_HOST = env("EMAIL_HOST", "", "SMTP server for password-reset mail. Empty: mail is written to the log.")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env("EMAIL_PORT", 587, "SMTP port.")
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "", "SMTP user name.")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "", "SMTP password.")
EMAIL_USE_TLS = env("EMAIL_USE_TLS", True, "Use STARTTLS to the SMTP server.")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "samenplan <noreply@localhost>", "Sender of samenplan's mail.")

# Security: safe by default, relaxed only by DEBUG (which production never sets).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env("SECURE_COOKIES", not DEBUG, "Send cookies over HTTPS only.")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT", not DEBUG, "Redirect http:// to https://.")
SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, "HSTS max-age in seconds.")
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env("BEHIND_TLS_PROXY", False, "Trust X-Forwarded-Proto from the reverse proxy.")
    else None
)
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload is a municipality's own decision

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING", "Python log level.")},
}

# samenplan's own settings
SAMENPLAN_DEMO_SECRET_KEY = DEMO_SECRET_KEY

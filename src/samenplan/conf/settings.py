"""samenplan settings: one module, everything that differs between machines comes from the environment.

See docs/configuration.md for every variable and its default. Production differs from the demo by
environment only: set DEBUG=0, a SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.conf.locale import LANG_INFO

from samenplan.conf.env import env, networks, positive_int

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
# A read replica of PostgreSQL (streaming replication): read-only pages read client data from it, everything else
# from the primary (samenplan/dbrouter.py, docs/scaling.md). Tests point it at the test database (MIRROR).
DATABASE_REPLICA_URL = env(
    "DATABASE_REPLICA_URL",
    "",
    "A read replica of DATABASE_URL, e.g. postgres://user:pass@replica:5432/samenplan. Empty: no replica.",
)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_REPLICA_AFTER_WRITE = env(
    "DATABASE_REPLICA_AFTER_WRITE",
    5,
    "Seconds after a browser's last change (POST and the like) during which its pages read the primary, not the "
    "replica, so they show the change. Set it above the replica's usual lag.",
    cast=positive_int,
)
DATABASE_ROUTERS = ["samenplan.dbrouter.ReplicaRouter"]

INSTALLED_APPS = [
    "samenplan.accounts",
    "samenplan.audit",
    "samenplan.cases",
    "samenplan.maintenance",
    "samenplan.consent",
    "samenplan.intake",
    "samenplan.analysis",
    "samenplan.privacy",
    "samenplan.emergency",
    "samenplan.instruments",
    "samenplan.goals",
    "samenplan.network",
    "samenplan.catalogue",
    "samenplan.decisions",
    "samenplan.evaluations",
    "samenplan.plans",
    "samenplan.administration",
    "samenplan.tables",
    "samenplan.handover",
    "samenplan.portal",
    "samenplan.caseload",
    "samenplan.feedback",
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
    "samenplan.api.middleware.JsonErrorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "samenplan.portal.languages.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "samenplan.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "samenplan.audit.middleware.AuditContextMiddleware",
    "samenplan.middleware.PrivateNoStoreMiddleware",
    "samenplan.middleware.DeviceCookieMiddleware",
    "samenplan.middleware.StyledNotFoundMiddleware",
    "samenplan.portal.middleware.FamilyPortalBoundaryMiddleware",
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
                "samenplan.portal.languages.languages",
                "csp.context_processors.nonce",
            ],
            # {% layout %}: the parts of templates/base.html rendered once per process and key (samenplan/layout.py)
            "libraries": {"layout": "samenplan.layout"},
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Django's and allauth's backends, loading the logged-in user's roles with the user (one query a page less)
    "samenplan.accounts.backends.ModelBackend",
    "samenplan.accounts.backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "cases:caseload"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_ADAPTER = "samenplan.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
# Failed passwords are throttled by samenplan.accounts.throttle (per client address, and a growing delay per
# account): the adapter replaces allauth's per-account lock-out, which would let anyone lock a named user out.
# allauth's "login_failed" limit still guards the second-factor code (per user, only after a right password).
# allauth's "login" limit counts every log-in, right or wrong, per client address: everyone behind one proxy or NAT
# of a municipality shares it, so it is a brake on floods only (allauth's default, 30 a minute, refused 40 of 100
# professionals logging in from one address within a minute). Guessing is stopped by the failure limits above.
LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE = env(
    "LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE",
    300,
    "Log-ins (right or wrong) allowed from one client address per minute; everyone behind one proxy or NAT shares "
    "it. A brake on floods: wrong passwords are limited by LOGIN_FAILURES_PER_ADDRESS and per user name.",
    cast=positive_int,
)
ACCOUNT_RATE_LIMITS = {
    "login": f"{LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE}/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
}

# Sessions: a new session key at every log-in (django.contrib.auth), ended after a period without activity and
# after an absolute lifetime (samenplan.middleware.SessionTimeoutMiddleware), and all of a user's sessions end
# when the password changes, the account is disabled, or a team lead or administrator ends them.
SESSION_IDLE_TIMEOUT = env(
    "SESSION_IDLE_TIMEOUT",
    30 * 60,
    "Seconds without activity after which a login ends (default 30 minutes).",
    cast=positive_int,
)
SESSION_ABSOLUTE_TIMEOUT = env(
    "SESSION_ABSOLUTE_TIMEOUT",
    12 * 60 * 60,
    "Seconds after which a login ends, active or not (default 12 hours).",
    cast=positive_int,
)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT  # the server forgets a session by then at the latest
# Inviting a professional (administration/): how long the one-time link to set a password works.
INVITATION_VALID_HOURS = env(
    "INVITATION_VALID_HOURS",
    72,
    "Hours an invitation link (to set a password for a new account) works; after that the administrator invites again.",
    cast=positive_int,
)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# The shared store for login throttling (and allauth's other rate limits): every worker process sees the same
# counts. Redis when REDIS_URL is set; otherwise a table in the database (`samenplan migrate` creates it).
REDIS_URL = env(
    "REDIS_URL",
    "",
    "Redis for shared counters (login throttling), e.g. redis://127.0.0.1:6379/0. Empty: a table in the database.",
)
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "samenplan"}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "samenplan_cache"}
    ),
    # Fragments of pages rendered once per worker process and key ({% cache … using="fragments" %}: the team
    # overview's headings; the layout keeps its own parts, samenplan/layout.py).
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "samenplan-fragments",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
TRUSTED_PROXIES = env(
    "TRUSTED_PROXIES",
    [],
    "Comma-separated addresses or networks (CIDR) of your reverse proxies. Only from these is "
    "X-Forwarded-For believed, read right to left. Empty: the connecting address is the client.",
    cast=networks,
)
LOGIN_FAILURES_PER_ADDRESS = env(
    "LOGIN_FAILURES_PER_ADDRESS",
    20,
    "Failed log-ins allowed from one client address per LOGIN_FAILURE_WINDOW.",
    cast=positive_int,
)
LOGIN_FAILURE_WINDOW = env(
    "LOGIN_FAILURE_WINDOW", 15 * 60, "Seconds over which failed log-ins are counted.", cast=positive_int
)
LOGIN_FREE_FAILURES_PER_ACCOUNT = env(
    "LOGIN_FREE_FAILURES_PER_ACCOUNT",
    5,
    "Failed log-ins for one user name before each next try waits (1, 2, 4 … seconds, at most 15 minutes).",
    cast=positive_int,
)
LOGIN_MAX_DELAY = 15 * 60

LANGUAGE_CODE = "nl"
# Every language of the family portal (issue 12). The professional's workbench speaks only WORKBENCH_LANGUAGES;
# the other portal languages have catalogues of the family-facing texts only (portal/family_facing.py,
# `samenplan familymessages`). Adding a language: docs/translating.md.
LANGUAGES = [
    ("nl", "Nederlands"),
    ("en", "English"),
    ("ar", "العربية"),
    ("tr", "Türkçe"),
    ("pl", "Polski"),
    ("uk", "Українська"),
    ("ti", "ትግርኛ"),
]
WORKBENCH_LANGUAGES = ["nl", "en"]
FAMILY_ONLY_LANGUAGES = [code for code, _name in LANGUAGES if code not in WORKBENCH_LANGUAGES]
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Django knows no Tigrinya: its name, its own name and its direction (Ethiopic script, left to right).
LANG_INFO.setdefault("ti", {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"})
LOCALE_PATHS = [SRC_DIR / "locale"]
FORMAT_MODULE_PATH = ["samenplan.conf.formats"]  # one date format everywhere: d-m-Y
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# Who consents to sharing a child's data (DOMAIN §6). Legal details the guideline leaves open: these are the
# commonly cited Dutch defaults, to be verified by each organisation (see consent/rules.py). Each organisation's
# administrator sets its own ages (administration.OrganisationSettings); these are the defaults until they do.
CONSENT_YOUTH_WITH_PARENTS_FROM_AGE = env(
    "CONSENT_YOUTH_WITH_PARENTS_FROM_AGE",
    12,
    "From this age a youth consents to sharing its data too, together with the parents who have custody.",
)
CONSENT_YOUTH_ALONE_FROM_AGE = env(
    "CONSENT_YOUTH_ALONE_FROM_AGE",
    16,
    "From this age a youth consents alone; the parents' consent is then no longer asked.",
)
if not 0 <= CONSENT_YOUTH_WITH_PARENTS_FROM_AGE <= CONSENT_YOUTH_ALONE_FROM_AGE:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "CONSENT_YOUTH_ALONE_FROM_AGE must be at least CONSENT_YOUTH_WITH_PARENTS_FROM_AGE (and both 0 or more)."
    )

# The family portal (portal/rules.py): who may have an own account, and what parents see of a youth's own part.
PORTAL_OWN_ACCOUNT_FROM_AGE = env(
    "PORTAL_OWN_ACCOUNT_FROM_AGE", 12, "From this age a youth may be invited to an own portal account."
)
PORTAL_OWN_PART_PRIVATE_FROM_AGE = env(
    "PORTAL_OWN_PART_PRIVATE_FROM_AGE",
    16,
    "From this age a youth's own part (goals, answers, consents) is hidden from the parents unless the youth agrees.",
)
PORTAL_PARENTS_WITHOUT_CUSTODY_SEE_PLAN = env(
    "PORTAL_PARENTS_WITHOUT_CUSTODY_SEE_PLAN",
    False,
    "Parents without custody see the shared plan without the caseworker allowing it case by case.",
)
PORTAL_INVITATION_DAYS = env(
    "PORTAL_INVITATION_DAYS", 7, "Days an invitation link to the family portal stays valid (it works once)."
)
if not 0 <= PORTAL_OWN_ACCOUNT_FROM_AGE <= PORTAL_OWN_PART_PRIVATE_FROM_AGE or PORTAL_INVITATION_DAYS < 1:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "PORTAL_OWN_PART_PRIVATE_FROM_AGE must be at least PORTAL_OWN_ACCOUNT_FROM_AGE; "
        "PORTAL_INVITATION_DAYS must be 1 or more."
    )

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles"), "Where collectstatic gathers files."))
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    SRC_DIR / "static",
    ("utrecht", NODE_MODULES / "@utrecht" / "component-library-css" / "dist"),
    ("theme", NODE_MODULES / "@nl-design-system-unstable" / "voorbeeld-design-tokens" / "dist"),
    # The theme's fonts (Noto Sans for text, Noto Serif for headings), so nothing falls back to the system's font.
    ("fonts/noto-sans", NODE_MODULES / "@fontsource" / "noto-sans"),
    ("fonts/noto-serif", NODE_MODULES / "@fontsource" / "noto-serif"),
    ("fonts/noto-sans-mono", NODE_MODULES / "@fontsource" / "noto-sans-mono"),
    ("fonts/noto-sans-arabic", NODE_MODULES / "@fontsource" / "noto-sans-arabic"),
    ("fonts/noto-sans-ethiopic", NODE_MODULES / "@fontsource" / "noto-sans-ethiopic"),
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
        "samenplan.api.authentication.DutchSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "samenplan.api.pagination.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "samenplan.api.schema.AutoSchema",
    "DEFAULT_METADATA_CLASS": "samenplan.api.metadata.Metadata",
    "EXCEPTION_HANDLER": "samenplan.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["samenplan.api.parsers.JSONParser"],
}
# The largest request body read (web forms and API JSON alike); larger ones are refused (API: 413).
DATA_UPLOAD_MAX_MEMORY_SIZE = env(
    "MAX_REQUEST_BODY_BYTES", 1_000_000, "Largest request body accepted, in bytes (web forms and API)."
)
REST_KNOX = {
    "TOKEN_TTL": timedelta(
        seconds=env("API_TOKEN_TTL", 8 * 60 * 60, "Seconds an API token lasts (default 8 hours).", cast=positive_int)
    ),
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "samenplan API",
    "DESCRIPTION": "Families, cases and the dossier timeline. Every call is checked per object and logged.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {  # the names the schema had before consent added its own "kind" and "role"
        "KindEnum": "samenplan.cases.models.EntryKind",
        "RoleEnum": "samenplan.cases.models.MemberRole",
        "RecipientKindEnum": "samenplan.consent.models.RecipientKind",
        "GoalStatusEnum": "samenplan.goals.models.GoalStatus",
        "ConsultationStatusEnum": "samenplan.analysis.models.ConsultationStatus",
        "RecipientRoleEnum": "samenplan.consent.models.RecipientRole",
        "FactorKindEnum": "samenplan.analysis.models.FactorKind",
        "FactorDomainEnum": "samenplan.analysis.models.FactorDomain",
        "FactorSourceEnum": "samenplan.analysis.models.FactorSource",
        "AgreementEnum": "samenplan.intake.models.Agreement",
        "ProblemAgreementEnum": "samenplan.goals.models.Agreement",
        "StepEnum": "samenplan.intake.models.Step",
        "FamilyGroupPlanStepEnum": "samenplan.network.rules.PLAN_STEPS",
        "TeamRoleEnum": "samenplan.accounts.models.Role",  # a user's role in a team (me/, administration/)
        "TableKindEnum": "samenplan.tables.models.TableKind",  # the intake or review table
        "EvaluationOutcomeEnum": "samenplan.evaluations.models.Outcome",
        "ClosingReasonEnum": "samenplan.evaluations.models.ClosingReason",
        "ClosingGoalOutcomeEnum": "samenplan.evaluations.models.GoalOutcome",
        "PreferenceKindEnum": "samenplan.decisions.models.PreferenceKind",
        "HelpStatusEnum": "samenplan.decisions.models.HelpStatus",
        "OptionSourceEnum": "samenplan.decisions.models.OptionSource",
        "PlanVoiceEnum": "samenplan.plans.rules.VOICES",  # whose words a part of the family plan holds
    },
    "DEFAULT_GENERATOR_CLASS": "samenplan.api.schema.SchemaGenerator",
}

# Retention and the client's rights (docs/security/retention.md). Defaults to verify with the privacy officer.
RETENTION_YEARS = env(
    "RETENTION_YEARS",
    20,
    "Years a family's file is kept after its last case closed; then `samenplan retention run --apply` removes it.",
)
ACCESS_LOG_RETENTION_YEARS = env(
    "ACCESS_LOG_RETENTION_YEARS",
    5,
    "Years access-log records are kept; older ones are pruned by `samenplan retention run --log --apply`.",
)
DESTRUCTION_DEADLINE_MONTHS = env(
    "DESTRUCTION_DEADLINE_MONTHS",
    1,
    "Months within which a request for destruction is decided and carried out (AVG art. 12: one month; "
    "the Jeugdwet's outer limit is three).",
)
# Emergency access ("noodknop", docs/security/access-control.md): how long a grant lasts.
EMERGENCY_ACCESS_HOURS = env(
    "EMERGENCY_ACCESS_HOURS",
    8,
    "Hours an emergency access to a case lasts; then the professional no longer sees the case.",
    cast=positive_int,
)

EMAIL_HOST = env("EMAIL_HOST", "", "SMTP server for password-reset mail. Empty: mail is written to the log.")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env("EMAIL_PORT", 587, "SMTP port.")
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "", "SMTP user name.")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "", "SMTP password.")
EMAIL_USE_TLS = env("EMAIL_USE_TLS", True, "Use STARTTLS to the SMTP server.")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "samenplan <noreply@localhost>", "Sender of samenplan's mail.")
SITE_URL = env(
    "SITE_URL", "http://localhost:8000", "Address where professionals reach samenplan; the reminder e-mail links to it."
)

# Security: safe by default, relaxed only by DEBUG (which production never sets).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env("SECURE_COOKIES", not DEBUG, "Send cookies over HTTPS only (and name them __Host-…).")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True  # pages hand htmx the token in hx-headers; no script reads the cookie
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
if SESSION_COOKIE_SECURE:
    # __Host-: the browser accepts the cookie only when Secure, for path / and without a Domain, so a
    # neighbouring host of the municipality cannot set or overwrite it.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
DEVICE_COOKIE_NAME = "__Host-samenplan-device" if SESSION_COOKIE_SECURE else "samenplan-device"
DEVICE_COOKIE_AGE = 180 * 24 * 60 * 60
PRIMARY_COOKIE_NAME = "__Host-samenplan-primary" if SESSION_COOKIE_SECURE else "samenplan-primary"
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT", not DEBUG, "Redirect http:// to https://.")
SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, "HSTS max-age in seconds.")
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env("BEHIND_TLS_PROXY", False, "Trust X-Forwarded-Proto from the reverse proxy.")
    else None
)
# Content-Security-Policy: scripts only from samenplan itself and carrying this response's nonce; styles only
# from style sheets of samenplan itself (no <style>, no style=""); no frames, plug-ins or foreign forms.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],  # read-aloud audio made by samenplan itself (portal/views_readaloud.py)
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
        "manifest-src": [SELF],
    }
}

SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload is a municipality's own decision

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING", "Python log level.")},
}

# samenplan's own settings
SAMENPLAN_DEMO_SECRET_KEY = DEMO_SECRET_KEY

# ---------------------------------------------------------------------------------------------------------------
# Login: second factor and passwords (docs/security/authentication.md). Kept together, apart from the rest.
# ---------------------------------------------------------------------------------------------------------------
INSTALLED_APPS = [*INSTALLED_APPS, "allauth.mfa"]
# After authentication and messages; before nothing that shows client data can run (views come last).
MIDDLEWARE = [*MIDDLEWARE, "samenplan.accounts.mfa.SecondFactorRequiredMiddleware"]
# Last: only the view's own reads may go to the replica (samenplan/dbrouter.py).
MIDDLEWARE = [*MIDDLEWARE, "samenplan.dbrouter.ReplicaReadsMiddleware"]
TEMPLATES[0]["OPTIONS"]["context_processors"].append("samenplan.accounts.mfa.demo_mode")
MFA_ADAPTER = "samenplan.accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "samenplan"
MFA_TOTP_TOLERANCE = 0  # allauth remembers a used code for one period only: a wider window would allow a replay
MFA_PASSKEY_LOGIN_ENABLED = False  # a security key is a second factor here, never a replacement for the password
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG  # http://127.0.0.1 in the demo only
# Accounts are made by the organisation's administrator (no sign-up), so an unverified address cannot be a squatter's:
# allow a second factor (and an address change) without first verifying the address by mail.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_ENCRYPTION_KEY = env(
    "MFA_ENCRYPTION_KEY",
    "",
    "Key (any long random text) that encrypts TOTP secrets and recovery-code seeds in the database. Empty: derived "
    "from SECRET_KEY. Set it in production, so SECRET_KEY can be rotated without losing everyone's second factor.",
)
ACCOUNT_REAUTHENTICATION_REQUIRED = True  # password or code again before changing the e-mail address
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False  # a reset never logs in: the next login asks for the second factor
ACCOUNT_CHANGE_EMAIL = False  # the address page (account/email.html); its one-step variant has inline style
ACCOUNT_EMAIL_NOTIFICATIONS = True  # a mail when the password, e-mail address or a second factor changes
# ASVS 5.0 V6.2: at least 12 characters, long passphrases welcome (no maximum below 4096), a local list of common
# and breached passwords, words from the user's own details refused, no composition rules (Django's
# NumericPasswordValidator is a composition rule: "not only digits").
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "samenplan.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "samenplan.accounts.passwords.MaximumLengthValidator", "OPTIONS": {"max_length": 4096}},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "samenplan.accounts.passwords.CommonCoreValidator"},
]
SAMENPLAN_DEMO_MODE = (
    env(
        "SAMENPLAN_DEMO_MODE",
        False,
        "Demo mode: logins without a second factor are let through, with a banner on every page. `samenplan demo` "
        "sets it; ignored unless DEBUG is on.",
    )
    and DEBUG
)

# ---------------------------------------------------------------------------------------------------------------
# The family portal's OpenID Connect login (docs/deployment.md "DigiD for the family portal"). Off while
# PORTAL_OIDC_SERVER_URL is empty. An OIDC identity only ever logs in to an existing family account (portal/oidc.py).
# ---------------------------------------------------------------------------------------------------------------
INSTALLED_APPS = [*INSTALLED_APPS, "allauth.socialaccount", "allauth.socialaccount.providers.openid_connect"]
PORTAL_OIDC_SERVER_URL = env(
    "PORTAL_OIDC_SERVER_URL",
    "",
    "Issuer URL of the OpenID Connect provider for family logins (the municipality's DigiD broker); empty: off.",
)
PORTAL_OIDC_PROVIDER_ID = env(
    "PORTAL_OIDC_PROVIDER_ID", "digid", "Short name of that provider in URLs (/accounts/oidc/<name>/login/)."
)
PORTAL_OIDC_NAME = env("PORTAL_OIDC_NAME", "DigiD", "Name on the login button for families ('Log in with …').")
PORTAL_OIDC_CLIENT_ID = env("PORTAL_OIDC_CLIENT_ID", "", "Client id that the broker gave samenplan.")
PORTAL_OIDC_CLIENT_SECRET = env("PORTAL_OIDC_CLIENT_SECRET", "", "Client secret that the broker gave samenplan.")
PORTAL_OIDC_SCOPES = env("PORTAL_OIDC_SCOPES", ["openid"], "Comma-separated scopes asked of the broker.")
PORTAL_OIDC_LINK_BY_VERIFIED_EMAIL = env(
    "PORTAL_OIDC_LINK_BY_VERIFIED_EMAIL",
    False,
    "A first OIDC login without the invitation link finds the family account by the e-mail claim, only when the "
    "broker marks it verified (email_verified) and it equals the account's verified address.",
)
SOCIALACCOUNT_ADAPTER = "samenplan.portal.oidc.FamilyOIDCAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # never log in to an account because an e-mail address matches
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": PORTAL_OIDC_PROVIDER_ID,
                "name": PORTAL_OIDC_NAME,
                "client_id": PORTAL_OIDC_CLIENT_ID,
                "secret": PORTAL_OIDC_CLIENT_SECRET,
                "settings": {"server_url": PORTAL_OIDC_SERVER_URL, "scope": PORTAL_OIDC_SCOPES},
            }
        ]
        if PORTAL_OIDC_SERVER_URL
        else [],
    }
}

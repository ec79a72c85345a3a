"""System checks: production must not run on the demo secret, nor keep shared state in one process."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_secret_key_is_not_demo(app_configs, **kwargs):
    if settings.SECRET_KEY == settings.SAMENPLAN_DEMO_SECRET_KEY:
        return [
            Error(
                "SECRET_KEY is the public demo key.",
                hint="Set SECRET_KEY to a long random value: "
                "python -c 'import secrets; print(secrets.token_urlsafe(50))'",
                id="samenplan.E001",
            )
        ]
    return []


PER_PROCESS_CACHES = ("django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache")
PER_PROCESS_SESSIONS = ("django.contrib.sessions.backends.file",)


@register(Tags.security, Tags.caches, deploy=True)
def check_state_is_shared_between_processes(app_configs, **kwargs):
    """Login throttling, allauth's rate limits and used one-time codes live in the cache, logins in the session
    store: with a cache or session store of one process, each gunicorn worker and each server would count and
    remember on its own (a limit of 20 becomes 20 per worker; a code could be used once per worker)."""
    errors = []
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in PER_PROCESS_CACHES:
        errors.append(
            Error(
                f"The cache ({backend.rsplit('.', 1)[-1]}) is not shared between worker processes or servers.",
                hint="Set REDIS_URL, or leave it empty for the database cache (docs/scaling.md).",
                id="samenplan.E002",
            )
        )
    engine = settings.SESSION_ENGINE
    in_cache = engine.rsplit(".", 1)[-1] in ("cache", "cached_db")
    if engine in PER_PROCESS_SESSIONS or (in_cache and backend in PER_PROCESS_CACHES):
        errors.append(
            Error(
                f"Sessions ({engine}) are kept where other servers cannot read them.",
                hint="Keep Django's database sessions (the default), or sessions in a shared cache.",
                id="samenplan.E003",
            )
        )
    return errors

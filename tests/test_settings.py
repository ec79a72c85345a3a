"""Configuration: environment variables with documented defaults; production refuses the demo secret."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from samenplan.conf import env as env_module
from samenplan.conf.env import DOCUMENTED, env

ROOT = Path(__file__).resolve().parent.parent


def run(args, **environ):
    full = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    full.update(environ)
    return subprocess.run(
        [sys.executable, "-m", "samenplan", *args], env=full, capture_output=True, text=True, timeout=120
    )


def test_it_documents_every_variable_it_reads():
    text = (ROOT / "docs" / "configuration.md").read_text()
    missing = [name for name in DOCUMENTED if f"`{name}`" not in text]
    assert not missing, f"add to docs/configuration.md: {missing}"


def test_it_reads_booleans_lists_and_numbers(monkeypatch):
    monkeypatch.setenv("SP_TEST_FLAG", "yes")
    monkeypatch.setenv("SP_TEST_LIST", "a.example, b.example")
    monkeypatch.setenv("SP_TEST_NUMBER", "42")
    assert env("SP_TEST_FLAG", False, "doc") is True
    assert env("SP_TEST_LIST", [], "doc") == ["a.example", "b.example"]
    assert env("SP_TEST_NUMBER", 1, "doc") == 42
    for name in ("SP_TEST_FLAG", "SP_TEST_LIST", "SP_TEST_NUMBER"):
        env_module.DOCUMENTED.pop(name)


def test_it_names_the_variable_it_cannot_read(monkeypatch):
    monkeypatch.setenv("SP_TEST_FLAG", "misschien")
    with pytest.raises(ImproperlyConfigured, match="SP_TEST_FLAG"):
        env("SP_TEST_FLAG", False, "doc")
    env_module.DOCUMENTED.pop("SP_TEST_FLAG")


def test_it_flags_the_demo_secret_in_the_deploy_check():
    result = run(["check", "--deploy"], DEBUG="0")
    assert result.returncode != 0
    assert "samenplan.E001" in result.stderr


def test_it_passes_the_deploy_check_with_production_settings(tmp_path):
    result = run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="0",
        SECRET_KEY="a-long-and-random-production-secret-" + "x1y2z3" * 8,
        ALLOWED_HOSTS="samenplan.gemeente.example",
        DATABASE_URL=f"sqlite:///{tmp_path}/check.sqlite3",
    )
    assert result.returncode == 0, result.stderr


def test_the_demo_refuses_to_run_with_debug_off_and_the_demo_secret(tmp_path):
    result = run(["demo", "--no-serve"], DEBUG="0", DATABASE_URL=f"sqlite:///{tmp_path}/demo.sqlite3")
    assert result.returncode != 0
    assert "refuses" in result.stderr


def test_the_wsgi_application_refuses_the_demo_secret_in_production():
    script = "import samenplan.wsgi"
    full = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    result = subprocess.run(
        [sys.executable, "-c", script], env={**full, "DEBUG": "0"}, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "demo SECRET_KEY" in result.stderr


def test_the_demo_prepares_everything(tmp_path):
    result = run(["demo", "--no-serve"], DATABASE_URL=f"sqlite:///{tmp_path}/demo.sqlite3")
    assert result.returncode == 0, result.stderr
    assert "anna" in result.stdout and "samen-beslissen" in result.stdout
    again = run(["demo", "--no-serve"], DATABASE_URL=f"sqlite:///{tmp_path}/demo.sqlite3")
    assert "already loaded" in again.stdout
    verify = run(["audit", "verify"], DATABASE_URL=f"sqlite:///{tmp_path}/demo.sqlite3")
    assert "intact" in verify.stdout
    # without REDIS_URL the shared login counters live in the database: migrate made their table
    with sqlite3.connect(tmp_path / "demo.sqlite3") as db:
        assert db.execute("SELECT name FROM sqlite_master WHERE name = 'samenplan_cache'").fetchone()


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-and-random-production-secret-" + "x1y2z3" * 8,
    "ALLOWED_HOSTS": "samenplan.gemeente.example",
}


def settings_in(script: str, **environ):
    """Run ``script`` after loading samenplan's settings in a fresh process with ``environ``."""
    full = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    full.update({"DJANGO_SETTINGS_MODULE": "samenplan.conf.settings", **environ})
    code = "import django; django.setup(); from django.conf import settings as s\n" + script
    return subprocess.run([sys.executable, "-c", code], env=full, capture_output=True, text=True, timeout=60)


def test_production_names_its_cookies_host_only_and_secure():
    script = (
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.DEVICE_COOKIE_NAME, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_SSL_REDIRECT, s.X_FRAME_OPTIONS, s.SECURE_REFERRER_POLICY, s.SECURE_CONTENT_TYPE_NOSNIFF)"
    )
    result = settings_in(script, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "__Host-sessionid", "__Host-csrftoken", "__Host-samenplan-device", "True", "True", "True", "True",
        "31536000", "True", "DENY", "same-origin", "True",
    ]  # fmt: skip


def test_the_demo_keeps_plain_cookie_names_over_http():
    result = settings_in("print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME)", DEBUG="1")
    assert result.stdout.split() == ["sessionid", "csrftoken"], result.stderr


def test_it_uses_redis_when_told_and_the_database_otherwise():
    script = "print(s.CACHES['default']['BACKEND'].rsplit('.', 1)[-1])"
    assert settings_in(script, **PRODUCTION).stdout.strip() == "DatabaseCache"
    with_redis = settings_in(script, **PRODUCTION, REDIS_URL="redis://127.0.0.1:6379/3")
    assert with_redis.stdout.strip() == "RedisCache"


GUESSES = (
    "from django.core.exceptions import ValidationError\n"
    "from django.test import RequestFactory\n"
    "from samenplan.accounts import throttle\n"
    "request = RequestFactory().post('/accounts/login/', REMOTE_ADDR='203.0.113.9')\n"
    "for i in range(3):\n"
    "    try:\n"
    "        throttle.failed(throttle.begin(request, f'gast{i}'))\n"
    "        print('checked')\n"
    "    except ValidationError:\n"
    "        print('refused')\n"
)


@pytest.mark.parametrize("store", ["database", "redis"])
def test_two_processes_count_failed_logins_from_one_address_together(tmp_path, store):
    """Two app servers (here: two processes, one after the other) with production's cache: the second one
    continues the first one's count, so the per-address limit of 4 holds across them."""
    environ = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path}/shared.sqlite3", "LOGIN_FAILURES_PER_ADDRESS": "4"}
    if store == "redis":
        from tests.security.test_gunicorn import redis_or_skip

        redis_url = "redis://127.0.0.1:6379/5"
        redis_or_skip().close()  # skips (or fails under REQUIRE_REDIS=1) when Redis does not answer
        environ["REDIS_URL"] = redis_url
    else:
        made = run(["createcachetable"], **environ)  # what `samenplan migrate` does for the database cache
        assert made.returncode == 0, made.stderr
    try:
        first, second = (settings_in(GUESSES, **environ) for _ in range(2))
        assert first.stdout.split() == ["checked", "checked", "checked"], first.stderr
        assert second.stdout.split() == ["checked", "refused", "refused"], second.stderr
    finally:
        if store == "redis":
            import redis

            shared = redis.Redis.from_url(redis_url)
            for key in shared.scan_iter("samenplan:*login:*"):
                shared.delete(key)
            shared.close()


def test_the_deploy_check_refuses_a_cache_or_session_store_of_one_process(settings):
    from samenplan.accounts.checks import check_state_is_shared_between_processes as check

    assert check(None) == []  # the database cache and database sessions of these settings
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [error.id for error in check(None)] == ["samenplan.E002"]
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    assert [error.id for error in check(None)] == ["samenplan.E002", "samenplan.E003"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}}
    assert check(None) == []  # cached sessions in a shared cache are shared
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.file"
    assert [error.id for error in check(None)] == ["samenplan.E003"]


def test_a_replica_url_adds_a_replica_that_tests_mirror_and_the_router_that_uses_it():
    script = (
        "print(sorted(s.DATABASES), s.DATABASES.get('replica', {}).get('TEST', {}).get('MIRROR'),"
        " s.DATABASES.get('replica', {}).get('HOST'), s.DATABASE_ROUTERS)"
    )
    assert settings_in(script, **PRODUCTION).stdout.split(" ", 1)[0] == "['default']"
    replica = settings_in(script, **PRODUCTION, DATABASE_REPLICA_URL="postgres://reader@replica.example:5432/sp")
    assert replica.stdout.strip() == (
        "['default', 'replica'] default replica.example ['samenplan.dbrouter.ReplicaRouter']"
    ), replica.stderr


def test_it_reads_timeouts_token_lifetime_and_proxies_from_the_environment():
    script = (
        "print(s.SESSION_IDLE_TIMEOUT, s.SESSION_ABSOLUTE_TIMEOUT, s.SESSION_COOKIE_AGE,"
        " int(s.REST_KNOX['TOKEN_TTL'].total_seconds()), [str(n) for n in s.TRUSTED_PROXIES])"
    )
    result = settings_in(
        script,
        SESSION_IDLE_TIMEOUT="600",
        SESSION_ABSOLUTE_TIMEOUT="3600",
        API_TOKEN_TTL="900",
        TRUSTED_PROXIES="10.0.0.5, 192.168.10.0/24",
    )
    assert result.stdout.strip() == "600 3600 3600 900 ['10.0.0.5/32', '192.168.10.0/24']", result.stderr


@pytest.mark.parametrize(
    "name, value", [("API_TOKEN_TTL", "0"), ("SESSION_IDLE_TIMEOUT", "-5"), ("TRUSTED_PROXIES", "proxy.example")]
)
def test_it_refuses_a_setting_that_would_switch_a_protection_off(name, value):
    result = settings_in("print('loaded')", **{name: value})
    assert result.returncode != 0
    assert name in result.stderr and "loaded" not in result.stdout

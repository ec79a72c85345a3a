"""Configuration: environment variables with documented defaults; production refuses the demo secret."""

import os
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

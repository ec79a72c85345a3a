"""The load-test command (bench/loadtest.py): the logins it gives the simulated users, its summary, its memory
sampling. The run itself (gunicorn and Locust) is measured by hand, never in the suite: docs/performance.md."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management import call_command

from samenplan.accounts.models import Role, User
from tests.factories import code_for_secret, stopped_seed

ROOT = Path(__file__).resolve().parent.parent.parent
spec = importlib.util.spec_from_file_location("loadtest", ROOT / "bench" / "loadtest.py")
loadtest = importlib.util.module_from_spec(spec)
spec.loader.exec_module(loadtest)


@pytest.mark.django_db
def test_it_gives_seeded_professionals_a_password_and_an_authenticator_only_this_run_knows():
    call_command("seed", "--scale", "--families", "10", "--log-per-family", "1")
    first = loadtest.prepare_users("een-wachtwoord-voor-de-load-test", 3)
    logins = loadtest.prepare_users("een-wachtwoord-voor-de-load-test", 3)  # again: new secrets replace the old
    assert [name for name, _secret in logins["professionals"]] == ["p00001", "p00002", "p00003"]
    assert logins["leads"] and all(name.startswith("lead") for name, _secret in logins["leads"])
    for name, secret in logins["professionals"] + logins["leads"]:
        user = User.objects.get(username=name)
        assert user.check_password("een-wachtwoord-voor-de-load-test")
        factors = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP)
        assert factors.count() == 1
        assert TOTP(factors.get()).validate_code(code_for_secret(secret))
    assert dict(first["professionals"])["p00001"] != dict(logins["professionals"])["p00001"]
    lead = User.objects.get(username=logins["leads"][0][0])
    assert lead.memberships.filter(role=Role.LOG_READER).exists()  # the access log is part of their work


@pytest.mark.django_db
def test_it_refuses_a_database_without_seeded_data(world):
    before = list(Authenticator.objects.values_list("pk", "data"))
    with pytest.raises(SystemExit, match="seed"):
        loadtest.prepare_users("een-wachtwoord-voor-de-load-test", 3)
    assert list(Authenticator.objects.values_list("pk", "data")) == before
    assert not User.objects.get(pk=world.caseworker.pk).check_password("een-wachtwoord-voor-de-load-test")


@pytest.mark.django_db
def test_it_refuses_an_unfinished_seed_and_changes_no_login():

    stopped_seed(2)
    before = list(User.objects.values_list("pk", "password"))
    with pytest.raises(SystemExit, match="unfinished"):
        loadtest.prepare_users("een-wachtwoord-voor-de-load-test", 3)
    assert list(User.objects.values_list("pk", "password")) == before
    assert not Authenticator.objects.exists()


def test_the_summary_leaves_logging_in_out_of_the_ratio_and_counts_failures():
    unloaded = [("/cases/", ms, True, 0) for ms in (10, 10, 10, 10, 20)] + [("log in: password (POST)", 900, True, 0)]
    loaded = [("/cases/", ms, True, 0) for ms in (20, 20, 20, 20, 50)]
    loaded += [("/cases/[id]/", 30, False, 0), ("log in: password (POST)", 3000, True, 0)]
    result = loadtest.summarise(unloaded, loaded, seconds=7)
    assert result["requests"] == 7 and result["failures"] == 1 and result["per_second"] == 1.0
    assert result["unloaded_pages_p95_ms"] == 18.0  # the logins' 900 and 3000 ms are in neither p95
    assert result["pages_p95_ms"] == 45.0  # the failed request's time counts too
    assert result["ratio"] == 2.5
    rows = {row["name"]: row for row in result["rows"]}
    assert rows["/cases/[id]/"]["failures"] == 1 and rows["/cases/[id]/"]["unloaded_p95_ms"] is None
    assert rows["log in: password (POST)"]["p95_ms"] == 3000


def test_the_loaded_p95_is_the_steady_states_after_the_users_logged_in():
    unloaded = [("/cases/", 10, True, 0)] * 20
    ramp_up = [("/cases/", 400, True, 100 + i) for i in range(5)]  # the cores busy hashing 100 passwords
    steady = [("/cases/", 20, True, 130 + i) for i in range(20)]
    result = loadtest.summarise(unloaded, ramp_up + steady, seconds=60, steady_from=130)
    assert result["steady_requests"] == 20 and result["pages_p95_ms"] == 20.0 and result["ratio"] == 2.0
    assert result["whole_run_pages_p95_ms"] == 400.0  # reported beside it, not judged
    assert result["requests"] == 25  # every request counts for failures and throughput


def test_it_finds_the_workers_of_a_process_and_reads_their_memory():
    # The child says when its interpreter runs: read at once, a process just forked has not yet loaded Python (CI
    # once read 4 KB).
    code = "import sys, time; print('ready', flush=True); time.sleep(30)"
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        assert child.pid in loadtest.children(loadtest.os.getpid())
        assert 1 < loadtest.rss_mb(child.pid) < 200
    finally:
        child.kill()
        child.wait(timeout=10)
        child.stdout.close()

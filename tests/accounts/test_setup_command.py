"""Setting up a new installation from the command line: organisation, team, user, role."""

import io

import pytest
from django.core.management import CommandError, call_command

from samenplan.accounts.models import Membership, Role, User


def setup(*args, stdin=None, monkeypatch=None):
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command("setup", *args, stdout=out)
    return out.getvalue()


def test_it_sets_up_an_organisation_from_nothing(db, monkeypatch):
    setup("org", "Jeugdteams Polderstad")
    setup("team", "Jeugdteams Polderstad", "Team West")
    out = setup(
        "user",
        "noor",
        "--org",
        "Jeugdteams Polderstad",
        "--first-name",
        "Noor",
        "--password-stdin",
        stdin="een-lang-wachtwoord-42\n",
        monkeypatch=monkeypatch,
    )
    assert "User created: noor" in out
    assert "professional" in setup("role", "noor", "Team West", "professional")
    noor = User.objects.get(username="noor")
    assert noor.check_password("een-lang-wachtwoord-42")
    assert noor.teams_with_role("professional") == [Membership.objects.get(user=noor).team_id]
    assert "noor" in setup("show")


def test_it_refuses_a_weak_password(db, monkeypatch):
    setup("org", "Jeugdteams Polderstad")
    with pytest.raises(CommandError, match="password: "):
        setup(
            "user",
            "kees",
            "--org",
            "Jeugdteams Polderstad",
            "--password-stdin",
            stdin="kees\n",
            monkeypatch=monkeypatch,
        )
    assert not User.objects.filter(username="kees").exists()


def test_it_never_puts_a_user_in_another_organisation_s_team(world):
    with pytest.raises(CommandError, match="No team"):
        setup("role", world.outsider.username, "Wijkteam Noord", "team_lead")


def test_it_refuses_a_duplicate_organisation_or_team(world):
    with pytest.raises(CommandError, match="al een"):
        setup("org", "Rivierstad")
    with pytest.raises(CommandError, match="al een"):
        setup("team", "Rivierstad", "Wijkteam Noord")


def test_it_revokes_a_role(world):
    assert "1 role(s) revoked" in setup("revoke", "team_lead", "Wijkteam Noord", "team_lead")
    assert list(User.objects.get(username="team_lead").memberships.values_list("role", flat=True)) == ["log_reader"]


def test_it_gives_the_log_reader_role_on_purpose(world):
    assert "logcontroleur" in setup("role", "caseworker", "Wijkteam Noord", "log_reader")
    assert world.caseworker.memberships.filter(team=world.north, role=Role.LOG_READER).exists()

"""The administration's API: the same actions and rules as the pages, structured Dutch errors, every call logged."""

from __future__ import annotations

from django.urls import reverse

from samenplan.accounts.models import Membership, Role, Team, User
from samenplan.administration.services import settings_for
from tests.api.conftest import error_fields, last_log

SETTINGS = {
    "consent_youth_with_parents_from_age": 12, "consent_youth_alone_from_age": 16, "reopen_period_days": 180,
    "inactivity_days": 28, "name_shown_to_families": "full_name", "evaluation_interval_weeks": 12,
}  # fmt: skip


def test_it_lists_and_makes_teams_with_counts_only(api, world):
    client = api("administrator")
    teams = client.get(reverse("api-administration-teams")).json()
    north = next(t for t in teams if t["name"] == "Wijkteam Noord")
    assert north == {"id": world.north.pk, "name": "Wijkteam Noord", "archived": False, "people": 8, "open_cases": 1}
    assert last_log("api.administration.teams").username == "administrator"
    made = client.post(reverse("api-administration-teams"), {"name": "Wijkteam West"}, format="json")
    assert made.status_code == 201 and made.json()["open_cases"] == 0
    twice = client.post(reverse("api-administration-teams"), {"name": "wijkteam west"}, format="json")
    assert twice.status_code == 400 and error_fields(twice) == {"name": "duplicate"}


def test_it_archives_a_team_and_refuses_someone_else(api, world):
    url = reverse("api-administration-team", args=[world.north.pk])
    response = api("administrator").patch(url, {"archived": True}, format="json")
    assert response.status_code == 200 and response.json()["archived"] is True
    assert api("team_lead").patch(url, {"archived": False}, format="json").status_code == 403
    assert api(None).patch(url, {"archived": False}, format="json").status_code == 401
    other = reverse("api-administration-team", args=[world.hill.pk])
    assert api("administrator").patch(other, {"name": "Overgenomen"}, format="json").status_code == 404
    assert Team.objects.get(pk=world.hill.pk).name == "Buurtteam Heuvel"


def test_it_gives_roles_in_the_own_organisation_only(api, world):
    client = api("administrator")
    url = reverse("api-administration-person-roles", args=[world.south_worker.pk])
    granted = client.post(url, {"team": world.north.pk, "role": "professional"}, format="json")
    assert granted.status_code == 201
    assert {"team": world.north.pk, "role": "professional"} in granted.json()["roles"]
    foreign = client.post(url, {"team": world.hill.pk, "role": "professional"}, format="json")
    assert foreign.status_code == 400 and error_fields(foreign) == {"team": "does_not_exist"}
    outsider = reverse("api-administration-person-roles", args=[world.outsider.pk])
    assert client.post(outsider, {"team": world.north.pk, "role": "professional"}, format="json").status_code == 404
    assert not Membership.objects.filter(user=world.outsider, team__organisation=world.org).exists()


def test_it_disables_an_account_but_not_the_last_administrator(api, world):
    client = api("administrator")
    response = client.post(
        reverse("api-administration-person-active", args=[world.caseworker.pk]), {"active": False}, format="json"
    )
    assert response.status_code == 200 and response.json()["is_active"] is False
    own = client.post(
        reverse("api-administration-person-active", args=[world.administrator.pk]), {"active": False}, format="json"
    )
    assert own.status_code == 400 and error_fields(own) == {None: "own_account"}
    assert User.objects.get(pk=world.administrator.pk).is_active
    people = client.get(reverse("api-administration-people")).json()["results"]
    admin = next(p for p in people if p["username"] == "administrator")
    assert {"team": world.north.pk, "role": Role.ADMINISTRATOR} in admin["roles"]


def test_it_changes_the_settings_with_optimistic_locking(api, world):
    client = api("administrator")
    url = reverse("api-administration-settings")
    assert client.get(url).json() == {**SETTINGS, "version": 0}
    changed = client.put(url, {**SETTINGS, "inactivity_days": 14, "version": 0}, format="json")
    assert changed.status_code == 200 and changed.json()["version"] == 1
    stale = client.put(url, {**SETTINGS, "inactivity_days": 7, "version": 0}, format="json")
    assert stale.status_code == 409
    bad = client.put(url, {**SETTINGS, "consent_youth_alone_from_age": 11, "reopen_period_days": 0, "version": 1},
                     format="json")  # fmt: skip
    assert bad.status_code == 400
    assert error_fields(bad) == {"consent_youth_alone_from_age": "ages_ascend", "reopen_period_days": "not_positive"}
    assert settings_for(world.org).inactivity_days == 14


def test_the_team_lead_reads_the_overview_of_the_own_team(api, world):
    url = reverse("api-team-overview", args=[world.north.pk])
    data = api("team_lead").get(url).json()
    assert [c["family_name"] for c in data["cases"]] == ["Jansen"]
    assert data["waiting_for_intake"] == [world.case.pk]
    caseworker = next(w for w in data["workers"] if w["worker"] == world.caseworker.pk)
    assert caseworker["per_phase"]["registration"] == 1 and caseworker["evaluations_due"] == 0
    assert last_log("api.administration.team_overview").detail.startswith(f"families={world.case.family_id}")
    for persona in ("south_lead", "caseworker", "administrator"):
        assert api(persona).get(url).status_code == 404


def test_it_refuses_ids_no_database_can_hold(api, world):
    url = reverse("api-administration-person-roles", args=[world.colleague.pk])
    for team in (2**70, "1e3", True, -1):
        response = api("administrator").post(url, {"team": team, "role": "professional"}, format="json")
        assert response.status_code == 400, team

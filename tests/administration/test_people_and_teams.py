"""The administrator's home: the organisation, teams, people, roles, invitations, disabling. No client data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from knox.models import AuthToken

from samenplan.accounts.models import Membership, Role, Team, User
from samenplan.administration import actions
from samenplan.administration.models import Invitation
from samenplan.audit.models import AccessLogRecord
from tests.accounts.test_sessions import api_token, is_logged_in, logged_in, token_works
from tests.conftest import register
from tests.pagetext import without_tokens

PAGES = [
    "administration:home",
    "administration:teams",
    "administration:people",
    "administration:invite",
    "administration:settings",
    "administration:severity_scale",
]


def invite(client, username="nadia", **extra):
    data = {
        "first_name": "Nadia", "last_name": "El Amrani", "email": f"{username}@rivierstad.example",
        "username": username, **extra,
    }  # fmt: skip
    return client.post(reverse("administration:invite"), data)


def link_token(message) -> str:
    path = next(word for word in message.body.split() if "/invitations/" in word)
    return path.rstrip("/").rsplit("/", 1)[1]


def family_words() -> set[str]:
    """Every family's name and every member's full name (what must never show on an administrator's page), less
    any that happens to be part of a professional's name (Faker invents those)."""
    from samenplan.cases.models import Family, Member

    words = {f.name for f in Family.objects.all()} | {str(m) for m in Member.objects.all()}
    staff = " ".join(u.get_full_name() for u in User.objects.all())
    return {w for w in words if w not in staff}


def last_record():
    return AccessLogRecord.objects.order_by("-seq").first()


def test_the_administrator_lands_on_the_administration_and_sees_counts_never_a_family(client, world):
    register(world.caseworker, world.north, name="Quaedvlieg-Zwart")
    words = family_words()
    assert "Quaedvlieg-Zwart" in words
    client.force_login(world.administrator)
    assert client.get("/")["Location"] == reverse("administration:home")
    team = world.north
    urls = [reverse(name) for name in PAGES]
    urls += [
        reverse("administration:team", args=[team.pk]),
        reverse("administration:person", args=[world.caseworker.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = without_tokens(response.content.decode())
        for word in words:
            assert word not in html, f"{url} shows {word}"
    home = client.get(reverse("administration:home")).content.decode()
    assert '<td class="utrecht-table__cell utrecht-table__cell--numeric-data" id="count-cases">2</td>' in home
    assert "Rivierstad" in home


def test_it_creates_and_renames_a_team_and_refuses_a_duplicate_name_in_dutch(client, world):
    client.force_login(world.administrator)
    response = client.post(reverse("administration:teams"), {"name": "Wijkteam Oost"})
    assert response.status_code == 302
    team = Team.objects.get(name="Wijkteam Oost", organisation=world.org)
    record = last_record()
    assert (record.action, record.event, record.username) == ("administration.create_team", "create", "administrator")

    response = client.post(reverse("administration:teams"), {"name": "wijkteam noord"})
    assert response.status_code == 422
    assert "Je organisatie heeft al een team met deze naam." in response.content.decode()
    assert Team.objects.filter(organisation=world.org).count() == 3

    response = client.post(reverse("administration:team", args=[team.pk]), {"name": "Wijkteam Zuid"})
    assert response.status_code == 422 and "al een team met deze naam" in response.content.decode()
    assert (
        client.post(reverse("administration:team", args=[team.pk]), {"name": "Wijkteam Oost-Centrum"}).status_code
        == 302
    )
    team.refresh_from_db()
    assert team.name == "Wijkteam Oost-Centrum"
    assert "'Wijkteam Oost' -> 'Wijkteam Oost-Centrum'" in last_record().detail


def test_a_team_of_another_organisation_may_carry_the_same_name(world):
    assert actions.do_create_team(world.administrator, "Buurtteam Heuvel").organisation == world.org


def test_it_archives_a_team_with_cases_and_never_removes_it(client, world):
    client.force_login(world.administrator)
    response = client.post(reverse("administration:delete_team", args=[world.north.pk]), follow=True)
    assert "Dit team heeft casussen, dus het kan niet weg" in response.content.decode()
    assert Team.objects.filter(pk=world.north.pk).exists()
    client.post(reverse("administration:archive_team", args=[world.north.pk]), {"archived": "1"})
    world.north.refresh_from_db()
    assert world.north.archived_at is not None
    assert world.case.team_id == world.north.pk  # the cases stay
    response = client.post(
        reverse("administration:grant_role", args=[world.south_worker.pk]),
        {"team": world.north.pk, "role": "professional"},
    )
    assert response.status_code == 422 and "Dit team is gearchiveerd" in response.content.decode()
    client.post(reverse("administration:archive_team", args=[world.north.pk]), {"archived": "0"})
    world.north.refresh_from_db()
    assert world.north.archived_at is None


def test_it_removes_an_empty_team_made_by_mistake(client, world):
    client.force_login(world.administrator)
    team = actions.do_create_team(world.administrator, "Wijkteam Vergissing")
    assert client.post(reverse("administration:delete_team", args=[team.pk])).status_code == 302
    assert not Team.objects.filter(pk=team.pk).exists()
    assert last_record().action == "administration.delete_team"


def test_it_gives_and_takes_away_roles_and_shows_who_has_which_role_where(client, world):
    client.force_login(world.administrator)
    url = reverse("administration:grant_role", args=[world.south_worker.pk])
    assert client.post(url, {"team": world.north.pk, "role": "team_lead"}).status_code == 302
    assert Membership.objects.filter(user=world.south_worker, team=world.north, role="team_lead").exists()
    assert "role=team_lead" in last_record().detail
    again = client.post(url, {"team": world.north.pk, "role": "team_lead"})
    assert again.status_code == 422 and "heeft deze rol in dit team al" in again.content.decode()
    overview = client.get(reverse("administration:people")).content.decode()
    assert "teamleider" in overview and escape(world.south_worker.get_full_name()) in overview
    client.post(
        reverse("administration:revoke_role", args=[world.south_worker.pk]),
        {"team": world.north.pk, "role": "team_lead"},
    )
    assert not Membership.objects.filter(user=world.south_worker, team=world.north, role="team_lead").exists()
    assert last_record().action == "administration.revoke_role"


def test_it_refuses_a_role_for_someone_of_another_organisation(client, world):
    client.force_login(world.administrator)
    # Through the page the person is not even found ...
    assert (
        client.post(
            reverse("administration:grant_role", args=[world.outsider.pk]),
            {"team": world.north.pk, "role": "professional"},
        ).status_code
        == 404
    )
    # ... and a team of another organisation is no choice.
    response = client.post(
        reverse("administration:grant_role", args=[world.caseworker.pk]),
        {"team": world.hill.pk, "role": "professional"},
    )
    assert response.status_code == 422 and "Selecteer een geldige keuze" in response.content.decode()
    # The action itself refuses it with a sentence that says why.
    with pytest.raises(Exception) as refused:
        actions.do_grant_role(world.administrator, world.caseworker, world.hill, Role.PROFESSIONAL)
    assert "werkt voor een andere organisatie" in str(refused.value)
    assert not Membership.objects.filter(team=world.hill, user=world.caseworker).exists()


def test_it_invites_a_professional_who_sets_a_password_once(client, world):
    client.force_login(world.administrator)
    response = invite(client, team=world.north.pk, role="professional")
    assert response.status_code == 302
    nadia = User.objects.get(username="nadia")
    assert nadia.organisation == world.org and not nadia.has_usable_password()
    assert Membership.objects.filter(user=nadia, team=world.north, role="professional").exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nadia@rivierstad.example"]
    token = link_token(mail.outbox[0])
    assert not Invitation.objects.filter(token_hash__contains=token).exists()  # only a hash is kept

    visitor = type(client)()
    page = visitor.get(reverse("administration:accept", args=[token]))
    assert page.status_code == 200 and "nadia" in page.content.decode()
    mismatch = visitor.post(
        reverse("administration:accept", args=[token]), {"password1": "een lange zin om te onthouden", "password2": "x"}
    )
    assert mismatch.status_code == 422 and "De twee wachtwoorden zijn niet gelijk." in mismatch.content.decode()
    done = visitor.post(
        reverse("administration:accept", args=[token]),
        {"password1": "een lange zin om te onthouden", "password2": "een lange zin om te onthouden"},
    )
    assert done.status_code == 302 and done["Location"] == reverse("account_login")
    nadia.refresh_from_db()
    assert nadia.check_password("een lange zin om te onthouden")
    assert last_record().action == "administration.accept_invitation" and last_record().username == "nadia"

    reused = visitor.get(reverse("administration:accept", args=[token]))
    assert reused.status_code == 410
    assert "Deze link is al gebruikt: hij werkt maar één keer." in reused.content.decode()


def test_it_refuses_an_expired_an_unknown_and_a_replaced_link(client, world):
    client.force_login(world.administrator)
    invite(client)
    first = link_token(mail.outbox[0])
    nadia = User.objects.get(username="nadia")
    client.post(reverse("administration:reinvite", args=[nadia.pk]))
    second = link_token(mail.outbox[1])
    visitor = type(client)()
    replaced = visitor.get(reverse("administration:accept", args=[first]))
    assert replaced.status_code == 410 and "vervangen door een nieuwere uitnodiging" in replaced.content.decode()
    Invitation.objects.filter(used_at__isnull=True, withdrawn_at__isnull=True).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    expired = visitor.post(
        reverse("administration:accept", args=[second]), {"password1": "een lange zin", "password2": "een lange zin"}
    )
    assert expired.status_code == 410 and "Deze link is verlopen." in expired.content.decode()
    assert not User.objects.get(pk=nadia.pk).has_usable_password()
    unknown = visitor.get(reverse("administration:accept", args=["bestaat-niet"]))
    assert unknown.status_code == 410 and "Deze link is niet geldig." in unknown.content.decode()


def test_it_refuses_bad_invitations_with_field_errors(client, world):
    client.force_login(world.administrator)
    response = invite(client, username="caseworker")
    assert response.status_code == 422 and "Deze gebruikersnaam is al in gebruik." in response.content.decode()
    response = invite(client, username="nieuw", email="geen-adres")
    assert response.status_code == 422 and "geldig e-mailadres" in response.content.decode()
    response = invite(client, username="nieuw", team=world.north.pk)
    assert response.status_code == 422 and "Kies een team en een rol, of geen van beide." in response.content.decode()
    assert not User.objects.filter(username="nieuw").exists()


def test_disabling_ends_sessions_and_tokens_and_enabling_lets_them_in_again(client, world):
    session = logged_in(world.caseworker)
    token = api_token(world.caseworker)
    client.force_login(world.administrator)
    url = reverse("administration:set_active", args=[world.caseworker.pk])
    assert client.post(url, {"active": "0"}).status_code == 302
    assert not is_logged_in(session) and not token_works(token)
    assert not AuthToken.objects.filter(user=world.caseworker).exists()
    record = last_record()
    assert (record.action, record.event) == ("administration.disable_user", "change")
    assert "active: True -> False" in record.detail
    client.post(url, {"active": "1"})
    world.caseworker.refresh_from_db()
    assert world.caseworker.is_active and last_record().action == "administration.enable_user"


def test_it_never_leaves_the_organisation_without_an_administrator(client, world):
    client.force_login(world.administrator)
    own = client.post(reverse("administration:set_active", args=[world.administrator.pk]), {"active": "0"}, follow=True)
    assert "Je kunt je eigen account niet uitschakelen." in own.content.decode()
    revoke = client.post(
        reverse("administration:revoke_role", args=[world.administrator.pk]),
        {"team": world.north.pk, "role": "administrator"},
        follow=True,
    )
    assert "zonder actieve beheerder" in revoke.content.decode()
    assert Membership.objects.filter(user=world.administrator, role="administrator").exists()
    # A second administrator may be disabled; then the first is the last one again.
    second = User.objects.create(username="beheer2", organisation=world.org)
    Membership.objects.create(user=second, team=world.south, role=Role.ADMINISTRATOR)
    assert client.post(reverse("administration:set_active", args=[second.pk]), {"active": "0"}).status_code == 302
    second.refresh_from_db()
    assert not second.is_active
    with pytest.raises(Exception, match="zonder actieve beheerder"):
        actions.do_revoke_role(
            world.administrator, Membership.objects.get(user=world.administrator, role="administrator")
        )


def test_an_administrator_disabled_while_the_request_waited_does_not_act(world):
    second = User.objects.create(username="beheer2", organisation=world.org)
    Membership.objects.create(user=second, team=world.south, role=Role.ADMINISTRATOR)
    stale = User.objects.get(pk=second.pk)  # read when the request began, still active
    actions.do_set_active(world.administrator, second, active=False)
    with pytest.raises(PermissionDenied):
        actions.do_set_active(stale, world.administrator, active=False)
    world.administrator.refresh_from_db()
    assert world.administrator.is_active


@pytest.mark.parametrize("persona", ["team_lead", "caseworker", "scientist", "south_lead", "outsider"])
def test_only_an_administrator_reaches_the_administration(client, world, persona):
    client.force_login(world.persona(persona))
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse("administration:teams"), {"name": "Stiekem team"}).status_code == 403
    assert not Team.objects.filter(name="Stiekem team").exists()


def test_an_archived_team_takes_no_new_case(client, world):
    world.south = actions.do_archive_team(world.administrator, world.south, archived=True)
    with pytest.raises(ValidationError) as refused:
        register(world.south_worker, world.south, name="Te laat")
    assert refused.value.message_dict == {"team": ["Dit team is gearchiveerd: het krijgt geen nieuwe casussen."]}
    client.force_login(world.two_team_worker)
    form = client.get(reverse("cases:register")).content.decode()
    assert "Wijkteam Noord" in form and "Wijkteam Zuid" not in form

"""Family accounts: invited by the caseworker, a one-time link that expires, then a password and the portal."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse

from samenplan import clock
from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import MemberRole
from samenplan.portal.models import FamilyAccount, Invitation

PASSWORD = "een lange zin over de fiets"


def parent_of(case):
    return case.family.members.get(role=MemberRole.PARENT)


def invite(client, world, member, email="sanne@example.org"):
    client.force_login(world.caseworker)
    url = reverse("portal:invite", args=[world.case.pk])
    response = client.post(url, {"member": member.pk, "email": email})
    client.logout()
    return response


def link_from_outbox() -> str:
    body = mail.outbox[-1].body
    return next(word for word in body.split() if "/portal/invitation/" in word)


def test_a_caseworker_invites_a_parent_who_sets_a_password_and_sees_the_portal(
    client, world, django_capture_on_commit_callbacks
):
    parent = parent_of(world.case)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, world, parent)
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sanne@example.org"]
    link = link_from_outbox()
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert not Invitation.objects.filter(token_hash=token).exists()  # only a hash is stored

    assert client.get(link).status_code == 200
    response = client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    account = FamilyAccount.objects.get(member=parent)
    home = client.get(reverse("portal:home"))
    assert home.status_code == 200
    assert "We maken veel ruzie thuis" in home.content.decode()  # the registration in their own words
    record = AccessLogRecord.objects.filter(action="portal.home").latest("seq")
    assert record.user_id == account.user_id and record.role == "ouder" and record.family_id == parent.family_id

    # Family accounts never see the workbench; the start page sends them to the portal.
    assert client.get("/cases/").status_code == 404
    assert client.get(reverse("cases:dossier", args=[world.case.pk])).status_code == 404
    assert client.get("/api/v1/cases/").status_code == 404
    assert client.get("/")["Location"] == reverse("portal:home")

    # The link works once.
    client.logout()
    assert client.post(link, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 404
    assert client.get(link).status_code == 404
    # And the parent logs in with the password (no second factor required for family members).
    client.logout()
    assert client.login(username=account.user.username, password=PASSWORD)
    assert client.get(reverse("portal:home")).status_code == 200


def test_an_expired_link_no_longer_works(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, world, parent_of(world.case))
    link = link_from_outbox()
    Invitation.objects.update(expires_at=clock.now() - timedelta(seconds=1))
    assert client.get(link).status_code == 404
    assert client.post(link, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 404
    assert not FamilyAccount.objects.exists()


def test_an_unknown_link_shows_nothing(client, world):
    response = client.get(reverse("portal:accept", args=["guessed-token"]))
    assert response.status_code == 404
    assert "Jansen" not in response.content.decode()


def test_a_child_under_12_gets_no_invitation(client, world):
    child = world.case.family.members.get(role=MemberRole.CHILD)  # born 2014: 12 or younger
    child.date_of_birth = clock.now().date().replace(year=clock.now().year - 11)
    child.save()
    client.force_login(world.caseworker)
    response = client.post(
        reverse("portal:invite", args=[world.case.pk]), {"member": child.pk, "email": "m@example.org"}
    )
    assert response.status_code == 400
    assert "te jong" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_weak_password_gets_a_field_error_and_no_account(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, world, parent_of(world.case))
    link = link_from_outbox()
    response = client.post(link, {"password1": "welkom2024!", "password2": "welkom2024!"})
    assert response.status_code == 400
    assert not FamilyAccount.objects.exists()


def test_the_dossier_offers_the_invitation_to_its_editors(client, world):
    client.force_login(world.caseworker)
    page = client.get(reverse("cases:dossier", args=[world.case.pk])).content.decode()
    assert reverse("portal:invite", args=[world.case.pk]) in page
    assert client.get(reverse("portal:invite", args=[world.case.pk])).status_code == 200


def test_a_professional_cannot_open_the_portal(client, world):
    client.force_login(world.caseworker)
    assert client.get(reverse("portal:home")).status_code == 404


def test_someone_who_only_reads_the_case_cannot_invite(client, world):
    client.force_login(world.team_lead)
    parent = parent_of(world.case)
    response = client.post(
        reverse("portal:invite", args=[world.case.pk]), {"member": parent.pk, "email": "x@example.org"}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_a_youth_reads_only_their_own_family_and_the_log_names_them_jongere(client, world):
    youth = world.persona("youth")
    other = world.persona("other_parent")
    client.force_login(youth)
    page = client.get(reverse("portal:home")).content.decode()
    assert "Jansen" in page or "Mees" in page
    record = AccessLogRecord.objects.filter(action="portal.home").latest("seq")
    assert (record.user_id, record.role, record.family_id) == (youth.pk, "jongere", world.case.family_id)
    client.force_login(other)
    page = client.get(reverse("portal:home")).content.decode()
    assert AccessLogRecord.objects.filter(action="portal.home").latest("seq").family_id == world.outsider_case.family_id
    assert client.get(reverse("cases:dossier", args=[world.case.pk])).status_code == 404


def test_a_link_works_until_its_configured_lifetime_ends_and_not_a_second_later(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_INVITATION_DAYS = 3
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, world, parent_of(world.case))
    link = link_from_outbox()
    invitation = Invitation.objects.get()
    expires = invitation.expires_at
    assert expires - invitation.created_at == timedelta(days=3)
    with clock.as_of(expires - timedelta(seconds=1)):
        assert client.get(link).status_code == 200  # still valid, just before the end
    with clock.as_of(expires):
        assert client.get(link).status_code == 404
        assert client.post(link, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 404
    assert not FamilyAccount.objects.exists()


def test_once_one_link_is_used_every_other_link_for_that_member_is_used_up(
    client, world, django_capture_on_commit_callbacks
):
    """A caseworker who sent the invitation twice: using either link spends both (one account per member)."""
    parent = parent_of(world.case)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, world, parent)
    first = link_from_outbox()
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, world, parent, email="sanne.ander@example.org")
    second = link_from_outbox()
    assert first != second
    assert client.post(second, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 302
    client.logout()
    for link in (first, second):
        assert client.get(link).status_code == 404
        assert client.post(link, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 404
    assert FamilyAccount.objects.filter(member=parent).count() == 1
    assert Invitation.objects.filter(member=parent, used_at__isnull=True).count() == 0

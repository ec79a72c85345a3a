"""Giving a consent the caseworker proposed, and limiting a consent, in the portal: each counts at once for every
later share (``consent.services.allows``), in the family's voice in the dossier, with the member as the actor."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import DossierEntry, EntryKind, MemberRole, Voice
from samenplan.consent import actions, services
from samenplan.consent.models import Consent, ConsentProposal, Purpose
from samenplan.portal.models import FamilyAccount
from tests.factories import record_consent

PROPOSAL = {
    "recipient_name": "OBS De Regenboog",
    "recipient_kind": "organisation",
    "recipient_role": "school",
    "purpose": "request_information",
    "data_kinds": ["school", "development"],
    "benefit": "Dan hoeft het gezin het verhaal niet opnieuw te vertellen.",
}


def member_of_user(user):
    return FamilyAccount.objects.get(user=user).member


def ask_school(world, kinds=("school",)):
    recipient = world.case.recipients.get(name="OBS De Regenboog")
    return actions.do_request_information(
        world.caseworker, world.case, recipient=recipient, data_kinds=list(kinds),
        question="Hoe gaat het op school?", reason="Dan hoeft het gezin het niet te vertellen.",
    )  # fmt: skip


def propose(client, world) -> ConsentProposal:
    client.force_login(world.caseworker)
    members = [str(m.pk) for m in world.case.family.members.all()]
    response = client.post(reverse("consent:propose", args=[world.case.pk]), {**PROPOSAL, "asked": members})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ConsentProposal.objects.get(case=world.case)


@pytest.mark.guideline("G3.6")
@pytest.mark.guideline("L2")
@pytest.mark.guideline("L9")
def test_the_family_gives_a_proposed_consent_and_only_then_may_the_school_be_asked(client, world):
    proposal = propose(client, world)
    dossier = client.get(reverse("cases:dossier", args=[world.case.pk])).content.decode()
    assert "Voorgesteld aan het gezin" in dossier
    assert not services.allows(world.case, proposal.recipient, Purpose.REQUEST_INFORMATION, ["school"])

    parent, youth = world.persona("parent"), world.persona("youth")
    client.force_login(parent)
    page = client.get(reverse("portal:consents")).content.decode()
    give = reverse("portal:give_consent", args=[proposal.pk])
    assert give in page
    assert "Dan hoeft het gezin" in client.get(give).content.decode()
    assert client.post(give, {"agree": "on"}).status_code == 302
    # Mees is 12: the youth and the parent with custody both consent; the parent alone is not enough yet.
    with pytest.raises(ValidationError):
        ask_school(world)
    entry = DossierEntry.objects.filter(case=world.case).latest("pk")
    assert (entry.kind, entry.voice, entry.speaker, entry.author) == (
        EntryKind.PORTAL, Voice.FAMILY, member_of_user(parent), parent,
    )  # fmt: skip
    record = AccessLogRecord.objects.filter(action="consent.give_proposed").latest("seq")
    assert (record.user_id, record.case_id) == (parent.pk, world.case.pk)

    client.force_login(youth)
    assert client.post(give, {"agree": "on"}).status_code == 302
    assert ask_school(world).pk  # now it is allowed


def test_a_second_yes_gets_a_clear_message(client, world):
    proposal = propose(client, world)
    client.force_login(world.persona("parent"))
    give = reverse("portal:give_consent", args=[proposal.pk])
    assert client.post(give, {"agree": "on"}).status_code == 302
    assert "Ja gezegd op" in client.get(give).content.decode()
    again = client.post(give, {"agree": "on"})
    assert again.status_code == 422 and "Deze toestemming is al gegeven" in again.content.decode()
    assert Consent.objects.filter(proposal=proposal).count() == 1


def test_saying_yes_needs_the_box_ticked(client, world):
    proposal = propose(client, world)
    client.force_login(world.persona("parent"))
    response = client.post(reverse("portal:give_consent", args=[proposal.pk]), {})
    assert response.status_code == 422 and not Consent.objects.filter(proposal=proposal).exists()


def test_a_proposal_not_asked_of_the_member_or_of_another_family_is_404(client, world):
    client.force_login(world.caseworker)
    mother = world.case.family.members.get(role=MemberRole.PARENT)
    proposal = actions.do_propose_consent(world.caseworker, world.case, **PROPOSAL, asked=[mother])
    client.force_login(world.persona("youth"))
    assert client.get(reverse("portal:give_consent", args=[proposal.pk])).status_code == 404
    client.force_login(world.persona("other_parent"))
    assert client.post(reverse("portal:give_consent", args=[proposal.pk]), {"agree": "on"}).status_code == 404


def test_the_caseworker_cannot_propose_to_a_child_too_young_to_consent(world):
    child = world.case.family.members.get(role=MemberRole.CHILD)
    child.date_of_birth = timezone.localdate() - timedelta(days=365 * 9)
    child.save()
    with pytest.raises(ValidationError) as refused:
        actions.do_propose_consent(world.caseworker, world.case, **PROPOSAL, asked=[child])
    assert "asked" in refused.value.error_dict


@pytest.mark.guideline("G3.6")
def test_limiting_a_consent_makes_a_narrower_version_that_counts_at_once(client, world):
    consent = record_consent(world.caseworker, world.case)  # school and development, by Sanne and Mees
    assert ask_school(world, ["development"]).pk
    parent = world.persona("parent")
    client.force_login(parent)
    assert reverse("portal:limit_consent", args=[consent.pk]) in client.get(reverse("portal:consents")).content.decode()
    url = reverse("portal:limit_consent", args=[consent.pk])
    until = timezone.localdate() + timedelta(days=30)
    response = client.post(
        url, {"data_kinds": ["school"], "expires_on": until.isoformat(), "reason": "Alleen school.", "version": "1"}
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    limited = consent.replaced_by
    assert consent.is_revoked and consent.revoked_by == member_of_user(parent) and consent.version == 2
    assert (limited.data_kinds, limited.expires_on, set(limited.givers.all())) == (
        ["school"], until, set(consent.givers.all()),
    )  # fmt: skip
    # At once: development may no longer be asked for; school still may.
    with pytest.raises(ValidationError) as refused:
        ask_school(world, ["development"])
    assert refused.value.error_list[0].code == "consent_revoked"
    assert ask_school(world, ["school"]).pk
    entry = DossierEntry.objects.filter(case=world.case, voice=Voice.FAMILY).latest("pk")
    assert entry.speaker == member_of_user(parent) and "Alleen school." in entry.text
    record = AccessLogRecord.objects.filter(action="consent.limit").latest("seq")
    assert record.user_id == parent.pk
    page = client.get(reverse("portal:consents")).content.decode()
    assert "Smaller gemaakt op" in page


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"data_kinds": ["school", "health"]}, "Kies soorten gegevens uit de lijst"),
        ({"data_kinds": ["school", "development"]}, "Zo verandert er niets"),
        ({"data_kinds": ["school"], "expires_on": "2020-01-01"}, "De einddatum ligt voor vandaag"),
        ({"data_kinds": []}, "Kies minstens één soort gegevens"),
        ({"data_kinds": ["school"], "reason": ""}, "Dit veld is vereist"),
        ({"data_kinds": ["school"], "version": "7"}, "Iemand heeft deze toestemming intussen veranderd"),
    ],
)
def test_limiting_refuses_what_is_not_narrower_with_a_clear_message(client, world, data, field_message):
    consent = record_consent(world.caseworker, world.case)
    client.force_login(world.persona("parent"))
    body = {"reason": "Minder.", "version": str(consent.version), **data}
    response = client.post(reverse("portal:limit_consent", args=[consent.pk]), body)
    assert response.status_code == 422
    page = response.content.decode()
    assert field_message in page, re.findall(r"error-message[^>]*>([^<]*)", page)
    consent.refresh_from_db()
    assert not consent.is_revoked and not Consent.objects.filter(replaces=consent).exists()


def test_an_end_date_cannot_be_moved_later(world):
    until = timezone.localdate() + timedelta(days=10)
    consent = record_consent(world.caseworker, world.case, expires_on=until)
    mother = world.case.family.members.get(role=MemberRole.PARENT)
    with pytest.raises(ValidationError) as refused:
        actions.do_limit_consent(
            world.caseworker, consent, limited_by=mother, data_kinds=["school"], expires_on=until + timedelta(days=5),
            reason="Langer.", expected_version=consent.version,
        )  # fmt: skip
    assert refused.value.error_dict["expires_on"][0].code == "later_end"


def test_a_member_who_did_not_give_it_cannot_limit_it(client, world):
    mother = world.case.family.members.get(role=MemberRole.PARENT)
    consent = record_consent(world.caseworker, world.case, givers=[mother])
    client.force_login(world.persona("youth"))
    response = client.post(
        reverse("portal:limit_consent", args=[consent.pk]),
        {"data_kinds": ["school"], "reason": "Minder.", "version": str(consent.version)},
    )
    assert response.status_code == 422
    consent.refresh_from_db()
    assert not consent.is_revoked


@pytest.mark.guideline("G3.6")
@pytest.mark.guideline("L2")
def test_a_consent_revoked_in_the_portal_blocks_the_next_share(client, world):
    consent = record_consent(world.caseworker, world.case)
    assert ask_school(world).pk
    client.force_login(world.persona("parent"))
    response = client.post(
        reverse("portal:revoke", args=[consent.pk]), {"reason": "Liever niet meer.", "version": consent.version}
    )
    assert response.status_code == 302
    with pytest.raises(ValidationError) as refused:
        ask_school(world)
    assert refused.value.error_list[0].code == "consent_revoked"


def test_destroying_the_family_removes_proposals_limited_versions_and_ratings_too(world):
    from django.db import transaction

    from samenplan.feedback.models import ConversationRating
    from samenplan.privacy.actions import remove_family

    consent = record_consent(world.caseworker, world.case)
    mother = world.case.family.members.get(role=MemberRole.PARENT)
    actions.do_limit_consent(
        world.persona("parent"), consent, limited_by=mother, data_kinds=["school"], expires_on=None,
        reason="Alleen school.", expected_version=consent.version,
    )  # fmt: skip
    proposal = actions.do_propose_consent(world.caseworker, world.case, **PROPOSAL, asked=[mother])
    actions.do_give_proposed_consent(world.persona("parent"), proposal, member=mother)
    from samenplan.feedback.actions import do_rate_conversation
    from tests.test_permission_matrix import conversation_of

    do_rate_conversation(world.persona("parent"), mother, conversation_of(world), understand=9, listen=9, include=9)
    assert ConversationRating.objects.count() == 1
    with transaction.atomic():
        counts = remove_family(world.administrator, world.case.family, reason="Verzoek tot vernietiging.")
    assert counts["consent.ConsentProposal"] == 1 and counts["consent.Consent"] == 3
    assert not Consent.objects.filter(case_id=world.case.pk).exists()
    assert not ConversationRating.objects.exists()

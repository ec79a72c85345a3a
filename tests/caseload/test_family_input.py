"""The dashboard's "New from the family" and the case page's block of the same name: every dossier entry written by
a family account (whatever kind: a proposal, a score, an answer to the plan, …) that the case's professionals
have not marked as seen. One query, however many cases."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samenplan.administration.services import settings_for
from samenplan.audit.models import AccessLogRecord
from samenplan.caseload import services
from samenplan.cases.models import DossierEntry
from samenplan.portal import actions as portal_actions
from samenplan.portal import actions_proposals
from samenplan.portal.caseload import family_input
from samenplan.portal.models import FamilyAccount, FamilyInputSeen
from tests.caseload.factories import busy_cases


def items(world, cases=None):
    cases = services.read_caseload(cases if cases is not None else services.own_cases(world.caseworker))
    return family_input(cases, timezone.localdate(), settings_for(world.org))


def parent_proposes(world, words="Samen eten zonder ruzie."):
    parent = world.persona("parent")
    member = FamilyAccount.objects.get(user=parent).member
    return actions_proposals.do_propose(parent, member, world.case, kind="goal", words=words)


def mark_seen(world, user=None):
    newest = DossierEntry.objects.filter(case=world.case).order_by("-pk").values_list("pk", flat=True).first()
    return actions_proposals.do_mark_family_input_seen(user or world.caseworker, world.case, up_to=newest)


@pytest.mark.guideline("G1.1")
def test_what_the_family_wrote_is_new_until_the_caseworker_marks_it_as_seen(world):
    assert items(world) == []
    parent_proposes(world)
    (item,) = items(world)
    assert (item.group, item.case_id, item.family_name) == ("family_input", world.case.pk, "Jansen")
    assert item.text.startswith("1 nieuw bericht van het gezin")
    assert item.url == reverse("cases:dossier", args=[world.case.pk]) + "#new-from-family"
    mark_seen(world)
    assert items(world) == []
    parent_proposes(world, "Nog een doel.")
    (item,) = items(world)
    assert item.text.startswith("1 ")  # only what came after the mark


def test_the_professionals_own_words_in_the_familys_voice_are_not_new_input(world):
    """The caseworker recording the family's words (family voice, their own account) is not the family writing."""
    from samenplan.goals.actions import do_add_goal

    do_add_goal(world.caseworker, world.case, words="Samen eten.")  # the family's voice, by the caseworker
    assert items(world) == []


def test_an_entry_by_an_account_of_another_family_is_not_this_familys_input(world):
    """Only the accounts of the case's own family count (a family account writes only in its own family's cases;
    the query asks it per case)."""
    from samenplan.cases.models import EntryKind, Family, Voice
    from tests.caseload.factories import family_user

    other = family_user(Family.objects.create(organisation=world.org, name="Anders"))
    DossierEntry.objects.create(
        case=world.case, author=other.user, at=timezone.now(), kind=EntryKind.PORTAL, voice=Voice.FAMILY,
        text="Niet van dit gezin.",
    )  # fmt: skip
    assert items(world) == []
    parent_proposes(world)
    (item,) = items(world)
    assert item.text.startswith("1 ")


def test_any_family_entry_counts_a_score_and_an_answer_to_the_plan_too(world):
    from samenplan.goals.actions import do_add_goal
    from tests.plans.factories import plan_version

    goal = do_add_goal(world.caseworker, world.case, words="Samen eten.")
    version = plan_version(world.caseworker, world.case)
    parent = world.persona("parent")
    member = FamilyAccount.objects.get(user=parent).member
    portal_actions.do_family_score(parent, member, goal, score=6)
    portal_actions.do_family_agreement(parent, member, version, agreement="no", words="Te vroeg.")
    (item,) = items(world)
    assert item.text.startswith("2 nieuwe berichten")


def test_the_mark_never_moves_back_and_input_after_the_page_stays_new(world):
    parent_proposes(world)
    shown = DossierEntry.objects.filter(case=world.case).order_by("-pk").values_list("pk", flat=True).first()
    parent_proposes(world, "Kwam binnen na het openen van de pagina.")
    actions_proposals.do_mark_family_input_seen(world.caseworker, world.case, up_to=shown)
    (item,) = items(world)
    assert item.text.startswith("1 ")
    mark_seen(world)
    actions_proposals.do_mark_family_input_seen(world.coworker, world.case, up_to=shown)  # an old page, sent late
    assert items(world) == [] and FamilyInputSeen.objects.get().seen_by == world.coworker


def test_it_takes_one_query_however_many_cases(world):
    busy_cases(world, 2, prefix="Weinig")
    settings = settings_for(world.org)
    cases = services.read_caseload(services.own_cases(world.caseworker))
    with CaptureQueriesContext(connection) as few:
        found_few = family_input(cases, timezone.localdate(), settings)
    busy_cases(world, 10, prefix="Veel")
    parent_proposes(world)
    cases = services.read_caseload(services.own_cases(world.caseworker))
    with CaptureQueriesContext(connection) as many:
        found_many = family_input(cases, timezone.localdate(), settings)
    assert len(few) == len(many) == 1
    assert len(found_few) == 1 and len(found_many) == 7


def test_the_dashboard_shows_the_group(client, world):
    parent_proposes(world)
    client.force_login(world.caseworker)
    page = client.get(reverse("caseload:dashboard")).content.decode()
    assert "Nieuw van het gezin" in page and "1 nieuw bericht van het gezin" in page and "Jansen" in page


@pytest.mark.guideline("G1.1")
def test_the_case_page_lists_the_new_family_entries_with_links_and_marks_them_seen(client, world):
    proposal = parent_proposes(world, "Ik wil <i>rust</i>.")
    client.force_login(world.caseworker)
    url = reverse("cases:dossier", args=[world.case.pk])
    page = client.get(url).content.decode()
    assert 'id="new-from-family"' in page and "Nieuw van het gezin" in page
    assert "Ik wil &lt;i&gt;rust&lt;/i&gt;." in page
    assert reverse("portal:case_proposals", args=[world.case.pk]) in page
    assert "1 voorstel van het gezin wacht op je antwoord" in page
    assert "Markeer als gezien" in page
    newest = DossierEntry.objects.filter(case=world.case).order_by("-pk").first().pk
    response = client.post(reverse("portal:family_input_seen", args=[world.case.pk]), {"up_to": newest})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Markeer als gezien" not in page
    assert "1 voorstel van het gezin wacht" in page  # the open proposal still waits for an answer
    record = AccessLogRecord.objects.filter(action="portal.family_input_seen").latest("seq")
    assert (record.user_id, record.case_id) == (world.caseworker.pk, world.case.pk)
    assert proposal.pk


def test_the_case_page_block_takes_a_fixed_number_of_queries(client, world):
    client.force_login(world.caseworker)
    url = reverse("cases:dossier", args=[world.case.pk])
    parent_proposes(world)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(5):
        parent_proposes(world, f"Doel {i}.")
    with CaptureQueriesContext(connection) as six:
        client.get(url)
    assert len(six) == len(one)


@pytest.mark.parametrize("persona", ["colleague", "team_lead", "outsider", "parent"])
def test_only_the_cases_professionals_mark_it_as_seen(client, world, persona):
    parent_proposes(world)
    client.force_login(world.persona(persona))
    response = client.post(reverse("portal:family_input_seen", args=[world.case.pk]), {"up_to": 10**6})
    assert response.status_code in (403, 404)
    assert not FamilyInputSeen.objects.exists()

"""The family proposes its question, goals and own solutions in its own words; the caseworker takes a proposal in
(through the owning app's action, the words unchanged and marked as theirs) or declines it with a reason the
family reads."""

from datetime import date

import pytest
from django.urls import reverse

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import DossierEntry, EntryKind, MemberRole, Voice
from samenplan.errors import StaleVersion
from samenplan.goals.models import Goal, Whose
from samenplan.intake.models import Clarification
from samenplan.portal import actions_proposals
from samenplan.portal.models import FamilyAccount, Proposal, ProposalStatus

GOAL_WORDS = "Dat we 's avonds samen eten zonder <b>ruzie</b>."


def member_of_user(user):
    return FamilyAccount.objects.get(user=user).member


def propose(client, user, kind="goal", words=GOAL_WORDS):
    client.force_login(user)
    return client.post(reverse("portal:propose", args=[kind]), {"words": words})


def proposal_of(world, persona="parent", kind="goal", words=GOAL_WORDS):
    user = world.persona(persona)
    member = member_of_user(user)
    return actions_proposals.do_propose(user, member, world.case, kind=kind.replace("-", "_"), words=words)


@pytest.mark.guideline("L4")
def test_a_parent_proposes_a_goal_in_own_words_which_lands_in_the_dossier_as_theirs(client, world):
    parent = world.persona("parent")
    response = propose(client, parent)
    assert response.status_code == 302 and response.url == reverse("portal:proposals")
    proposal = Proposal.objects.get()
    assert (proposal.case, proposal.words, proposal.status) == (world.case, GOAL_WORDS, ProposalStatus.OPEN)
    entry = DossierEntry.objects.filter(case=world.case, kind=EntryKind.PORTAL).latest("pk")
    assert (entry.voice, entry.author, entry.speaker) == (Voice.FAMILY, parent, member_of_user(parent))
    assert GOAL_WORDS in entry.text
    record = AccessLogRecord.objects.filter(action="portal.propose").latest("seq")
    assert (record.user_id, record.case_id, record.event) == (parent.pk, world.case.pk, "create")
    page = client.get(reverse("portal:proposals")).content.decode()
    assert "&lt;b&gt;ruzie&lt;/b&gt;" in page and "<b>ruzie" not in page  # their words, escaped
    assert "Nog niet beantwoord" in page


@pytest.mark.guideline("P1")
def test_a_youth_proposes_the_question_in_own_words(client, world):
    youth = world.persona("youth")
    response = propose(client, youth, "question", "Ik wil dat mijn ouders minder ruzie maken.")
    assert response.status_code == 302
    assert Proposal.objects.get().kind == "question"
    page = client.get(reverse("portal:propose", args=["question"])).content.decode()
    assert "Jouw vraag" in page  # "je" for youth


@pytest.mark.guideline("P5")
def test_a_parent_proposes_an_own_solution(client, world):
    response = propose(client, world.persona("parent"), "own-solution", "Oma Ria kan op woensdag koken.")
    assert response.status_code == 302 and Proposal.objects.get().kind == "own_solution"


@pytest.mark.parametrize(
    "words,message",
    [("", "Schrijf het op in eigen woorden."), ("   \u200b ", "Schrijf het op in eigen woorden."),
     ("x" * 5001, "te lang")],
)  # fmt: skip
def test_empty_or_oversized_words_give_a_dutch_message_and_store_nothing(client, world, words, message):
    response = propose(client, world.persona("parent"), "goal", words)
    assert response.status_code == 422 and message in response.content.decode()
    assert not Proposal.objects.exists()


def test_an_unknown_kind_is_not_found(client, world):
    assert propose(client, world.persona("parent"), "wish").status_code == 404
    assert client.get(reverse("portal:propose", args=["wish"])).status_code == 404


def test_another_family_sees_none_of_the_proposals(client, world):
    proposal_of(world)
    client.force_login(world.persona("other_parent"))
    page = client.get(reverse("portal:proposals")).content.decode()
    assert "samen eten" not in page
    propose(client, world.persona("other_parent"), "goal", "Ons eigen doel.")
    assert Proposal.objects.get(words="Ons eigen doel.").case == world.outsider_case


def test_a_parent_does_not_see_a_16_year_olds_proposal_unless_the_youth_agrees(client, world):
    child = world.case.family.members.get(role=MemberRole.CHILD)
    child.date_of_birth = date(2009, 1, 1)
    child.save()
    proposal_of(world, "youth", "goal", "Zelf met de bus naar school.")
    client.force_login(world.persona("parent"))
    assert "Zelf met de bus" not in client.get(reverse("portal:proposals")).content.decode()
    FamilyAccount.objects.filter(member=child).update(shares_own_part=True)
    assert "Zelf met de bus" in client.get(reverse("portal:proposals")).content.decode()


# ── The caseworker ─────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.guideline("G1.1")
@pytest.mark.guideline("L4")
def test_the_caseworker_takes_a_goal_in_with_one_click_and_the_goal_is_marked_as_theirs(client, world):
    proposal = proposal_of(world)
    client.force_login(world.caseworker)
    page = client.get(reverse("portal:case_proposals", args=[world.case.pk])).content.decode()
    assert "samen eten" in page and "Overnemen" in page
    response = client.post(
        reverse("portal:take_proposal", args=[world.case.pk, proposal.pk]), {"version": proposal.version}
    )
    assert response.status_code == 302
    goal = Goal.objects.get(case=world.case)
    assert goal.words == GOAL_WORDS and goal.whose == Whose.FAMILY  # verbatim
    proposal.refresh_from_db()
    assert (proposal.status, proposal.goal, proposal.decided_by) == ("taken", goal, world.caseworker)
    goals_page = client.get(reverse("goals:overview", args=[world.case.pk])).content.decode()
    assert "Voorgesteld door Sanne Jansen in het gezinsportaal" in goals_page and "in hun eigen woorden" in goals_page
    record = AccessLogRecord.objects.filter(action="portal.take_proposal").latest("seq")
    assert (record.user_id, record.case_id) == (world.caseworker.pk, world.case.pk)
    client.force_login(world.persona("parent"))
    assert "Overgenomen" in client.get(reverse("portal:proposals")).content.decode()
    assert "Sanne Jansen heeft dit doel voorgesteld" in client.get(reverse("portal:goals")).content.decode()


def test_a_youths_goal_becomes_their_own_goal(world):
    proposal = proposal_of(world, "youth", "goal", "Meer slapen.")
    actions_proposals.do_take_proposal(world.caseworker, proposal, expected_version=proposal.version)
    goal = Goal.objects.get()
    assert (goal.whose, goal.member, goal.words) == (
        Whose.MEMBER,
        member_of_user(world.persona("youth")),
        "Meer slapen.",
    )


@pytest.mark.guideline("P1")
def test_a_question_becomes_the_proposers_clarified_question(client, world):
    proposal = proposal_of(world, "parent", "question", "Hoe krijgen we rust aan tafel?")
    actions_proposals.do_take_proposal(world.caseworker, proposal, expected_version=proposal.version)
    clarification = Clarification.objects.get(case=world.case)
    assert clarification.help_question == "Hoe krijgen we rust aan tafel?"
    assert clarification.member == member_of_user(world.persona("parent"))
    assert clarification.family_proposal == Proposal.objects.get()
    world.case.refresh_from_db()
    assert world.case.phase == "clarification"
    client.force_login(world.persona("parent"))
    page = client.get(reverse("portal:home")).content.decode()
    assert "Hoe krijgen we rust aan tafel?” (voorgesteld in het portaal, in deze woorden)" in page


@pytest.mark.guideline("P5")
def test_an_own_solution_becomes_a_line_of_the_plans_what_we_do_ourselves(world):
    from tests.plans.factories import plan_version

    plan_version(world.caseworker, world.case, own={"text": "We eten samen.", "voice": "family"})
    proposal = proposal_of(world, "parent", "own_solution", "Oma Ria kookt op woensdag.")
    taken = actions_proposals.do_take_proposal(world.caseworker, proposal, expected_version=proposal.version)
    own = taken.plan_version.content["own"]["text"]
    assert own.startswith("We eten samen.\n") and own.endswith(": Oma Ria kookt op woensdag.")
    assert "Sanne Jansen, in hun eigen woorden (voorgesteld in het gezinsportaal)" in own
    assert taken.plan_version.number == 2


def test_an_own_solution_starts_the_plan_when_there_is_none(world):
    proposal = proposal_of(world, "parent", "own_solution", "Buurvrouw past op.")
    taken = actions_proposals.do_take_proposal(world.caseworker, proposal, expected_version=proposal.version)
    assert taken.plan_version.number == 1 and "Buurvrouw past op." in taken.plan_version.content["own"]["text"]


@pytest.mark.guideline("G2.4")
def test_the_caseworker_declines_with_a_reason_the_family_reads(client, world):
    proposal = proposal_of(world)
    client.force_login(world.caseworker)
    url = reverse("portal:decline_proposal", args=[world.case.pk, proposal.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "", "version": proposal.version})
    assert response.status_code == 422 and "Schrijf op waarom" in response.content.decode()
    response = client.post(url, {"reason": "Dit staat al in doel 1.", "version": proposal.version})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decline_reason) == ("declined", "Dit staat al in doel 1.")
    assert not Goal.objects.exists()
    client.force_login(world.persona("parent"))
    page = client.get(reverse("portal:proposals")).content.decode()
    assert "Niet overgenomen" in page and "Dit staat al in doel 1." in page


def test_two_professionals_cannot_both_take_the_same_proposal(client, world):
    proposal = proposal_of(world)
    read = proposal.version
    actions_proposals.do_take_proposal(world.coworker, proposal, expected_version=read)
    with pytest.raises(StaleVersion):
        actions_proposals.do_take_proposal(world.caseworker, proposal, expected_version=read)
    client.force_login(world.caseworker)
    response = client.post(reverse("portal:take_proposal", args=[world.case.pk, proposal.pk]), {"version": read})
    assert response.status_code == 422 and "in de tussentijd" in response.content.decode()
    assert Goal.objects.count() == 1
    response = client.post(
        reverse("portal:decline_proposal", args=[world.case.pk, proposal.pk]), {"reason": "x", "version": read + 1}
    )
    assert response.status_code == 422 and "al over dit voorstel beslist" in response.content.decode()


def test_a_take_in_the_owning_app_refuses_is_shown_and_changes_nothing(client, world):
    from samenplan.cases.models import Phase

    world.case.__class__.objects.filter(pk=world.case.pk).update(phase=Phase.HELP)
    proposal = proposal_of(world, "parent", "question", "Een nieuwe vraag.")
    client.force_login(world.caseworker)
    response = client.post(
        reverse("portal:take_proposal", args=[world.case.pk, proposal.pk]), {"version": proposal.version}
    )
    assert response.status_code == 422 and "fase" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.is_open and not Clarification.objects.exists()


@pytest.mark.parametrize("persona", ["colleague", "outsider", "south_worker", "parent", "other_parent"])
def test_no_one_else_takes_in_or_declines(client, world, persona):
    proposal = proposal_of(world)
    client.force_login(world.persona(persona))
    take = client.post(reverse("portal:take_proposal", args=[world.case.pk, proposal.pk]), {"version": 1})
    decline = client.post(
        reverse("portal:decline_proposal", args=[world.case.pk, proposal.pk]), {"reason": "Nee.", "version": 1}
    )
    assert take.status_code in (403, 404) and decline.status_code in (403, 404)
    proposal.refresh_from_db()
    assert proposal.is_open


def test_a_proposal_id_of_another_case_is_not_found(client, world):
    other = actions_proposals.do_propose(
        world.persona("other_parent"),
        member_of_user(world.persona("other_parent")),
        world.outsider_case,
        kind="goal",
        words="Van een ander gezin.",
    )
    client.force_login(world.caseworker)
    response = client.post(reverse("portal:take_proposal", args=[world.case.pk, other.pk]), {"version": 1})
    assert response.status_code == 404 and Proposal.objects.get(pk=other.pk).is_open

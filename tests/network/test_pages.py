"""The web pages of own strength, the network map and the family group plan, as the caseworker and others."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import DossierEntry, EntryKind, Voice
from samenplan.network.models import FamilyGroupPlan, NetworkMember, OwnStrength
from tests.network.factories import GRANDMOTHER, made_plan, network_member

PEOPLE = [
    {**GRANDMOTHER},
    {**GRANDMOTHER, "name": "Karin de Boer", "relation": "buurvrouw", "circle": "neighbourhood",
     "support": ["information"], "responds": "partly", "effective": "partly", "youth_wish": "not_asked",
     "part_in_plan": ""},
    {**GRANDMOTHER, "name": "Meester Ahmed", "relation": "leerkracht", "circle": "school_work",
     "support": ["information", "comfort"], "reliable": "partly", "youth_wish": "yes", "contact": ""},
    {**GRANDMOTHER, "name": "Tom Jansen", "relation": "oom", "support": [], "responds": "no", "effective": "no",
     "accessible": "partly", "reliable": "no", "youth_wish": "no", "part_in_plan": ""},
]  # fmt: skip


def member_form(**fields):
    return {**GRANDMOTHER, **fields, "version": fields.get("version", "")}


def test_it_draws_the_network_map_with_a_text_alternative_listing_everyone(client, world):
    for person in PEOPLE:
        network_member(world.caseworker, world.case, **person)
    client.force_login(world.colleague)  # a reader of the case sees the network too
    response = client.get(reverse("network:overview", args=[world.case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "Netwerkkaart van gezin Jansen" in svg
    for person in PEOPLE:
        assert person["name"] in svg  # on the map
        assert html.count(person["name"]) >= 2  # and in the list after it
    assert "06-12345678" not in svg  # the map never shows contact details
    assert 'stroke-dasharray="5,2"' in svg  # information and advice: a dashed line (black and white)
    assert "<script" not in svg and " style=" not in svg
    listing = html[html.index('id="network-list-heading"') :]
    assert "Praktische hulp, troost en steun" in listing or "praktische hulp, troost en steun" in listing
    assert "Reageert op vragen om hulp" in listing and "Is betrouwbaar" in listing
    assert "sterke steun" in listing and "zwakke steun" in listing
    record = AccessLogRecord.objects.order_by("-seq").first()
    assert (record.event, record.action, record.case_id) == ("read", "network.overview", world.case.pk)


@pytest.mark.guideline("P4")
def test_it_saves_the_six_own_strength_questions_in_each_persons_words(client, world):
    parent, child = world.case.family.members.order_by("pk")
    client.force_login(world.caseworker)
    url = reverse("network:own_strength", args=[world.case.pk])
    page = client.get(url).content.decode()
    assert page.count("Wat heb je al geprobeerd") == 2  # asked of each participant
    data = {
        f"m{parent.pk}-tried": "Ik heb een weekrooster gemaakt.",
        f"m{parent.pk}-by_when": "Voor de zomervakantie.",
        f"m{parent.pk}-version": "0",
        f"m{child.pk}-who_can_help": "Oma Ria en meester Ahmed.",
        f"m{child.pk}-version": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    mine = OwnStrength.objects.get(member=parent)
    assert (mine.tried, mine.by_when, mine.version) == ("Ik heb een weekrooster gemaakt.", "Voor de zomervakantie.", 1)
    entries = DossierEntry.objects.filter(case=world.case, kind=EntryKind.OWN_STRENGTH)
    assert {(e.voice, e.speaker_id) for e in entries} == {(Voice.FAMILY, parent.pk), (Voice.FAMILY, child.pk)}
    overview = client.get(reverse("network:overview", args=[world.case.pk])).content.decode()
    assert "Oma Ria en meester Ahmed." in overview and "In de woorden van Mees Jansen" in overview


def test_it_refuses_a_stale_own_strength_version_and_keeps_the_other_answers_unsaved(client, world):
    parent, child = world.case.family.members.order_by("pk")
    client.force_login(world.caseworker)
    url = reverse("network:own_strength", args=[world.case.pk])
    client.post(url, {f"m{parent.pk}-tried": "Eerste versie.", f"m{parent.pk}-version": "0"})
    response = client.post(
        url,
        {
            f"m{parent.pk}-tried": "Ouder beeld, op een ander scherm.",
            f"m{parent.pk}-version": "0",  # read before the first save
            f"m{child.pk}-needs": "Rust.",
            f"m{child.pk}-version": "0",
        },
    )
    assert response.status_code == 422
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    assert OwnStrength.objects.get(member=parent).tried == "Eerste versie."
    assert not OwnStrength.objects.filter(member=child).exists()  # nothing half-saved


def test_it_asks_for_at_least_one_answer(client, world):
    client.force_login(world.caseworker)
    response = client.post(reverse("network:own_strength", args=[world.case.pk]), {})
    assert response.status_code == 422
    assert "Schrijf minstens één antwoord op" in response.content.decode()


def test_it_adds_a_network_member_with_the_four_criteria(client, world):
    client.force_login(world.caseworker)
    response = client.post(reverse("network:add_member", args=[world.case.pk]), member_form())
    assert response.status_code == 302
    person = NetworkMember.objects.get(case=world.case)
    assert (person.responds, person.effective, person.accessible, person.reliable) == ("yes",) * 4
    assert person.support == ["practical", "comfort"]
    entry = DossierEntry.objects.filter(case=world.case, kind=EntryKind.NETWORK).first()
    assert "Ria Jansen (oma)" in entry.text and "06-12345678" not in entry.text  # no contact details in the file


def test_it_refuses_an_unknown_criterion_value_with_a_dutch_message_naming_it(client, world):
    client.force_login(world.caseworker)
    response = client.post(
        reverse("network:add_member", args=[world.case.pk]), member_form(reliable="soms", responds="")
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "&#x27;soms&#x27; is geen antwoord op &#x27;is betrouwbaar&#x27;: kies ja, een beetje of nee." in html
    assert "Beantwoord &#x27;reageert op vragen om hulp&#x27; met ja, een beetje of nee." in html
    assert not NetworkMember.objects.exists()


def test_it_changes_a_network_member_and_refuses_a_stale_version(client, world):
    person = network_member(world.caseworker, world.case)
    client.force_login(world.coworker)
    url = reverse("network:edit_member", args=[person.pk])
    assert "Ria Jansen" in client.get(url).content.decode()
    assert client.post(url, member_form(reliable="partly", version=person.version)).status_code == 302
    response = client.post(url, member_form(reliable="no", version=person.version))  # the version read before
    assert response.status_code == 422
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    person.refresh_from_db()
    assert (person.reliable, person.version) == ("partly", 2)


@pytest.mark.guideline("G5.3")
def test_it_offers_a_family_group_plan_and_records_the_familys_decline(client, world):
    client.force_login(world.caseworker)
    url = reverse("network:family_group_plan", args=[world.case.pk])
    assert "Familiegroepsplan aanbieden" in client.get(url).content.decode()
    offer = {"offered_on": "2026-11-02", "offer_note": "Uitgelegd wat het is.", "version": 0}
    assert client.post(url, offer).status_code == 302
    plan = FamilyGroupPlan.objects.get(case=world.case)
    response = client.post(url, {"answer": "decline", "answered_on": "2026-11-03", "version": plan.version})
    assert response.status_code == 422  # declining needs the family's reasons
    assert "Schrijf op waarom het gezin het afwijst, in hun eigen woorden." in response.content.decode()
    reason = "We willen eerst zelf kijken hoe het gaat, de familie woont ver weg."
    data = {"answer": "decline", "answered_on": "2026-11-03", "family_reason": reason, "version": plan.version}
    assert client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert (plan.state, plan.family_reason, str(plan.answered_on)) == ("declined", reason, "2026-11-03")
    texts = list(DossierEntry.objects.filter(kind=EntryKind.FAMILY_GROUP_PLAN).values_list("text", flat=True))
    assert any("aangeboden" in t for t in texts) and any(reason in t for t in texts)
    overview = client.get(reverse("network:overview", args=[world.case.pk])).content.decode()
    assert "Afgewezen" in overview and reason in overview


@pytest.mark.guideline("G5.3")
def test_it_does_not_offer_a_family_group_plan_under_a_child_protection_measure(client, world):
    type(world.case).objects.filter(pk=world.case.pk).update(child_protection_measure=True)
    client.force_login(world.caseworker)
    overview = client.get(reverse("network:overview", args=[world.case.pk])).content.decode()
    assert "Een familiegroepsplan wordt niet aangeboden: er geldt een kinderbeschermingsmaatregel." in overview
    url = reverse("network:family_group_plan", args=[world.case.pk])
    response = client.post(url, {"offered_on": "2026-11-02", "version": 0})
    assert response.status_code == 422
    assert "er geldt een kinderbeschermingsmaatregel" in response.content.decode()
    assert not FamilyGroupPlan.objects.exists()


def test_it_records_the_familys_plan_approves_it_where_safety_is_at_stake_and_takes_a_part(client, world):
    from samenplan.intake.actions import do_clarify

    parent = world.case.family.members.order_by("pk").first()
    do_clarify(
        world.caseworker,
        world.case,
        participants=[{"member": parent, "help_question": "Rust", "problems": [{"description": "Ruzie", "burden": 8}]}],
        assessment={"safety": "concerns", "safety_explanation": "Harde ruzies.", "safety_assessed_by": "Anna"},
    )
    person = network_member(world.caseworker, world.case, part_in_plan="")
    client.force_login(world.caseworker)
    url = reverse("network:family_group_plan", args=[world.case.pk])
    client.post(url, {"offered_on": "2026-11-02", "version": 0})
    plan = FamilyGroupPlan.objects.get()
    client.post(url, {"answer": "accept", "answered_on": "2026-11-03", "version": plan.version})
    plan.refresh_from_db()
    data = {
        "made_on": "2026-11-20", "made_by": "conference", "coordinator": "", "version": plan.version,
        "content": "Oma en oom helpen; wij bellen elke zondag.", "parts": "Oma haalt Mees op woensdag op.\n\nOom belt.",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 422
    assert "schrijf op wie dat was" in response.content.decode()
    assert client.post(url, {**data, "coordinator": "Joke de Vries"}).status_code == 302
    plan.refresh_from_db()
    assert (plan.state, plan.coordinator, plan.parts.count()) == ("made", "Joke de Vries", 2)
    assert "Goedkeuren" in client.get(url).content.decode() or "goedkeuren" in client.get(url).content.decode()
    data = {"approved_on": "2026-11-21", "approval_note": "Oma is er elke dag; afspraken zijn concreet."}
    client.force_login(world.coworker)  # the co-worker helps, but the fixed caseworker approves
    refused = client.post(url, {**data, "version": plan.version})
    assert refused.status_code == 422 and "Alleen de vaste hulpverlener" in refused.content.decode()
    client.force_login(world.caseworker)
    assert client.post(url, {**data, "version": plan.version}).status_code == 302
    plan.refresh_from_db()
    assert plan.approved_by == world.caseworker
    part = plan.parts.first()
    take = reverse("network:take_part", args=[part.pk])
    missing = client.post(take, {"into": "network", "version": plan.version})
    assert missing.status_code == 422 and "Kies iemand uit het netwerk van dit gezin." in missing.content.decode()
    assert (
        client.post(take, {"into": "network", "network_member": person.pk, "version": plan.version}).status_code == 302
    )
    person.refresh_from_db()
    assert (person.part_in_plan, person.part_from_family_plan) == ("Oma haalt Mees op woensdag op.", True)
    overview = client.get(reverse("network:overview", args=[world.case.pk])).content.decode()
    assert "eigen plan van het gezin" in overview


def test_the_dossier_links_to_own_strength_and_network(client, world):
    client.force_login(world.caseworker)
    html = client.get(reverse("cases:dossier", args=[world.case.pk])).content.decode()
    assert reverse("network:overview", args=[world.case.pk]) in html


@pytest.mark.parametrize("name", ["overview", "own_strength", "add_member", "family_group_plan"])
def test_it_hides_the_pages_from_an_outsider(client, world, name):
    client.force_login(world.outsider)
    assert client.get(reverse(f"network:{name}", args=[world.case.pk])).status_code == 404


def test_it_hides_a_network_member_and_a_plan_part_from_an_outsider_and_refuses_a_colleague(client, world):
    person = network_member(world.caseworker, world.case)
    part = made_plan(world.caseworker, world.case).parts.first()
    for persona, status in (("outsider", 404), ("south_worker", 404), ("colleague", 403)):
        client.force_login(world.persona(persona))
        assert client.get(reverse("network:edit_member", args=[person.pk])).status_code == status
        assert client.get(reverse("network:take_part", args=[part.pk])).status_code == status


def test_the_overview_costs_the_same_queries_for_four_people_as_for_one(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.caseworker)
    url = reverse("network:overview", args=[world.case.pk])
    made_plan(world.caseworker, world.case)
    network_member(world.caseworker, world.case)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for person in PEOPLE[1:]:
        network_member(world.caseworker, world.case, **person)
    with CaptureQueriesContext(connection) as four:
        assert client.get(url).status_code == 200
    assert len(four) == len(one)

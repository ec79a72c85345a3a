"""The intake screens: a conversation with the 8-step guide, the clarification per participant, the route."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import EntryKind, Phase, Voice
from samenplan.intake.models import Clarification, Conversation, RouteDecision


@pytest.fixture
def members(world):
    parent = world.case.family.members.get(role="parent")
    child = world.case.family.members.get(role="child")
    return parent, child


def conversation_data(world, parent, child, **extra):
    data = {
        "held_on": timezone.localdate().isoformat(),
        "place": "home",
        "members": [parent.pk, child.pk],
        "step0-notes": "Kennismaken; agenda samen gemaakt.",
        "step1-notes": "Schaalvraag gesteld.",
        "step1-c0-speaker": parent.pk,
        "step1-c0-text": "Ik wil weer rustig met Mees kunnen praten.",
        "step1-c1-speaker": child.pk,
        "step1-c1-text": "Ik wil dat mama niet meer zo boos wordt.",
        "step2-skipped": "on",
        "step2-skip_reason": "Niet nodig.",
        "version": world.case.version,
    }
    data.update(extra)
    return data


@pytest.mark.guideline("P0")
def test_it_shows_the_welcome_and_the_8_steps_with_what_parents_and_youth_can_do(client, world):
    client.force_login(world.caseworker)
    response = client.get(reverse("intake:conversation", args=[world.case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for title in ("Welkom", "1. Welke vragen en problemen ervaren jullie?", "8. Samen beslissen"):
        assert title in html
    assert html.count("Ouders en jongere kunnen:") == 9
    assert "schaal van 1 tot 10" in html


@pytest.mark.guideline("P2")
def test_it_invites_the_family_to_ask_when_something_is_not_clear(client, world):
    client.force_login(world.caseworker)
    html = client.get(reverse("intake:conversation", args=[world.case.pk])).content.decode()
    step3 = html[html.index('id="step-3"') : html.index('id="step-4"')]
    assert "zonder vaktaal" in step3  # the professional explains in plain words
    assert "vragen het als iets niet duidelijk is" in step3  # and parents and youth ask


def test_it_records_a_conversation_and_feeds_the_clarification(client, world, members):
    parent, child = members
    client.force_login(world.caseworker)
    response = client.post(
        reverse("intake:conversation", args=[world.case.pk]), conversation_data(world, parent, child)
    )
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == reverse("intake:clarify", args=[world.case.pk])
    conversation = Conversation.objects.get()
    assert conversation.contributions.count() == 2
    world.case.refresh_from_db()
    assert world.case.phase == Phase.CLARIFICATION

    page = client.get(response["Location"])  # what they said at step 1 is their question: not asked twice
    assert page.context["form"].initial[f"m{child.pk}-help_question"] == "Ik wil dat mama niet meer zo boos wordt."


def test_it_puts_each_error_next_to_its_field_and_saves_nothing(client, world, members):
    parent, child = members
    client.force_login(world.caseworker)
    before = (Conversation.objects.count(), AccessLogRecord.objects.count())
    data = conversation_data(world, parent, child, members=[parent.pk], **{"step2-notes": "toch"})
    response = client.post(reverse("intake:conversation", args=[world.case.pk]), data)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "step1-c1-speaker" in errors  # Mees was not marked present
    assert "step2-notes" in errors  # a skipped step with notes
    # nothing saved; the page with its errors shows the case, so it logs that read (and nothing else)
    assert (Conversation.objects.count(), AccessLogRecord.objects.count() - 1) == before
    assert AccessLogRecord.objects.order_by("-seq").first().event == "read"


def clarify_data(world, parent, child, **extra):
    data = {
        f"m{parent.pk}-help_question": "Hoe praten we weer rustig?",
        f"m{parent.pk}-p0-description": "Ruzie om huiswerk",
        f"m{parent.pk}-p0-burden": "8",
        f"m{child.pk}-help_question": "Dat mama minder boos is.",
        f"m{child.pk}-p0-description": "Ze schreeuwt",
        f"m{child.pk}-p0-burden": "9",
        f"m{child.pk}-goes_well": "Samen naar voetbal.",
        "safety": "safe",
        "safety_assessed_by": "Anna",
        "version": world.case.version,
    }
    data.update(extra)
    return data


@pytest.mark.guideline("G3.1")
def test_it_clarifies_per_participant_and_refuses_a_burden_outside_1_to_10(client, world, members):
    parent, child = members
    client.force_login(world.caseworker)
    url = reverse("intake:clarify", args=[world.case.pk])
    bad = client.post(url, clarify_data(world, parent, child, **{f"m{child.pk}-p0-burden": "12"}))
    assert bad.status_code == 422
    assert f"m{child.pk}-p0-burden" in bad.context["form"].errors
    assert not Clarification.objects.exists()

    good = client.post(url, clarify_data(world, parent, child))
    assert good.status_code == 302, good.context["form"].errors
    assert good["Location"] == reverse("intake:route", args=[world.case.pk])
    assert {c.member: c.problems.get().burden for c in Clarification.objects.all()} == {parent: 8, child: 9}


@pytest.mark.guideline("G3.2")
def test_it_decides_the_route_and_shows_it_on_the_dossier(client, world, members):
    parent, child = members
    client.force_login(world.caseworker)
    client.post(reverse("intake:clarify", args=[world.case.pk]), clarify_data(world, parent, child))
    world.case.refresh_from_db()
    response = client.post(
        reverse("intake:route", args=[world.case.pk]),
        {
            "route": "light",
            "rationale": "Samen besloten: eerst zelf, met tips.",
            f"a{parent.pk}-agreement": "agrees",
            f"a{child.pk}-agreement": "partly",
            f"a{child.pk}-comment": "Als ik ook iets mag zeggen over de regels.",
            "version": world.case.version,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert RouteDecision.objects.get().route == "light"
    dossier = client.get(reverse("cases:dossier", args=[world.case.pk]))
    html = dossier.content.decode()
    assert 'aria-current="step"' in html
    assert "niet nodig op deze route" in html
    assert world.case.entries.filter(kind=EntryKind.ROUTE, voice=Voice.FAMILY, speaker=child).exists()


def test_it_asks_why_when_not_acute_although_the_child_is_not_safe(client, world, members):
    parent, child = members
    client.force_login(world.caseworker)
    client.post(
        reverse("intake:clarify", args=[world.case.pk]),
        clarify_data(world, parent, child, safety="not_safe", safety_explanation="Mees is bang voor vader."),
    )
    world.case.refresh_from_db()
    page = client.get(reverse("intake:route", args=[world.case.pk]))
    assert page.context["form"].initial["route"] == "acute"
    response = client.post(
        reverse("intake:route", args=[world.case.pk]),
        {"route": "light", "rationale": "x", f"a{parent.pk}-agreement": "agrees", f"a{child.pk}-agreement": "agrees"},
    )
    assert response.status_code == 422
    assert "other_route_reason" in response.context["form"].errors


def test_it_offers_only_closing_in_the_dossier_during_the_intake(client, world):
    client.force_login(world.caseworker)
    form = client.get(reverse("cases:dossier", args=[world.case.pk])).context["phase_form"]
    assert [value for value, _label in form.fields["phase"].choices] == ["closed"]

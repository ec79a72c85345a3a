"""A family member rates a conversation once, in the family's voice; the team lead sees the team figure only from
10 answers up (page, chart and table, and the API)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from samenplan.audit.models import AccessLogRecord, Event
from samenplan.cases.models import DossierEntry, EntryKind, Member, MemberRole, Voice
from samenplan.feedback import actions
from samenplan.feedback.models import ConversationRating
from samenplan.intake.actions import do_record_conversation
from samenplan.portal.models import FamilyAccount

ANSWER = {"understand": "7", "listen": "9", "include": "8", "comment": "Fijn dat er <b>naar ons</b> werd geluisterd."}


def conversation(world, *, members=None, case=None, held_on=None):
    case = case or world.case
    return do_record_conversation(
        world.caseworker if case == world.case else world.outsider,
        case,
        held_on=held_on or timezone.localdate() - timedelta(days=2),
        place="office",
        members=members if members is not None else list(case.family.members.all()),
    )


def member_of_user(user) -> Member:
    return FamilyAccount.objects.get(user=user).member


@pytest.mark.guideline("P8")
def test_it_lets_the_parent_rate_a_conversation_in_the_familys_voice(client, world):
    talk = conversation(world)
    parent = world.persona("parent")
    client.force_login(parent)
    page = client.get(reverse("portal:conversations")).content.decode()
    assert reverse("portal:rate", args=[talk.pk]) in page
    form = client.get(reverse("portal:rate", args=[talk.pk])).content.decode()
    assert "uw situatie" in form  # the parent is addressed with "u"
    response = client.post(reverse("portal:rate", args=[talk.pk]), ANSWER)
    assert response.status_code == 302
    rating = ConversationRating.objects.get(conversation=talk)
    assert (rating.scores(), rating.member, rating.answered_by) == ((7, 9, 8), member_of_user(parent), parent)
    entry = DossierEntry.objects.filter(case=world.case).latest("pk")
    assert (entry.kind, entry.voice, entry.speaker, entry.author) == (
        EntryKind.PORTAL, Voice.FAMILY, member_of_user(parent), parent,
    )  # fmt: skip
    assert "naar ons" in entry.text
    record = AccessLogRecord.objects.filter(action="feedback.rate").latest("seq")
    assert (record.user_id, record.event, record.case_id) == (parent.pk, Event.CREATE, world.case.pk)


def test_it_addresses_the_youth_with_je(client, world):
    talk = conversation(world)
    client.force_login(world.persona("youth"))
    form = client.get(reverse("portal:rate", args=[talk.pk])).content.decode()
    assert "jouw situatie" in form or "je situatie" in form


def test_it_refuses_a_second_answer_with_a_clear_message(client, world):
    talk = conversation(world)
    client.force_login(world.persona("parent"))
    assert client.post(reverse("portal:rate", args=[talk.pk]), ANSWER).status_code == 302
    page = client.get(reverse("portal:rate", args=[talk.pk])).content.decode()
    assert "U heeft dit gesprek al beoordeeld" in page and "<form" not in page.split("<main", 1)[-1]
    again = client.post(reverse("portal:rate", args=[talk.pk]), ANSWER)
    assert again.status_code == 422
    assert "U heeft dit gesprek al beoordeeld" in again.content.decode()
    assert ConversationRating.objects.filter(conversation=talk).count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"understand": "10", "listen": "9", "include": "8"},
        {"understand": "-1", "listen": "9", "include": "8"},
        {"understand": "zeven", "listen": "9", "include": "8"},
        {"listen": "9", "include": "8"},
        {**ANSWER, "comment": "x" * 2001},
    ],
)
def test_it_refuses_bad_input_with_a_field_error_and_saves_nothing(client, world, data):
    talk = conversation(world)
    client.force_login(world.persona("parent"))
    response = client.post(reverse("portal:rate", args=[talk.pk]), data)
    assert response.status_code == 422
    assert not ConversationRating.objects.exists()


def test_it_gives_404_for_a_conversation_without_the_member_or_of_another_family(client, world):
    parent = world.persona("parent")
    mother = member_of_user(parent)
    without = conversation(world, members=[world.case.family.members.exclude(pk=mother.pk).first()])
    other = conversation(world, case=world.outsider_case)
    client.force_login(parent)
    for talk in (without, other):
        assert client.get(reverse("portal:rate", args=[talk.pk])).status_code == 404
        assert client.post(reverse("portal:rate", args=[talk.pk]), ANSWER).status_code == 404
    assert not ConversationRating.objects.exists()


def test_it_lets_no_one_answer_for_a_member_but_the_member(world):
    talk = conversation(world)
    mother = world.case.family.members.get(role=MemberRole.PARENT)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.do_rate_conversation(world.caseworker, mother, talk, understand=9, listen=9, include=9)
    with pytest.raises(PermissionDenied):  # the youth's account does not answer for the parent
        actions.do_rate_conversation(world.persona("youth"), mother, talk, understand=9, listen=9, include=9)


def test_it_refuses_a_conversation_in_the_future(world):
    talk = conversation(world)
    type(talk).objects.filter(pk=talk.pk).update(held_on=timezone.localdate() + timedelta(days=3))
    talk.refresh_from_db()
    parent = world.persona("parent")
    with pytest.raises(ValidationError) as refused:
        actions.do_rate_conversation(parent, member_of_user(parent), talk, understand=9, listen=9, include=9)
    assert refused.value.error_list[0].code == "not_held_yet"


def ratings(world, count: int, scores=(9, 9, 9)):
    """``count`` answers on the world's team: each from a new member of the world's family, as the family
    member themselves (through the real invitation, acceptance and action)."""
    from samenplan.cases.actions import do_add_member
    from samenplan.portal import actions as portal_actions

    talk_members = []
    for i in range(count):
        member = do_add_member(
            world.caseworker, world.case.family, given_name=f"Oom{i}", family_name="Jansen", role="other_carer",
        )  # fmt: skip
        tokens = []
        portal_actions.do_invite(world.caseworker, world.case, member, f"oom{i}@example.org", accept_url=tokens.append)
        talk_members.append((member, portal_actions.do_accept(tokens[0], "een lange zin over de fiets")))
    talk = conversation(world, members=[m for m, _u in talk_members])
    for member, user in talk_members:
        actions.do_rate_conversation(user, member, talk, understand=scores[0], listen=scores[1], include=scores[2])
    return talk


def test_it_hides_the_team_figure_below_ten_answers(client, world):
    ratings(world, 9)
    client.force_login(world.team_lead)
    page = client.get(reverse("feedback:team_ratings")).content.decode()
    assert "minder dan 10 antwoorden: niet getoond" in page.lower()
    assert "<svg" not in page
    data = client.get(reverse("api-team-conversation-ratings", args=[world.north.pk])).json()
    assert data["shown"] is False and data["count"] is None and data["means"] is None and data["count_shown"] == "< 10"


@pytest.mark.guideline("P8")
def test_it_shows_the_team_lead_the_top_share_and_means_from_ten_answers(client, world):
    ratings(world, 10)
    client.force_login(world.team_lead)
    page = client.get(reverse("feedback:team_ratings")).content.decode()
    assert "<svg" in page and "100%" in page and "9,0" in page
    record = AccessLogRecord.objects.filter(action="feedback.team_ratings").latest("seq")
    assert record.user_id == world.team_lead.pk and f"teams={world.north.pk}" in record.detail
    data = client.get(reverse("api-team-conversation-ratings", args=[world.north.pk])).json()
    assert data == {
        "team": world.north.pk, "period": "12m", "shown": True, "count": 10, "count_shown": "10", "top_share": 100,
        "means": {"understand": 9.0, "listen": 9.0, "include": 9.0},
    }  # fmt: skip


def test_it_refuses_the_figure_to_who_leads_no_team_and_another_teams_lead(client, world):
    client.force_login(world.caseworker)
    assert client.get(reverse("feedback:team_ratings")).status_code == 403
    client.force_login(world.south_lead)
    assert client.get(reverse("api-team-conversation-ratings", args=[world.north.pk])).status_code == 404


def test_it_counts_only_conversations_held_in_the_period(world):
    from samenplan.feedback import services

    talk = ratings(world, 10)
    type(talk).objects.filter(pk=talk.pk).update(held_on=date(2020, 1, 1))
    [this_year] = services.team_ratings([world.north.pk], "12m", timezone.localdate())
    [ever] = services.team_ratings([world.north.pk], "all", timezone.localdate())
    assert not this_year.figure.shown and ever.figure.count == 10

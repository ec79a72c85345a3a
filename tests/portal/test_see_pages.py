"""What the family sees in the portal besides its plan: the people around them (map and list), the route through
the steps, what was explained to them, the safety plan with the agreements and the next evaluation. Each read is
logged with the family member as the actor; another family sees none of it; a 16+ youth's own part stays theirs."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samenplan.analysis import actions as analysis_actions
from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import MemberRole
from samenplan.evaluations import actions as evaluation_actions
from samenplan.goals import actions as goal_actions
from samenplan.network import picture
from tests.network.factories import network_member
from tests.plans.factories import SAFETY, plan_version

SEE_PAGES = ("portal:network", "portal:route", "portal:explained", "portal:safety", "portal:notes")


def page(client, name) -> str:
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


def child_of(world):
    return world.case.family.members.get(role=MemberRole.CHILD)


def parent_of(world):
    return world.case.family.members.get(role=MemberRole.PARENT)


def make_sixteen(world):
    child = child_of(world)
    today = timezone.localdate()
    child.date_of_birth = date(today.year - 17, 1, 5)
    child.save(update_fields=["date_of_birth"])
    return child


@pytest.mark.parametrize("persona", ["parent", "youth"])
def test_every_new_page_answers_in_the_members_voice_and_logs_the_read_with_them_as_actor(client, world, persona):
    user = world.persona(persona)
    client.force_login(user)
    for name in SEE_PAGES:
        before = AccessLogRecord.objects.count()
        text = page(client, name)
        record = AccessLogRecord.objects.order_by("-seq").first()
        assert AccessLogRecord.objects.count() == before + 1
        assert (record.user_id, record.event, record.family_id) == (user.pk, "read", world.case.family_id)
        assert record.action == f"portal.{name.split(':')[1]}"
        assert f'href="{reverse(name)}"' in text  # in the portal menu
    text = page(client, "portal:network")
    assert ("Mensen om je heen" if persona == "youth" else "Mensen om u heen") in text


@pytest.mark.guideline("G2.9")
def test_the_network_map_and_its_list_name_the_people_but_never_their_contact_details(client, world):
    goal = goal_actions.do_add_goal(world.caseworker, world.case, words="Rustig samen eten", whose="family")
    network_member(world.caseworker, world.case, goals=[goal])
    network_member(world.caseworker, world.case, name="Karin <b>de</b> buurvrouw", relation="buurvrouw",
                   circle="neighbourhood", contact="karin@voorbeeld.nl", youth_wish="no", part_in_plan="")  # fmt: skip
    client.force_login(world.persona("parent"))
    text = page(client, "portal:network")
    assert "Ria Jansen" in text and "Haalt Mees op woensdag van school." in text and "Rustig samen eten" in text
    assert "Karin &lt;b&gt;de&lt;/b&gt; buurvrouw" in text and "<b>de</b>" not in text  # escaped, map and list
    assert "06-12345678" not in text and "karin@voorbeeld.nl" not in text
    assert "wil niet dat deze persoon helpt" in text  # a 12-year-old's wish: the parent sees it
    try:
        picture.svg("x", [], [], label="x")
    except picture.MapUnavailable:
        pytest.skip("Graphviz is not installed here")
    assert '<svg role="img"' in text
    start = text.index('<svg role="img"')
    drawn = text[start : text.index("</svg>", start)]
    assert "Ria Jansen" in drawn and "<script" not in drawn and "style=" not in drawn


def test_a_16_year_olds_wish_and_own_goal_stay_off_the_parents_network_page(client, world):
    child = make_sixteen(world)
    own = goal_actions.do_add_goal(world.caseworker, world.case, words="Zelf naar school", whose="member", member=child)
    network_member(world.caseworker, world.case, youth_wish="no", goals=[own])
    client.force_login(world.persona("parent"))
    text = page(client, "portal:network")
    assert "Ria Jansen" in text
    assert "Zelf naar school" not in text and "wil niet dat deze persoon helpt" not in text
    client.force_login(world.persona("youth"))
    text = page(client, "portal:network")
    assert "Zelf naar school" in text and "wil niet dat deze persoon helpt" in text


@pytest.mark.guideline("G2.4")
def test_the_route_shows_where_the_family_is_now_in_plain_words(client, world):
    from tests.conftest import decide_route

    decide_route(world.caseworker, world.case, route="light")
    client.force_login(world.persona("parent"))
    text = page(client, "portal:route")
    assert 'aria-current="step"' in text and "u bent nu hier" in text
    assert "lichte hulp" in text  # the route chosen together, in plain words
    client.force_login(world.persona("youth"))
    assert "je bent nu hier" in page(client, "portal:route")


@pytest.mark.guideline("G4.5")
def test_psycho_education_given_to_the_family_is_there_to_read_again(client, world):
    parent, child = parent_of(world), child_of(world)
    analysis_actions.do_record_psycho_education(
        world.caseworker, world.case, topic="Boosheid bij kinderen", explained="Boos worden hoort erbij.",
        given_to=[parent, child], material_title="Folder Boos", given_on=timezone.localdate() - timedelta(days=3),
    )  # fmt: skip
    client.force_login(world.persona("youth"))
    text = page(client, "portal:explained")
    assert "Boosheid bij kinderen" in text and "Boos worden hoort erbij." in text and "Folder Boos" in text


def test_psycho_education_given_to_a_16_year_old_alone_stays_theirs(client, world):
    child = make_sixteen(world)
    analysis_actions.do_record_psycho_education(
        world.caseworker, world.case, topic="Somberheid", explained="Wat somberheid is.", given_to=[child]
    )
    analysis_actions.do_record_psycho_education(
        world.caseworker, world.case, topic="Opvoeden", explained="Grenzen stellen.", given_to=[parent_of(world)]
    )
    client.force_login(world.persona("parent"))
    text = page(client, "portal:explained")
    assert "Opvoeden" in text and "Somberheid" not in text
    client.force_login(world.persona("youth"))
    text = page(client, "portal:explained")
    assert "Somberheid" in text and "Opvoeden" in text  # given to a parent: the family's shared part


@pytest.mark.guideline("G2.8")
@pytest.mark.guideline("G5.5")
def test_the_safety_plan_the_agreements_and_the_next_evaluation(client, world):
    plan_version(world.caseworker, world.case, safety=SAFETY)
    later = timezone.localdate() + timedelta(days=20)
    evaluation_actions.do_plan_evaluation(world.caseworker, world.case, planned_on=later, how="Thuis aan tafel")
    evaluation_actions.do_plan_evaluation(
        world.caseworker, world.case, planned_on=later + timedelta(days=60), how="Later"
    )
    client.force_login(world.persona("parent"))
    text = page(client, "portal:safety")
    assert "Als papa boos wordt, gaat Mees naar de buren." in text and "Veilig Thuis: 0800-2000" in text
    assert "We eten elke avond samen." in text  # the plan's agreements
    assert "Thuis aan tafel" in text and "Later" not in text  # only the next one
    record = AccessLogRecord.objects.filter(action="portal.safety").latest("seq")
    assert record.case_id == world.case.pk and record.detail.startswith("plan_version=")


def test_without_a_plan_or_safety_plan_the_page_says_so(client, world):
    client.force_login(world.persona("youth"))
    text = page(client, "portal:safety")
    assert "Er is geen veiligheidsplan." in text and "Er is nog geen plan." in text


def test_another_family_sees_nothing_of_this_family_on_any_new_page(client, world):
    parent, child = parent_of(world), child_of(world)
    plan_version(world.caseworker, world.case, safety=SAFETY)
    network_member(world.caseworker, world.case)
    analysis_actions.do_record_psycho_education(
        world.caseworker, world.case, topic="Boosheid bij kinderen", explained="Boos.", given_to=[parent, child]
    )
    from samenplan.cases import actions as case_actions

    case_actions.do_add_note(world.caseworker, world.case, text="Gedeeld met Jansen.", voice="professional",
                             shared=True)  # fmt: skip
    for persona in ("other_parent", "other_youth"):
        client.force_login(world.persona(persona))
        text = "".join(page(client, name) for name in SEE_PAGES)
        for secret in ("Ria Jansen", "Boosheid", "Als papa boos wordt", "Gedeeld met Jansen", "Jansen"):
            assert secret not in text
        records = AccessLogRecord.objects.filter(user_id=world.persona(persona).pk, action__startswith="portal.")
        assert not records.filter(family_id=world.case.family_id).exists()


@pytest.mark.parametrize("name", SEE_PAGES)
def test_a_professional_gets_404_on_the_familys_pages(client, world, name):
    client.force_login(world.caseworker)
    assert client.get(reverse(name)).status_code == 404


def test_every_new_page_says_u_to_parents_and_je_to_youth(client, world):
    from samenplan.cases import actions as case_actions

    parent, child = parent_of(world), child_of(world)
    plan_version(world.caseworker, world.case, safety=SAFETY)
    network_member(world.caseworker, world.case, youth_wish="no")
    analysis_actions.do_record_psycho_education(
        world.caseworker, world.case, topic="Boosheid", explained="Boos.", given_to=[parent, child]
    )
    evaluation_actions.do_plan_evaluation(world.caseworker, world.case, planned_on=timezone.localdate())
    case_actions.do_add_note(world.caseworker, world.case, text="Tot snel.", voice="professional", shared=True)
    for name in SEE_PAGES:
        client.force_login(world.persona("parent"))
        parent_page = page(client, name).split("<main", 1)[1]
        client.force_login(world.persona("youth"))
        youth_page = page(client, name).split("<main", 1)[1]
        assert "Jouw" not in parent_page and " je " not in parent_page and " jij " not in parent_page, name
        assert " u " not in youth_page and "Uw " not in youth_page and " uw " not in youth_page, name

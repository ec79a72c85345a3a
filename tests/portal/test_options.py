"""The family weighs the options in the portal: pros and cons in their own words, and their own preference."""

from datetime import date

import pytest
from django.urls import reverse

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import DossierEntry, EntryKind, MemberRole, Voice
from samenplan.decisions import actions as decision_actions
from samenplan.decisions.models import OptionReaction, Preference
from tests.decisions.factories import three_options


def options(world):
    return decision_actions.options_in_order(world.case) or three_options(world.caseworker, world.case)


def member_of(world, role):
    return world.case.family.members.get(role=role)


def youth_aged(world, born: date):
    child = member_of(world, MemberRole.CHILD)
    child.date_of_birth = born
    child.save()
    return child


@pytest.mark.guideline("P6")
def test_the_parent_reads_the_options_lightest_first_in_plain_words(client, world):
    made = options(world)
    client.force_login(world.persona("parent"))
    response = client.get(reverse("portal:options"))
    page = response.content.decode()
    assert response.status_code == 200
    names = [o.name for o in decision_actions.options_in_order(world.case)]
    assert [page.index(name) for name in names] == sorted(page.index(name) for name in names)
    assert "Oma past op woensdag op" in page and "Bewezen effectief bij ruzie thuis." in page
    assert "Ja. Onderzoek laat zien dat het helpt." in page  # evidence level in plain words
    assert "Oma kent de kinderen goed." in page  # the family's words the professional wrote down
    assert reverse("portal:option", args=[made[0].pk]) in page and reverse("portal:preference") in page
    record = AccessLogRecord.objects.filter(action="portal.options").latest("seq")
    assert (record.user_id, record.case_id) == (world.persona("parent").pk, world.case.pk)


@pytest.mark.guideline("P6")
@pytest.mark.guideline("G5.4")
def test_a_parent_writes_a_pro_and_a_con_in_own_words_and_the_caseworker_sees_them_marked(client, world):
    option = options(world)[1]
    parent = world.persona("parent")
    sanne = member_of(world, MemberRole.PARENT)
    client.force_login(parent)
    response = client.post(
        reverse("portal:option", args=[option.pk]),
        {"pros": "Dichtbij <b>huis</b>.", "cons": "Op woensdag kan ik niet.", "option_version": option.version,
         "version": 0},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == reverse("portal:options")
    reaction = OptionReaction.objects.get(option=option)
    assert (reaction.member, reaction.author, reaction.pros) == (sanne, parent, "Dichtbij <b>huis</b>.")
    entry = DossierEntry.objects.filter(case=world.case, kind=EntryKind.PORTAL).latest("pk")
    assert (entry.voice, entry.speaker, entry.author) == (Voice.FAMILY, sanne, parent)
    assert "Op woensdag kan ik niet." in entry.text
    record = AccessLogRecord.objects.filter(action="decisions.react_to_option").latest("seq")
    assert (record.user_id, record.case_id, record.event) == (parent.pk, world.case.pk, "create")

    client.force_login(world.caseworker)
    page = client.get(reverse("decisions:grid", args=[world.case.pk])).content.decode()
    assert "Dichtbij &lt;b&gt;huis&lt;/b&gt;." in page and "Op woensdag kan ik niet." in page
    assert "Sanne Jansen, in het portaal" in page


def test_an_empty_reaction_gets_a_dutch_message_and_saves_nothing(client, world):
    option = options(world)[0]
    client.force_login(world.persona("youth"))
    response = client.post(
        reverse("portal:option", args=[option.pk]), {"pros": " ", "cons": "", "option_version": option.version}
    )
    assert response.status_code == 422
    assert "Schrijf op wat jij er goed of minder goed aan vindt." in response.content.decode()
    assert not OptionReaction.objects.exists()


def test_an_option_changed_by_the_professional_meanwhile_is_refused_and_the_words_stay(client, world):
    option = options(world)[1]
    client.force_login(world.persona("parent"))
    seen = option.version
    decision_actions.do_change_option(
        world.caseworker, option, expected_version=option.version, source=option.source, offer=option.offer,
        name=option.name, professional_pros="Nu ook op zaterdag.",
    )  # fmt: skip
    response = client.post(
        reverse("portal:option", args=[option.pk]),
        {"pros": "Mijn eigen zin blijft staan.", "option_version": seen, "version": 0},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Deze keuze is intussen veranderd." in page and "Mijn eigen zin blijft staan." in page
    assert "Nu ook op zaterdag." in page and f'name="option_version" value="{seen + 1}"' in page
    assert not OptionReaction.objects.exists()
    response = client.post(
        reverse("portal:option", args=[option.pk]),
        {"pros": "Mijn eigen zin blijft staan.", "option_version": seen + 1, "version": 0},
    )
    assert response.status_code == 302 and OptionReaction.objects.get().pros == "Mijn eigen zin blijft staan."


def test_a_second_device_with_an_old_version_of_the_reaction_is_refused(client, world):
    option = options(world)[0]
    client.force_login(world.persona("parent"))
    url = reverse("portal:option", args=[option.pk])
    assert client.post(url, {"pros": "Eerste.", "option_version": option.version, "version": 0}).status_code == 302
    response = client.post(url, {"pros": "Tweede.", "option_version": option.version, "version": 0})
    assert response.status_code == 422 and "Tweede." in response.content.decode()
    assert OptionReaction.objects.get().pros == "Eerste."
    assert client.post(url, {"pros": "Tweede.", "option_version": option.version, "version": 1}).status_code == 302
    assert OptionReaction.objects.get().pros == "Tweede."


@pytest.mark.guideline("P6")
def test_the_parent_prefers_an_option_and_the_grid_shows_it_as_given_in_the_portal(client, world):
    made = options(world)
    parent = world.persona("parent")
    sanne = member_of(world, MemberRole.PARENT)
    client.force_login(parent)
    seen = ",".join(str(o.pk) for o in sorted(made, key=lambda o: o.pk))
    assert f'value="{seen}"' in client.get(reverse("portal:preference")).content.decode()
    response = client.post(
        reverse("portal:preference"),
        {"choice": made[1].pk, "reasons": "Dan leren we het samen.", "seen_options": seen, "version": 0},
    )
    assert response.status_code == 302
    preference = Preference.objects.get(case=world.case, member=sanne)
    assert (preference.kind, preference.preferred_id, preference.author) == ("preferred", made[1].pk, parent)
    entry = DossierEntry.objects.filter(case=world.case, kind=EntryKind.PORTAL).latest("pk")
    assert (entry.voice, entry.speaker) == (Voice.FAMILY, sanne) and "Dan leren we het samen." in entry.text
    record = AccessLogRecord.objects.filter(action="decisions.save_preference").latest("seq")
    assert record.user_id == parent.pk
    client.force_login(world.caseworker)
    page = client.get(reverse("decisions:grid", args=[world.case.pk])).content.decode()
    assert "Dan leren we het samen." in page and "in het portaal" in page


@pytest.mark.guideline("P6")
def test_leaving_the_choice_to_the_professional_is_a_valid_answer(client, world):
    made = options(world)
    client.force_login(world.persona("youth"))
    seen = ",".join(str(o.pk) for o in sorted(made, key=lambda o: o.pk))
    page = client.get(reverse("portal:preference")).content.decode()
    assert "Ik laat de keuze liever aan de hulpverlener" in page and "<fieldset" in page and "<legend" in page
    response = client.post(reverse("portal:preference"), {"choice": "leave_to_professional", "seen_options": seen})
    assert response.status_code == 302
    assert Preference.objects.get(member=member_of(world, MemberRole.CHILD)).kind == "leave_to_professional"


def test_a_preferred_option_without_a_reason_and_no_choice_get_dutch_messages(client, world):
    made = options(world)
    client.force_login(world.persona("parent"))
    response = client.post(reverse("portal:preference"), {"choice": made[0].pk, "reasons": ""})
    assert response.status_code == 422
    assert "Schrijf op waarom u deze keuze het liefst hebt." in response.content.decode()
    response = client.post(reverse("portal:preference"), {"choice": "9999999"})
    assert response.status_code == 422 and "Kies een hulp, of laat de keuze aan de hulpverlener." in (
        response.content.decode()
    )
    assert not Preference.objects.exists()


def test_a_new_option_added_while_choosing_is_shown_and_nothing_is_lost(client, world):
    made = options(world)
    client.force_login(world.persona("parent"))
    seen = ",".join(str(o.pk) for o in sorted(made, key=lambda o: o.pk))
    decision_actions.do_add_option(world.caseworker, world.case, source="family", name="Buurvrouw helpt")
    response = client.post(
        reverse("portal:preference"), {"choice": made[0].pk, "reasons": "Mijn reden.", "seen_options": seen}
    )
    page = response.content.decode()
    assert response.status_code == 422 and "Buurvrouw helpt" in page and "Mijn reden." in page
    assert not Preference.objects.exists()


def test_a_16_year_olds_preference_and_words_stay_their_own_until_they_agree(client, world):
    made = options(world)
    youth_aged(world, date(2009, 1, 5))
    client.force_login(world.persona("youth"))
    seen = ",".join(str(o.pk) for o in sorted(made, key=lambda o: o.pk))
    client.post(reverse("portal:preference"), {"choice": made[0].pk, "reasons": "Oma is lief.", "seen_options": seen})
    client.post(
        reverse("portal:option", args=[made[0].pk]),
        {"cons": "Geheim nadeel.", "option_version": made[0].version, "version": 0},
    )
    assert Preference.objects.filter(member__role=MemberRole.CHILD).exists()
    client.force_login(world.persona("parent"))
    page = client.get(reverse("portal:options")).content.decode()
    assert "Oma is lief." not in page and "Geheim nadeel." not in page
    client.force_login(world.persona("youth"))
    client.post(reverse("portal:share_own_part"), {"shares": "on"})
    client.force_login(world.persona("parent"))
    page = client.get(reverse("portal:options")).content.decode()
    assert "Oma is lief." in page and "Geheim nadeel." in page


def test_a_14_year_olds_preference_is_seen_by_the_parent(client, world):
    made = options(world)
    youth_aged(world, date(2012, 3, 1))
    client.force_login(world.persona("youth"))
    seen = ",".join(str(o.pk) for o in sorted(made, key=lambda o: o.pk))
    client.post(reverse("portal:preference"), {"choice": made[2].pk, "reasons": "Coach is leuk.", "seen_options": seen})
    client.force_login(world.persona("parent"))
    assert "Coach is leuk." in client.get(reverse("portal:options")).content.decode()


def test_another_family_sees_no_options_and_guessing_ids_gives_404(client, world):
    made = options(world)
    client.force_login(world.persona("other_parent"))
    page = client.get(reverse("portal:options")).content.decode()
    assert "Oma past op woensdag op" not in page and "nog geen keuzes voor hulp" in page
    url = reverse("portal:option", args=[made[0].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"pros": "x", "option_version": 1}).status_code == 404
    assert client.post(reverse("portal:preference"), {"choice": "leave_to_professional"}).status_code == 404
    assert not OptionReaction.objects.exists() and not Preference.objects.exists()


def test_a_family_account_reacts_only_for_itself_and_never_on_the_professional_pages(client, world):
    from django.core.exceptions import PermissionDenied

    made = options(world)
    parent = world.persona("parent")
    child = member_of(world, MemberRole.CHILD)
    with pytest.raises(PermissionDenied):
        decision_actions.do_react_to_option(parent, made[0], member=child, pros="x", option_version=1)
    with pytest.raises(PermissionDenied):
        decision_actions.do_save_preference(parent, world.case, member=child, kind="leave_to_professional")
    client.force_login(parent)
    assert client.get(reverse("decisions:grid", args=[world.case.pk])).status_code == 404


def test_the_api_shows_the_familys_portal_words_with_each_option(client, world):
    option = options(world)[0]
    parent = world.persona("parent")
    decision_actions.do_react_to_option(
        parent, option, member=member_of(world, MemberRole.PARENT), pros="Oma is dichtbij.", option_version=1
    )
    client.force_login(world.caseworker)
    found = client.get(f"/api/v1/cases/{world.case.pk}/options/").json()
    mine = next(o for o in found if o["id"] == option.pk)
    assert [(r["member"]["id"], r["pros"], r["cons"]) for r in mine["reactions"]] == [
        (member_of(world, MemberRole.PARENT).pk, "Oma is dichtbij.", "")
    ]


def test_the_caseworkers_dashboard_shows_the_familys_new_words_about_the_options(client, world):
    made = options(world)
    client.force_login(world.persona("parent"))
    client.post(reverse("portal:option", args=[made[0].pk]), {"pros": "Fijn.", "option_version": made[0].version})
    seen = ",".join(str(o.pk) for o in sorted(made, key=lambda o: o.pk))
    client.post(reverse("portal:preference"), {"choice": "leave_to_professional", "seen_options": seen})
    client.force_login(world.caseworker)
    page = client.get(reverse("caseload:dashboard")).content.decode()
    assert "2 nieuwe berichten van het gezin" in page

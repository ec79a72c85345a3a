"""The family reads its own plan in the portal and answers it in its own words: yes, partly or no."""

from datetime import date

import pytest
from django.urls import reverse

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import DossierEntry, EntryKind, MemberRole, Voice
from samenplan.goals import actions as goal_actions
from samenplan.plans.models import PlanAgreement
from samenplan.portal.models import FamilyAccount
from tests.plans.factories import SAFETY, plan_version


def member_of_user(user):
    return FamilyAccount.objects.get(user=user).member


def youth_aged(world, born: date):
    child = world.case.family.members.get(role=MemberRole.CHILD)
    child.date_of_birth = born
    child.save()
    return child


@pytest.mark.guideline("P7")
def test_it_shows_the_parent_the_plan_with_the_safety_plan_and_the_familys_words(client, world):
    plan_version(world.caseworker, world.case, safety=SAFETY)
    client.force_login(world.persona("parent"))
    response = client.get(reverse("portal:plan"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ons plan" in page and "Als papa boos wordt, gaat Mees naar de buren." in page
    assert "Oma Ria: 06-12345678" in page and "We eten elke avond samen." in page
    assert page.index("Oma Ria: 06-12345678") < page.index("We eten elke avond samen.")  # the safety plan first
    assert "In de woorden van uw gezin" in page and "samenplan-own-words" in page
    assert "1 maart 2027" in page and "Na de hulp bellen we" in page  # evaluation date and aftercare
    assert reverse("portal:plan_pdf") in page
    record = AccessLogRecord.objects.filter(action="portal.plan").latest("seq")
    assert (record.user_id, record.case_id) == (world.persona("parent").pk, world.case.pk)


def test_without_a_plan_it_says_so_kindly(client, world):
    client.force_login(world.persona("youth"))
    page = client.get(reverse("portal:plan")).content.decode()
    assert "Er is nog geen plan" in page and "Jouw plan" in page


def test_it_shows_what_changed_from_the_version_before(client, world):
    plan_version(world.caseworker, world.case)
    plan_version(world.caseworker, world.case, own={"text": "We fietsen samen naar school.", "voice": "family"})
    client.force_login(world.persona("parent"))
    page = client.get(reverse("portal:plan_version", args=[2])).content.decode()
    assert "<ins" in page and "fietsen" in page and "<del" in page
    assert client.get(reverse("portal:plan_version", args=[1])).status_code == 200
    assert client.get(reverse("portal:plan_version", args=[3])).status_code == 404


def test_another_familys_parent_sees_nothing_of_the_plan_and_guessing_versions_gives_404(client, world):
    plan_version(world.caseworker, world.case, safety=SAFETY)
    plan_version(world.caseworker, world.case, own={"text": "Anders.", "voice": "family"})
    client.force_login(world.persona("other_parent"))
    assert "Oma Ria" not in client.get(reverse("portal:plan")).content.decode()
    for number in (1, 2):
        assert client.get(reverse("portal:plan_version", args=[number])).status_code == 404
    assert client.get(reverse("portal:plan_pdf")).status_code == 404
    response = client.post(reverse("portal:plan_agreement"), {"agreement": "yes"})
    assert response.status_code == 404 and not PlanAgreement.objects.exists()


@pytest.mark.guideline("P7")
def test_a_youth_of_14_disagrees_in_own_words_and_the_caseworker_sees_it(client, world):
    child = youth_aged(world, date(2012, 3, 1))
    version = plan_version(world.caseworker, world.case)
    youth = world.persona("youth")
    client.force_login(youth)
    response = client.post(
        reverse("portal:plan_agreement"), {"agreement": "no", "words": "Woensdag is <b>te</b> vroeg."}
    )
    assert response.status_code == 302 and response["Location"] == reverse("portal:plan")
    answer = PlanAgreement.objects.get(version=version)
    assert (answer.member, answer.agreement, answer.author) == (child, "no", youth)
    entry = DossierEntry.objects.filter(case=world.case, kind=EntryKind.PLAN).latest("pk")
    assert (entry.voice, entry.speaker) == (Voice.FAMILY, child) and "Woensdag is <b>te</b> vroeg." in entry.text
    record = AccessLogRecord.objects.filter(action="plans.agreement").latest("seq")
    assert (record.user_id, record.case_id) == (youth.pk, world.case.pk)
    assert "Woensdag is &lt;b&gt;te&lt;/b&gt; vroeg." in client.get(reverse("portal:plan")).content.decode()

    client.force_login(world.caseworker)
    page = client.get(reverse("plans:plan", args=[world.case.pk])).content.decode()
    assert "Woensdag is &lt;b&gt;te&lt;/b&gt; vroeg." in page


def test_partly_without_words_gets_a_dutch_field_error(client, world):
    plan_version(world.caseworker, world.case)
    client.force_login(world.persona("parent"))
    response = client.post(reverse("portal:plan_agreement"), {"agreement": "partly", "words": "  "})
    assert response.status_code == 422
    assert "Schrijf in uw eigen woorden op waar u het niet mee eens bent." in response.content.decode()
    assert not PlanAgreement.objects.exists()


def test_a_child_under_12_is_not_asked_and_gets_no_form(client, world):
    youth = world.persona("youth")  # the account made at 12; the date of birth corrected since: 10
    youth_aged(world, date(2016, 5, 1))
    plan_version(world.caseworker, world.case)
    client.force_login(youth)
    page = client.get(reverse("portal:plan")).content.decode()
    assert reverse("portal:plan_agreement") not in page and "We eten elke avond samen." in page
    assert client.post(reverse("portal:plan_agreement"), {"agreement": "yes"}).status_code == 404
    assert not PlanAgreement.objects.exists()


def test_a_family_account_answers_only_for_itself_and_never_on_the_professional_pages(client, world):
    from django.core.exceptions import PermissionDenied

    from samenplan.plans import actions

    version = plan_version(world.caseworker, world.case)
    parent = world.persona("parent")
    child = world.case.family.members.get(role=MemberRole.CHILD)
    with pytest.raises(PermissionDenied):
        actions.do_record_agreement(parent, version, member=child, agreement="yes")
    client.force_login(parent)
    assert client.get(reverse("plans:plan", args=[world.case.pk])).status_code == 404
    response = client.post(reverse("plans:agreement", args=[world.case.pk]), {"member": child.pk, "agreement": "yes"})
    assert response.status_code == 404 and not PlanAgreement.objects.exists()
    assert client.get(reverse("plans:pdf", args=[world.case.pk])).status_code == 404


def test_a_16_year_olds_own_goal_is_left_out_of_the_parents_plan_until_the_youth_agrees(client, world):
    child = youth_aged(world, date(2010, 1, 5))
    goal_actions.do_add_goal(
        world.caseworker, world.case, words="Zelf naar school fietsen", whose="member", member=child
    )
    goal_actions.do_add_goal(world.caseworker, world.case, words="Rustig samen eten", whose="family")
    plan_version(world.caseworker, world.case)
    client.force_login(world.persona("parent"))
    page = client.get(reverse("portal:plan")).content.decode()
    assert "Rustig samen eten" in page and "Zelf naar school fietsen" not in page
    assert "Zelf naar school fietsen" not in client.get(reverse("portal:plan_version", args=[1])).content.decode()
    client.force_login(world.persona("youth"))
    assert "Zelf naar school fietsen" in client.get(reverse("portal:plan")).content.decode()
    client.post(reverse("portal:share_own_part"), {"shares": "on"})
    client.force_login(world.persona("parent"))
    assert "Zelf naar school fietsen" in client.get(reverse("portal:plan")).content.decode()


def test_the_pdf_download_is_logged_as_an_export_by_the_family_member(client, world):
    version = plan_version(world.caseworker, world.case, safety=SAFETY)
    parent = world.persona("parent")
    client.force_login(parent)
    response = client.get(reverse("portal:plan_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    record = AccessLogRecord.objects.filter(action="portal.plan_pdf").latest("seq")
    assert (record.event, record.user_id, record.case_id) == ("export", parent.pk, world.case.pk)
    assert record.detail == f"plan_version={version.pk}"


def test_an_answer_to_a_version_replaced_meanwhile_is_refused_and_nothing_is_saved(client, world):
    plan_version(world.caseworker, world.case)
    client.force_login(world.persona("parent"))
    assert 'name="version" value="1"' in client.get(reverse("portal:plan")).content.decode()
    plan_version(world.caseworker, world.case, own={"text": "Nieuw.", "voice": "family"})  # saved while reading
    response = client.post(reverse("portal:plan_agreement"), {"agreement": "yes", "version": "1"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Het plan is veranderd terwijl u het las." in page and 'name="version" value="2"' in page
    assert not PlanAgreement.objects.exists()
    response = client.post(reverse("portal:plan_agreement"), {"agreement": "yes", "version": "2"})
    assert response.status_code == 302 and PlanAgreement.objects.get().version.number == 2

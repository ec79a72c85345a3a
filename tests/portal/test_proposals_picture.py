"""A parent or youth agrees or disagrees with the coherent picture in the portal, in their own words (analysis's
FamilyView, now given by the family member themselves)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from samenplan.analysis import actions as analysis_actions
from samenplan.analysis.models import CoherentPicture, FamilyView
from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import DossierEntry, EntryKind, Voice
from samenplan.portal.models import FamilyAccount

FACTORS = [{"description": "Weinig slaap", "kind": "maintaining", "domain": "parent", "source": "conversation"}]


def current(world):
    return CoherentPicture.objects.get(case=world.case, current=True)


def member_of_user(user):
    return FamilyAccount.objects.get(user=user).member


@pytest.mark.guideline("P3")
@pytest.mark.guideline("P7")
def test_a_parent_disagrees_partly_in_own_words_and_the_caseworker_sees_it(client, world):
    picture = current(world)
    parent = world.persona("parent")
    client.force_login(parent)
    page = client.get(reverse("portal:picture")).content.decode()
    assert "Het beeld van uw situatie" in page and "Herkent u dit beeld?" in page
    response = client.post(
        reverse("portal:picture"),
        {"agreement": "partly", "words": "Het ligt niet alleen aan <b>ons</b>.", "version": picture.version},
    )
    assert response.status_code == 302
    view = FamilyView.objects.get(picture=picture)
    assert (view.member, view.agreement, view.words) == (
        member_of_user(parent),
        "partly",
        "Het ligt niet alleen aan <b>ons</b>.",
    )
    assert current(world).is_shared  # the family has seen this version: a change makes a new one
    entry = DossierEntry.objects.filter(case=world.case, kind=EntryKind.ANALYSIS).latest("pk")
    assert (entry.voice, entry.author, entry.speaker) == (Voice.FAMILY, parent, member_of_user(parent))
    record = AccessLogRecord.objects.filter(action="analysis.family_view").latest("seq")
    assert (record.user_id, record.case_id, record.event) == (parent.pk, world.case.pk, "change")
    page = client.get(reverse("portal:picture")).content.decode()
    assert "Uw antwoord nu" in page and "&lt;b&gt;ons&lt;/b&gt;" in page
    client.force_login(world.caseworker)
    page = client.get(reverse("analysis:overview", args=[world.case.pk])).content.decode()
    assert "Het ligt niet alleen aan" in page


def test_partly_or_no_needs_words_and_a_changed_picture_is_not_answered_unseen(client, world):
    picture = current(world)
    client.force_login(world.persona("youth"))
    response = client.post(reverse("portal:picture"), {"agreement": "disagrees", "version": picture.version})
    assert response.status_code == 422 and "Schrijf in je eigen woorden op" in response.content.decode()
    analysis_actions.do_save_picture(
        world.caseworker, world.case, nature_severity="Anders", safety="Veilig", strengths="Veel",
        factors=FACTORS, expected_version=picture.version,
    )  # fmt: skip
    response = client.post(reverse("portal:picture"), {"agreement": "agrees", "words": "", "version": picture.version})
    assert response.status_code == 422 and "veranderd tijdens het lezen" in response.content.decode()
    assert not FamilyView.objects.exists()


def test_the_caseworker_still_records_the_others_views_but_not_the_same_persons_twice(world):
    picture = current(world)
    parent = world.persona("parent")
    analysis_actions.do_family_view(
        parent, member_of_user(parent), picture, agreement="agrees", expected_version=picture.version
    )
    picture.refresh_from_db()
    child = world.case.family.members.get(role="child")
    analysis_actions.do_share_picture(
        world.caseworker, picture, views=[{"member": child, "agreement": "agrees"}], expected_version=picture.version
    )
    picture.refresh_from_db()
    assert FamilyView.objects.filter(picture=picture).count() == 2
    with pytest.raises(ValidationError) as refused:
        analysis_actions.do_share_picture(
            world.caseworker, picture, views=[{"member": member_of_user(parent), "agreement": "partly"}],
            expected_version=picture.version,
        )  # fmt: skip
    assert refused.value.code == "already_shared"


def test_another_family_sees_no_picture_and_cannot_answer_it(client, world):
    picture = current(world)
    client.force_login(world.persona("other_parent"))
    page = client.get(reverse("portal:picture")).content.decode()
    assert "Er is nog geen beeld" in page
    response = client.post(reverse("portal:picture"), {"agreement": "agrees", "version": picture.version})
    assert response.status_code == 404 and not FamilyView.objects.exists()


def test_a_professional_cannot_give_a_family_members_view_as_if_it_were_theirs(world):
    picture = current(world)
    member = member_of_user(world.persona("parent"))
    with pytest.raises(PermissionDenied):
        analysis_actions.do_family_view(
            world.caseworker, member, picture, agreement="agrees", expected_version=picture.version
        )
    assert not FamilyView.objects.exists()

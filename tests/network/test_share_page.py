"""The web page that shares the network with a recipient: the same action and consent check as the API. Without
the family's consent nothing is shared and the page says why; contact details only when the consent covers them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import DossierEntry, EntryKind
from tests.factories import record_consent
from tests.network.factories import network_member


def _consent(world, data_kinds, name="OBS De Regenboog"):
    return record_consent(
        world.caseworker, world.case, recipient_name=name, recipient_kind="organisation",
        recipient_role="school", purpose="coordinate", data_kinds=data_kinds,
    ).recipient  # fmt: skip


def _shares(world) -> int:
    return DossierEntry.objects.filter(case=world.case, kind=EntryKind.NETWORK, text__contains="gedeeld").count()


@pytest.mark.guideline("L9")
def test_it_shares_the_network_only_with_consent_and_contact_details_only_when_agreed(client, world):
    network_member(world.caseworker, world.case)
    school = _consent(world, ["school"])
    client.force_login(world.caseworker)
    url = reverse("network:share", args=[world.case.pk])
    assert "OBS De Regenboog" in client.get(url).content.decode()

    with translation.override("nl"):
        response = client.post(url, {"recipient": school.pk}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 422  # no consent for the family situation: nothing is shared
    html = response.content.decode()
    assert "toestemming" in html.lower() and "06-12345678" not in html and "Ria Jansen" not in html
    assert _shares(world) == 0

    _consent(world, ["family_situation"])
    response = client.post(url, {"recipient": school.pk}, HTTP_ACCEPT_LANGUAGE="nl")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ria Jansen" in html and "Haalt Mees op woensdag van school." in html
    assert "06-12345678" not in html  # the consent does not cover contact details
    assert _shares(world) == 1
    assert AccessLogRecord.objects.filter(action="network.share", case_id=world.case.pk, event="export").exists()

    _consent(world, ["personal"])
    response = client.post(url, {"recipient": school.pk}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200 and "06-12345678" in response.content.decode()
    assert _shares(world) == 2


@pytest.mark.parametrize("value", ["other_case", "", "x", "99999999999999999999"])
def test_it_refuses_a_recipient_of_another_case_or_nonsense_in_dutch(client, world, value):
    network_member(world.caseworker, world.case)
    if value == "other_case":
        other = record_consent(
            world.outsider_case.caseworker, world.outsider_case, purpose="coordinate", data_kinds=["family_situation"]
        )
        value = other.recipient.pk
    client.force_login(world.caseworker)
    response = client.post(reverse("network:share", args=[world.case.pk]), {"recipient": value})
    assert response.status_code == 422
    assert "Ria Jansen" not in response.content.decode()
    assert _shares(world) == 0


@pytest.mark.parametrize(("persona", "status"), [("outsider", 404), ("colleague", 403)])
def test_it_hides_the_page_from_others(client, world, persona, status):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("network:share", args=[world.case.pk])).status_code == status

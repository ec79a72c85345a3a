"""The family's privacy page, the link to it from the dossier, and what the forms offer to choose from."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from samenplan.cases.models import Case
from samenplan.privacy.actions import do_record_destruction_request
from tests.factories import case_with_registration


def test_it_links_the_privacy_page_from_the_dossier_for_those_who_may_use_it(client, world):
    url = reverse("privacy:family", args=[world.case.family_id])
    client.force_login(world.caseworker)
    assert url in client.get(reverse("cases:dossier", args=[world.case.pk])).content.decode()
    client.force_login(world.colleague)
    assert url not in client.get(reverse("cases:dossier", args=[world.case.pk])).content.decode()


def test_it_offers_an_export_per_member_and_lists_the_familys_requests(client, world):
    family = world.case.family
    made = do_record_destruction_request(
        world.caseworker, family, scope="family", case=None, requested_by=family.members.first(),
        requested_on=date(2026, 11, 2),
    )  # fmt: skip
    client.force_login(world.coworker)
    page = client.get(reverse("privacy:family", args=[family.pk])).content.decode()
    for member in family.members.all():
        assert reverse("privacy:export_member", args=[member.pk]) in page
    assert reverse("privacy:request", args=[made.pk]) in page
    assert "Vernietigingsverzoek vastleggen" in page and "Verzoek om inzage" in page


def test_it_offers_only_cases_the_user_sees(client, world):
    family = world.case.family
    south_case = case_with_registration(
        family=family, team=world.south, caseworker=world.south_worker, registered_by="family", reason="Zuid",
        opened_on=date(2025, 1, 1),
    )  # fmt: skip
    made = do_record_destruction_request(
        world.caseworker, family, scope="family", case=None, requested_by=family.members.first(),
        requested_on=date(2026, 11, 2),
    )  # fmt: skip
    client.force_login(world.caseworker)
    form_page = client.get(reverse("privacy:record_request", args=[family.pk])).content.decode()
    assert f'value="{world.case.pk}"' in form_page and f'value="{south_case.pk}"' not in form_page
    client.force_login(world.team_lead)
    response = client.post(
        reverse("privacy:decide", args=[made.pk]),
        {"decision": "partly", "cases": [south_case.pk], "grounds": ["legal_duty"], "explanation": "x", "version": 1},
    )
    assert response.status_code == 422
    assert Case.objects.filter(pk=south_case.pk).exists()


def test_it_answers_an_empty_post_with_field_errors_and_saves_nothing(client, world):
    from samenplan.privacy.models import DestructionRequest

    family = world.case.family
    client.force_login(world.caseworker)
    response = client.post(reverse("privacy:record_request", args=[family.pk]), {})
    assert (
        response.status_code == 422 and response.content.decode().count("Dit veld is vereist.") == 6
    )  # 3 fields: summary and field
    assert not DestructionRequest.objects.exists()
    made = do_record_destruction_request(
        world.caseworker, family, scope="family", case=None, requested_by=family.members.first(),
        requested_on=date(2026, 11, 2),
    )  # fmt: skip
    client.force_login(world.team_lead)
    assert client.post(reverse("privacy:decide", args=[made.pk]), {}).status_code == 422
    made.refresh_from_db()
    assert made.is_open

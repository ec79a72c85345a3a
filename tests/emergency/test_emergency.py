"""Emergency access ("noodknop"): a professional opens a case of the organisation outside their rules by stating a
reason; read-only, time-limited, logged as emergency access, and on the team lead's review list."""

from __future__ import annotations

from datetime import timedelta

import pytest
import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from samenplan.audit.models import AccessLogRecord
from samenplan.cases import access
from samenplan.emergency.actions import do_open_in_emergency, do_review
from samenplan.emergency.models import EmergencyAccess
from tests.conftest import register

REASON = "Moeder belt in paniek, haar eigen hulpverlener is vandaag niet bereikbaar."


def _last_record():
    return AccessLogRecord.objects.order_by("-seq").first()


@pytest.mark.parametrize("reason", ["", "   ", "noodgeval", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "a a a a a a a a a a a"])
def test_it_requires_a_meaningful_reason(world, reason):
    with pytest.raises(ValidationError) as raised:
        do_open_in_emergency(world.south_worker, world.case.pk, reason)
    assert "reason" in raised.value.error_dict
    assert not EmergencyAccess.objects.exists()
    assert not AccessLogRecord.objects.filter(event="emergency").exists()


def test_it_gives_read_only_access_that_is_logged_as_emergency(world):
    assert not rules.test_rule("cases.view_case", world.south_worker, world.case)
    grant = do_open_in_emergency(world.south_worker, str(world.case.pk), REASON)
    record = _last_record()
    assert (record.event, record.action, record.user_id) == ("emergency", "emergency.open", world.south_worker.pk)
    assert (record.case_id, record.family_id) == (world.case.pk, world.case.family_id)
    assert f"grant={grant.pk}" in record.detail and REASON in record.detail
    assert rules.test_rule("cases.view_case", world.south_worker, world.case)
    assert world.case in access.visible_cases(world.south_worker)
    assert not rules.test_rule("cases.change_case", world.south_worker, world.case)
    assert not rules.test_rule("cases.move_phase", world.south_worker, world.case)
    assert not rules.test_rule("cases.assign_workers", world.south_worker, world.case)


def test_it_expires_after_the_configured_hours(world, settings):
    settings.EMERGENCY_ACCESS_HOURS = 2
    grant = do_open_in_emergency(world.south_worker, world.case.pk, REASON)
    assert grant.expires_at - grant.started_at == timedelta(hours=2)
    EmergencyAccess.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert not rules.test_rule("cases.view_case", world.south_worker, world.case)
    assert world.case not in access.visible_cases(world.south_worker)


def test_it_lasts_eight_hours_by_default(world):
    grant = do_open_in_emergency(world.south_worker, world.case.pk, REASON)
    assert grant.expires_at - grant.started_at == timedelta(hours=8)


def test_it_refuses_another_organisation_exactly_like_a_case_that_does_not_exist(world):
    def refusal(case_id):
        with pytest.raises(ValidationError) as raised:
            do_open_in_emergency(world.outsider, case_id, REASON)
        record = _last_record()
        return raised.value.message_dict, (record.event, record.case_id, record.family_id, record.detail)

    missing = world.case.pk + 1000
    exists_elsewhere, log_elsewhere = refusal(world.case.pk)
    does_not_exist, log_missing = refusal(missing)
    assert exists_elsewhere == does_not_exist
    assert log_elsewhere == ("refused", None, None, f"case={world.case.pk}")
    assert log_missing == ("refused", None, None, f"case={missing}")
    assert not EmergencyAccess.objects.exists()


def test_it_is_for_professionals_who_do_not_see_the_case_already(world):
    with pytest.raises(ValidationError) as raised:
        do_open_in_emergency(world.colleague, world.case.pk, REASON)
    assert raised.value.error_dict["case"][0].code == "already_visible"
    for persona in ("team_lead", "south_lead", "scientist", "administrator"):
        with pytest.raises(PermissionDenied):
            do_open_in_emergency(world.persona(persona), world.case.pk, REASON)
    assert not EmergencyAccess.objects.exists()


def test_it_lets_a_professional_open_a_case_on_the_web_and_shows_a_banner(client, world):
    client.force_login(world.south_worker)
    dossier = reverse("cases:dossier", args=[world.case.pk])
    not_found = client.get(dossier)
    assert not_found.status_code == 404
    assert reverse("emergency:open") in not_found.content.decode()  # offered without saying whether the case exists
    response = client.post(reverse("emergency:open"), {"case": world.case.pk, "reason": REASON})
    assert response.status_code == 302 and response["Location"] == dossier
    page = client.get(dossier)
    assert page.status_code == 200
    assert "Je bekijkt dit dossier met noodtoegang tot" in page.content.decode()
    read = _last_record()
    assert (read.event, read.action, read.case_id) == ("emergency", "cases.dossier", world.case.pk)
    note = client.post(reverse("cases:add_note", args=[world.case.pk]), {"text": "Mag niet."})
    assert note.status_code == 403


def test_it_shows_no_banner_to_who_sees_the_case_by_their_rules(client, world):
    client.force_login(world.colleague)
    assert "noodtoegang" not in client.get(reverse("cases:dossier", args=[world.case.pk])).content.decode()


def test_it_gives_clear_field_errors_on_the_web(client, world):
    client.force_login(world.outsider)
    response = client.post(reverse("emergency:open"), {"case": world.case.pk, "reason": "kort"})
    assert response.status_code == 422
    assert not EmergencyAccess.objects.exists()
    response = client.post(reverse("emergency:open"), {"case": "abc", "reason": REASON})
    assert response.status_code == 422
    assert "Er is geen dossier met dit nummer dat je in een noodgeval kunt openen." in response.content.decode()


def test_it_puts_the_grant_on_the_review_list_of_the_cases_team_lead(client, world):
    grant = do_open_in_emergency(world.south_worker, world.case.pk, REASON)
    client.force_login(world.south_lead)  # leads Zuid, the worker's team; the case is Noord's
    assert REASON not in client.get(reverse("emergency:review_list")).content.decode()
    assert client.post(reverse("emergency:review", args=[grant.pk]), {"review_note": ""}).status_code == 404
    client.force_login(world.team_lead)
    page = client.get(reverse("emergency:review_list"))
    assert page.status_code == 200 and REASON in page.content.decode()
    response = client.post(reverse("emergency:review", args=[grant.pk]), {"review_note": "Besproken, terecht."})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert (grant.reviewed_by, grant.review_note) == (world.team_lead, "Besproken, terecht.")
    record = _last_record()
    assert (record.event, record.action, record.case_id) == ("change", "emergency.review", world.case.pk)
    again = client.post(reverse("emergency:review", args=[grant.pk]), {"review_note": "Nog een keer."})
    assert again.status_code == 422
    grant.refresh_from_db()
    assert grant.review_note == "Besproken, terecht."


def test_it_refuses_the_review_list_to_others(client, world):
    for persona in ("caseworker", "south_worker", "scientist", "administrator"):
        client.force_login(world.persona(persona))
        assert client.get(reverse("emergency:review_list")).status_code == 403


def test_it_loads_the_review_list_in_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    do_open_in_emergency(world.south_worker, world.case.pk, REASON)
    client.force_login(world.team_lead)
    client.get(reverse("emergency:review_list"))  # warm up the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("emergency:review_list"))
    for i in range(3):
        case = register(world.caseworker, world.north, name=f"Spoed{i}")
        do_open_in_emergency(world.south_worker, case.pk, REASON)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("emergency:review_list"))
    assert page.content.decode().count(REASON) == 4


def test_it_marks_a_review_once(world):
    grant = do_open_in_emergency(world.south_worker, world.case.pk, REASON)
    do_review(world.team_lead, grant, "Ok.")
    with pytest.raises(ValidationError):
        do_review(world.team_lead, grant, "Weer.")

"""Changing the catalogue through its actions: only the organisation's administrator, checked like the form, in
one transaction with an access-log record; a stale version changes nothing; an import is all-or-nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from samenplan.audit.models import AccessLogRecord
from samenplan.catalogue import actions
from samenplan.catalogue.access import offers_for_user
from samenplan.catalogue.models import HelpOffer
from samenplan.errors import StaleVersion
from tests.catalogue.factories import CSV_GOOD, CSV_ONE_BROKEN, TRIPLE_P, offer


def last(action):
    return AccessLogRecord.objects.filter(action=action).order_by("-seq").first()


def test_it_adds_an_offer_and_logs_who_did_it(world):
    added = offer(world)
    assert (added.organisation, added.version, added.active) == (world.org, 1, True)
    record = last(actions.CHANGE)
    assert (record.user_id, record.event, record.organisation_id) == (world.administrator.pk, "create", world.org.pk)
    assert f"offer={added.pk}" in record.detail


@pytest.mark.parametrize("persona", ["caseworker", "team_lead", "scientist", "outsider"])
def test_it_lets_only_the_administrator_change_the_catalogue(world, persona):
    with pytest.raises(PermissionDenied):
        actions.do_add_offer(world.persona(persona), TRIPLE_P, organisation=world.org)
    added = offer(world)
    with pytest.raises(PermissionDenied):
        actions.do_change_offer(world.persona(persona), added, {"name": "Anders"}, expected_version=1)
    with pytest.raises(PermissionDenied):
        actions.do_import(world.persona(persona), world.org, CSV_GOOD)
    assert HelpOffer.objects.count() == 1


def test_it_refuses_a_second_offer_with_the_same_name_in_any_case(world):
    offer(world)
    with pytest.raises(ValidationError) as caught:
        offer(world, name="triple p")
    assert "name" in caught.value.message_dict
    other = offer(world, name="Gezinscoach")
    with pytest.raises(ValidationError):
        actions.do_change_offer(world.administrator, other, {"name": "TRIPLE P"}, expected_version=1)


def test_it_checks_the_values_like_the_rules(world):
    with pytest.raises(ValidationError) as caught:
        offer(world, min_age=12, max_age=4, intensity="zwaar", description="")
    assert set(caught.value.message_dict) == {"max_age", "intensity", "description"}
    assert not HelpOffer.objects.exists()


def test_it_changes_an_offer_with_a_new_version_and_logs_old_and_new(world):
    added = offer(world)
    changed = actions.do_change_offer(world.administrator, added, {"waiting_weeks": 8}, expected_version=1)
    assert (changed.waiting_weeks, changed.version, changed.name) == (8, 2, "Triple P")
    assert "waiting_weeks: 3 -> 8" in last(actions.CHANGE).detail
    same = actions.do_change_offer(world.administrator, changed, {"waiting_weeks": 8}, expected_version=2)
    assert same.version == 2  # nothing changed: no new version


def test_it_refuses_a_change_based_on_a_stale_version_and_changes_nothing(world):
    added = offer(world)
    actions.do_change_offer(world.administrator, added, {"waiting_weeks": 8}, expected_version=1)
    with pytest.raises(StaleVersion):
        actions.do_change_offer(world.administrator, added, {"name": "Iets anders"}, expected_version=1)
    with pytest.raises(StaleVersion):
        actions.do_set_active(world.administrator, added, active=False, expected_version=1)
    added.refresh_from_db()
    assert (added.name, added.version, added.active) == ("Triple P", 2, True)


def test_it_takes_an_offer_out_of_the_catalogue_without_removing_it(world):
    added = offer(world)
    actions.do_set_active(world.administrator, added, active=False, expected_version=1)
    added.refresh_from_db()
    assert (added.active, added.version) == (False, 2)
    assert list(offers_for_user(world.caseworker)) == []
    actions.do_set_active(world.administrator, added, active=True, expected_version=2)
    assert list(offers_for_user(world.caseworker)) == [added]


def test_it_gives_the_active_offers_of_the_users_organisation_lightest_first(world):
    offer(world, name="Pleegzorg", intensity="residential", min_age=0, max_age=21)
    offer(world, name="Triple P")
    offer(world, name="Buddy", intensity="network", min_age=12, max_age=23, description="Een maatje om mee te sporten")
    offer(world, name="MST", intensity="intensive", min_age=12, max_age=18)
    names = [o.name for o in offers_for_user(world.caseworker)]
    assert names == ["Buddy", "Triple P", "MST", "Pleegzorg"]
    assert [o.name for o in offers_for_user(world.south_worker, age=20)] == ["Buddy", "Pleegzorg"]
    assert [o.name for o in offers_for_user(world.caseworker, text="sporten maatje")] == ["Buddy"]
    assert list(offers_for_user(world.outsider)) == []


@pytest.mark.guideline("G5.3")
def test_it_imports_a_csv_and_updates_existing_names_with_a_new_version(world):
    existing = offer(world, name="Gezinscoach", intensity="intensive")
    result = actions.do_import(world.administrator, world.org, CSV_GOOD)
    assert result.imported and len(result.created) == 1 and result.updated == [existing]
    existing.refresh_from_db()
    assert (existing.intensity, existing.version, existing.evidence_level) == ("ambulatory", 2, "well_founded")
    assert HelpOffer.objects.filter(organisation=world.org).count() == 2
    record = last(actions.IMPORT)
    assert (record.user_id, record.event) == (world.administrator.pk, "create")
    assert "added=1 updated=1" in record.detail
    again = actions.do_import(world.administrator, world.org, CSV_GOOD)
    assert (again.created, again.updated, again.unchanged) == ([], [], 2)


def test_it_imports_nothing_when_a_row_is_broken(world):
    before = AccessLogRecord.objects.count()
    result = actions.do_import(world.administrator, world.org, CSV_ONE_BROKEN)
    assert not result.imported and [r.number for r in result.csv.broken] == [3]
    assert not HelpOffer.objects.exists()
    assert AccessLogRecord.objects.count() == before


def test_it_imports_the_valid_rows_only_when_asked(world):
    result = actions.do_import(world.administrator, world.org, CSV_ONE_BROKEN, valid_rows_only=True)
    assert result.imported and result.skipped == 1
    assert sorted(HelpOffer.objects.values_list("name", flat=True)) == ["Buddy voor jongeren", "Gezinscoach"]
    assert "rows_skipped=3" in last(actions.IMPORT).detail


def test_it_imports_from_the_command_line_with_a_non_zero_exit_on_errors(world, tmp_path, capsys):
    good, broken = tmp_path / "goed.csv", tmp_path / "kapot.csv"
    good.write_text(CSV_GOOD, encoding="utf-8")
    broken.write_text(CSV_ONE_BROKEN, encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("catalogue", "import", str(broken), "--organisation", "Rivierstad")
    assert "row 3" in capsys.readouterr().err
    assert not HelpOffer.objects.exists()
    with pytest.raises(CommandError, match="skipped"):
        call_command("catalogue", "import", str(broken), "--organisation", "Rivierstad", "--valid-rows-only")
    assert HelpOffer.objects.count() == 2
    call_command("catalogue", "import", str(good), "--organisation", "Rivierstad")
    assert "0 added, 2 changed" in capsys.readouterr().out
    assert last(actions.IMPORT).user_id is None
    latin = tmp_path / "latin.csv"
    latin.write_bytes("naam;beschrijving;intensiteit\nCafé;é;licht\n".encode("cp1252"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("catalogue", "import", str(latin), "--organisation", "Rivierstad")
    with pytest.raises(CommandError, match="No organisation"):
        call_command("catalogue", "import", str(good), "--organisation", "Nergens")

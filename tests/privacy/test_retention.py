"""`samenplan retention run`: a dry run lists the families past retention; --apply removes each with everything
that hangs off it (found through the foreign-key graph) and logs it with ids only. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from samenplan.audit.log import verify
from samenplan.audit.models import AccessLogRecord
from samenplan.cases import actions
from samenplan.cases.models import Case, DossierEntry, Family, Member, Voice
from samenplan.privacy import graph
from samenplan.privacy.actions import do_record_destruction_request
from samenplan.privacy.models import DestructionRequest
from tests.conftest import register
from tests.factories import case_with_registration


def _close(case, years_ago: int, days: int = 0):
    closed = timezone.localdate() - timedelta(days=365 * years_ago + years_ago // 4 + 1 + days)
    Case.objects.filter(pk=case.pk).update(phase="closed", opened_on=closed - timedelta(days=400), closed_on=closed)


def _run(*args) -> str:
    out = StringIO()
    call_command("retention", "run", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def old(world):
    """The world's case closed 21 years ago, with a note, a co-worker and a request for destruction."""
    actions.do_add_note(world.caseworker, world.case, text="Moeder vertelt over school.", voice=Voice.FAMILY)
    request = do_record_destruction_request(
        world.caseworker, world.case.family, scope="family", case=None,
        requested_by=world.case.family.members.first(), requested_on=timezone.localdate(),
    )  # fmt: skip
    _close(world.case, 21)
    return request


def test_it_lists_what_is_due_without_removing_or_naming_anyone(world, old):
    recent = register(world.caseworker, world.north, name="Visser")
    _close(recent, 1)
    out = _run()
    assert "Dry run: 1 families" in out
    assert f"Family ids: {world.case.family_id}\n" in out
    assert "Jansen" not in out and "Sanne" not in out
    assert Family.objects.filter(pk=world.case.family_id).exists()


def test_it_removes_the_family_and_everything_that_hangs_off_it(world, old):
    family_id, case_id = world.case.family_id, world.case.pk
    member_ids = list(Member.objects.filter(family_id=family_id).values_list("pk", flat=True))
    recent = register(world.caseworker, world.north, name="Visser")
    _close(recent, 19)  # 19 years: not yet
    others = {m: m.objects.exclude(**{_path(m): family_id}).count() for m in (Member, Case, DossierEntry)}

    out = _run("--apply")

    assert "Removed 1 families" in out and "Jansen" not in out
    assert not Family.objects.filter(pk=family_id).exists()
    assert not Member.objects.filter(pk__in=member_ids).exists()
    assert not Case.objects.filter(pk=case_id).exists()
    assert not DossierEntry.objects.filter(case_id=case_id).exists()
    assert not Case.coworkers.through.objects.filter(case_id=case_id).exists()
    assert others == {m: m.objects.count() for m in others}  # the other families' records are untouched
    assert Family.objects.filter(pk__in=[recent.family_id, world.outsider_case.family_id]).count() == 2
    assert not DestructionRequest.objects.filter(pk=old.pk).exists()  # part of the file past retention
    assert "privacy.DestructionRequest: 1" in out
    record = AccessLogRecord.objects.get(action="privacy.remove_family")
    assert (record.event, record.family_id, record.username) == ("delete", family_id, record.username)
    assert record.username.startswith("cli:")
    assert f"cases={case_id}" in record.detail and "Jansen" not in record.detail
    assert verify()[1] is None


def _path(model) -> str:
    return {Member: "family_id", Case: "family_id", DossierEntry: "case__family_id"}[model]


def test_it_keeps_a_family_whose_case_was_reopened(world, old):
    Case.objects.filter(pk=world.case.pk).update(closed_on=None, phase="clarification")
    assert "Dry run: 0 families" in _run()
    _run("--apply")
    assert Family.objects.filter(pk=world.case.family_id).exists()


def test_it_keeps_a_family_with_a_second_case_closed_recently(world, old):
    second = case_with_registration(
        family=world.case.family, team=world.north, caseworker=world.caseworker, registered_by="family",
        reason="Opnieuw hulp", opened_on=date(2024, 1, 1), closed_on=timezone.localdate() - timedelta(days=30),
    )  # fmt: skip
    _run("--apply")
    assert Case.objects.filter(pk=second.pk).exists()


def test_it_follows_every_foreign_key_to_a_family_case_or_member():
    """The graph walks whatever points at a family, member or case: a new app's model is covered unseen."""
    for target in (Family, Case, Member):
        walked = {model for model, _name, _on_delete in graph._reverse_keys(target)}
        pointing = {
            model
            for model in apps.get_models(include_auto_created=True)
            for field in model._meta.fields
            if isinstance(field, models.ForeignKey) and field.related_model is target
        }
        assert pointing <= walked, f"not walked from {target.__name__}: {pointing - walked}"
    assert DestructionRequest in {m for m, _n, _d in graph._reverse_keys(Family)}

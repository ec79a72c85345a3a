"""Options, preferences, decisions and help are client data of the case: the export for inspection holds them, and
removing the family removes them all (found through the foreign-key graph), also after a crucial decision on a
scientist's advice or a team lead's override."""

from __future__ import annotations

from django.utils import timezone

from samenplan.analysis.models import Consultation
from samenplan.decisions import actions
from samenplan.decisions.models import (
    CrucialOverride,
    Decision,
    DecisionAgreement,
    HelpDeployment,
    Option,
    Preference,
)
from samenplan.privacy.actions import member_export, remove_family
from tests.decisions.factories import decision_input, three_options


def _fill(world):
    case = world.case
    own, course, coaching = three_options(world.caseworker, case)
    parent = case.family.members.order_by("pk").first()
    actions.do_save_preference(
        world.caseworker, case, member=parent, kind="preferred", preferred=course, reasons="Samen leren.",
        seen_options=[own.pk, course.pk, coaching.pk], expected_version=0,
    )  # fmt: skip
    Consultation.objects.filter(case=case).update(status="answered", advice="Goed plan.", answered_at=timezone.now())
    decision = actions.do_record_decision(world.caseworker, case, **decision_input(case, [course], out_of_home=True))
    actions.do_override_crucial(world.team_lead, case, reason="Spoed.")
    actions.do_add_help(world.caseworker, case, **actions.help_from_option(course), decision=decision)
    return parent


def test_the_export_holds_the_preferences_and_agreements(world):
    parent = _fill(world)
    records = member_export(parent)["records"]
    assert records["decisions.Preference"][0]["fields"]["reasons"] == "Samen leren."
    assert "decisions.DecisionAgreement" in records


def test_removing_the_family_removes_deciding_together(world):
    _fill(world)
    remove_family(world.team_lead, world.case.family, reason="Bewaartermijn verstreken.")
    for model in (Option, Preference, Decision, DecisionAgreement, CrucialOverride, HelpDeployment):
        assert not model.objects.exists(), model

"""The demo shows cases with three options side by side, decisions at different participation levels (one with a
recorded disagreement), preferences of two participants, and running help."""

from samenplan import demo_data
from samenplan.audit import log
from samenplan.cases.models import EntryKind
from samenplan.decisions.models import Decision, HelpDeployment, Option, Preference


def test_the_demo_has_options_decisions_and_running_help(db):
    demo_data.seed()
    # The portal demo family (``ouder``) has options still to weigh: no preferences or decision yet (its own test).
    weighed = Option.objects.exclude(case__family__members__portal_account__user__username="ouder")
    cases = {o.case for o in weighed.select_related("case")}
    assert len(cases) >= 2
    for case in cases:
        assert case.options.count() == 3
        assert case.options.exclude(family_pros="").count() >= 3  # the family's view on every option
        assert Preference.objects.filter(case=case).count() == 2
        assert case.entries.filter(kind=EntryKind.DECISION).exists()
    assert len(set(Decision.objects.values_list("participation_level", flat=True))) >= 2
    assert Decision.objects.exclude(resolution="").exists()
    assert HelpDeployment.objects.filter(status="running").exists()
    assert log.verify()[1] is None

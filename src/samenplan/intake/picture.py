"""The route picture on the dossier and the next intake step actions, for a case the user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samenplan.cases.models import Case, Phase
from samenplan.intake import phases, rules
from samenplan.intake.models import Route

STATE_LABELS = {
    rules.DONE: gettext_lazy("done"),
    rules.CURRENT: gettext_lazy("now"),
    rules.UPCOMING: gettext_lazy("still to come"),
    rules.SKIPPED: gettext_lazy("skipped"),
    rules.NOT_ON_ROUTE: gettext_lazy("not needed on this route"),
}


@dataclass(frozen=True)
class PictureNode:
    phase: str
    state: str
    label: str
    state_label: str
    note: str


def route_picture(case: Case, decision=phases.LOOK_UP) -> list[PictureNode]:
    """The phases on the case's route with their state; ``decision``: the current route decision when read already."""
    decision = phases.current_decision(case) if decision is phases.LOOK_UP else decision
    nodes = rules.route_picture(
        case.phase,
        decision.route if decision else None,
        decision.analysis_skip_reason if decision else "",
    )
    result = []
    for node in nodes:
        note = node.note
        if node.phase == rules.CLARIFICATION and note:
            note = _("Route: %(route)s") % {"route": Route(note).label}
        result.append(PictureNode(node.phase, node.state, Phase(node.phase).label, STATE_LABELS[node.state], note))
    return result


def step_actions(case: Case) -> list[tuple[str, str, bool]]:
    """(url, label, primary) for the intake steps that fit the case's phase now."""
    if not case.is_open or case.phase not in (Phase.REGISTRATION, Phase.CLARIFICATION):
        return []
    actions = [(reverse("intake:conversation", args=[case.pk]), _("Record a conversation"), True)]
    if case.phase == Phase.CLARIFICATION:
        actions.append((reverse("intake:clarify", args=[case.pk]), _("Clarify the question"), False))
        actions.append((reverse("intake:route", args=[case.pk]), _("Decide the route together"), False))
    return actions

"""The route through the steps (the intake's "Figuur 1", intake/picture.py) in the words of the portal: each step
with a short plain explanation, said to a parent ("u") or a youth ("je"), and where the family is now."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy, pgettext_lazy

from samenplan.intake import phases, picture
from samenplan.intake import rules as intake_rules

# Per step: (name, what happens) for a parent and for a youth.
STEPS = {
    "registration": {
        "parent": (
            pgettext_lazy("parent", "Asking for help"),
            pgettext_lazy("parent", "You told us why you want help."),
        ),
        "youth": (pgettext_lazy("youth", "Asking for help"), pgettext_lazy("youth", "You told us why you want help.")),
    },
    "clarification": {
        "parent": (
            pgettext_lazy("parent", "Your question"),
            pgettext_lazy("parent", "We talk together. What is going on? What do you want to change?"),
        ),
        "youth": (
            pgettext_lazy("youth", "Your question"),
            pgettext_lazy("youth", "We talk together. What is going on? What do you want to change?"),
        ),
    },
    "analysis": {
        "parent": (
            pgettext_lazy("parent", "Looking at the whole picture"),
            pgettext_lazy("parent", "We look together at what is hard and at what goes well."),
        ),
        "youth": (
            pgettext_lazy("youth", "Looking at the whole picture"),
            pgettext_lazy("youth", "We look together at what is hard and at what goes well."),
        ),
    },
    "goals": {
        "parent": (pgettext_lazy("parent", "Goals"), pgettext_lazy("parent", "You choose what you want to reach.")),
        "youth": (pgettext_lazy("youth", "Goals"), pgettext_lazy("youth", "You choose what you want to reach.")),
    },
    "decision": {
        "parent": (
            pgettext_lazy("parent", "Choosing help"),
            pgettext_lazy("parent", "We look at what can help. You choose together with us."),
        ),
        "youth": (
            pgettext_lazy("youth", "Choosing help"),
            pgettext_lazy("youth", "We look at what can help. You choose together with us."),
        ),
    },
    "help": {
        "parent": (pgettext_lazy("parent", "The help"), pgettext_lazy("parent", "You get the help we chose.")),
        "youth": (pgettext_lazy("youth", "The help"), pgettext_lazy("youth", "You get the help we chose.")),
    },
    "evaluation": {
        "parent": (
            pgettext_lazy("parent", "How is it going?"),
            pgettext_lazy("parent", "We look together: does the help help? Is something else needed?"),
        ),
        "youth": (
            pgettext_lazy("youth", "How is it going?"),
            pgettext_lazy("youth", "We look together: does the help help? Is something else needed?"),
        ),
    },
    "closed": {
        "parent": (
            pgettext_lazy("parent", "The end"),
            pgettext_lazy("parent", "The help stops. You know whom to call."),
        ),
        "youth": (pgettext_lazy("youth", "The end"), pgettext_lazy("youth", "The help stops. You know whom to call.")),
    },
}

ROUTES = {
    intake_rules.LIGHT: gettext_lazy("light help: information, advice, a short help, or help from people around you"),
    intake_rules.ACUTE: gettext_lazy("help right away"),
    intake_rules.ROUTE_ANALYSIS: gettext_lazy("first look closer at the whole picture"),
}

STATES = {
    intake_rules.DONE: {"parent": pgettext_lazy("parent", "done"), "youth": pgettext_lazy("youth", "done")},
    intake_rules.CURRENT: {
        "parent": pgettext_lazy("parent", "you are here now"),
        "youth": pgettext_lazy("youth", "you are here now"),
    },
    intake_rules.UPCOMING: {
        "parent": pgettext_lazy("parent", "still to come"),
        "youth": pgettext_lazy("youth", "still to come"),
    },
    intake_rules.SKIPPED: {"parent": pgettext_lazy("parent", "skipped"), "youth": pgettext_lazy("youth", "skipped")},
    intake_rules.NOT_ON_ROUTE: {
        "parent": pgettext_lazy("parent", "not needed for you"),
        "youth": pgettext_lazy("youth", "not needed for you"),
    },
}


@dataclass(frozen=True)
class Step:
    phase: str
    state: str
    name: str
    explanation: str
    state_words: str
    route: str  # the route chosen together, on the step where it was chosen


def steps(case, voice: str) -> list[Step]:
    """The case's route through the steps, for a parent (``voice="parent"``) or a youth (``"youth"``). The
    professional's reason for skipping a step is not shown: only that it was skipped."""
    out = []
    decision = phases.current_decision(case)  # read once, for the picture and the route's name
    for node in picture.route_picture(case, decision):
        name, explanation = STEPS[node.phase][voice]
        route = ""
        if node.phase == intake_rules.CLARIFICATION:
            route = str(ROUTES.get(decision.route, "")) if decision else ""
        out.append(Step(node.phase, node.state, str(name), str(explanation), str(STATES[node.state][voice]), route))
    return out

"""The dashboard's item providers: one per group of things that need doing.

A provider is a callable ``(cases, today, settings) -> list[Item]``:

- ``cases``: a queryset of ``cases.Case`` (the professional's own open cases, or a team lead's teams' open cases);
  filter your records with ``case__in=cases`` (a subquery), never by iterating it;
- ``today``: the ``date`` the dashboard or the reminder is for;
- ``settings``: the organisation's ``administration.OrganisationSettings`` (``settings_for(org)``), e.g.
  ``settings.inactivity_days``.

It must issue a **constant number of queries** however many cases there are (``select_related`` what the item
text needs) and return :class:`Item` rows of its own group. Register it once, in the providing app's
``AppConfig.ready``::

    from samenplan.caseload import registry
    registry.register(registry.EVALUATIONS_PROVIDER_KEY, my_provider)

A group whose key has no provider is not shown (the slots for evaluations and plans wait for their apps).

For example, the evaluations app (its ``services.evaluations_due(cases, today)`` and ``rules.due_state``)::

    def evaluations_provider(cases, today, settings):
        return [
            Item(EVALUATIONS_PROVIDER_KEY, _("Evaluation planned for %(day)s") % {"day": date_format(e.due_on)},
                 reverse("evaluations:…", args=[e.case_id]), case_id=e.case_id, family_id=e.case.family_id,
                 family_name=e.case.family.name, due=e.due_on, overdue=e.due_on < today)
            for e in evaluations_due(cases, today)  # due this week or overdue, select_related("case__family")
        ]

The heading and the reminder line of both slots are ready in ``caseload/texts.py``; the reminder counts every
item that is not ``waiting`` and says how many are ``overdue`` ("3 evaluaties deze week, 1 te laat").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

EVALUATIONS_PROVIDER_KEY = "evaluations"  # evaluations due this week and overdue (the evaluations app)
PLANS_PROVIDER_KEY = "plans"  # plans not yet agreed by the family (the family plan app)
CONSULTATIONS_PROVIDER_KEY = "consultations"
CONSENTS_PROVIDER_KEY = "consents"
FAMILY_INPUT_PROVIDER_KEY = "family_input"
INACTIVE_PROVIDER_KEY = "inactive"
PHASES_PROVIDER_KEY = "phases"


@dataclass(frozen=True)
class Item:
    """One thing on the dashboard. ``text`` says what is to be done (no family name: the page adds it from
    ``family_name``); ``url`` is where it is done.

    ``due``: the date it is due (or expires), for ordering; ``overdue``: past its date; ``waiting``: someone else's
    turn (e.g. a consultation not yet answered), shown but not counted as due in the reminder; ``count``: for a
    summary item (cases in a phase) instead of one case."""

    group: str
    text: str
    url: str
    case_id: int | None = None
    family_id: int | None = None
    family_name: str = ""
    due: date | None = None
    overdue: bool = False
    waiting: bool = False
    count: int | None = None


Provider = Callable[..., list[Item]]

_providers: dict[str, Provider] = {}


def register(key: str, provider: Provider) -> None:
    """Register (or replace) the provider of group ``key``."""
    _providers[key] = provider


def unregister(key: str) -> None:
    _providers.pop(key, None)


def providers() -> dict[str, Provider]:
    """The registered providers by key (a copy)."""
    return dict(_providers)


def is_registered(key: str) -> bool:
    return key in _providers


def collect(cases, today: date, settings, keys=None) -> dict[str, list[Item]]:
    """Every registered provider's items (or only ``keys``), by group key."""
    return {
        key: list(provider(cases, today, settings))
        for key, provider in _providers.items()
        if keys is None or key in keys
    }

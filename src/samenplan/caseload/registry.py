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

A provider builds every item of its group (the page counts them and shows the first few), so it reads plain values
(``values_list``) rather than model instances, and formats with what is the same for every row once: the
translated text (``gettext`` before the loop), the URL (:func:`url_maker`: one ``reverse``) and the dates
(:func:`day_format`: once per date). For example, the evaluations app (``evaluations/providers.py``)::

    def evaluations_provider(cases, today, settings):
        text, url, day = _("Evaluation planned for %(day)s"), url_maker("evaluations:…"), day_format()
        rows = Evaluation.objects.filter(case__in=cases, …).values_list("pk", "case_id", "case__family_id",
                                                                       "case__family__name", "planned_on")
        return [
            Item(EVALUATIONS_PROVIDER_KEY, text % {"day": day(on)}, url(pk), case_id=case_id, family_id=family_id,
                 family_name=name, due=on, overdue=on < today)
            for pk, case_id, family_id, name, on in rows
        ]

The heading and the reminder line of both slots are ready in ``caseload/texts.py``; the reminder counts every
item that is not ``waiting`` and says how many are ``overdue`` ("3 evaluaties deze week, 1 te laat").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.utils.formats import date_format
from django.utils.translation import get_language

from samenplan.links import url_for_ids

EVALUATIONS_PROVIDER_KEY = "evaluations"  # evaluations due this week and overdue (the evaluations app)
PLANS_PROVIDER_KEY = "plans"  # plans not yet agreed by the family (the family plan app)
CONSULTATIONS_PROVIDER_KEY = "consultations"
CONSENTS_PROVIDER_KEY = "consents"
FAMILY_INPUT_PROVIDER_KEY = "family_input"
INACTIVE_PROVIDER_KEY = "inactive"
PHASES_PROVIDER_KEY = "phases"


@dataclass(slots=True)
class Item:
    """One thing on the dashboard. ``text`` says what is to be done (no family name: the page adds it from
    ``family_name``); ``url`` is where it is done.

    ``due``: the date it is due (or expires), for ordering; ``overdue``: past its date; ``waiting``: someone else's
    turn (e.g. a consultation not yet answered), shown but not counted as due in the reminder; ``count``: for a
    summary item (cases in a phase) instead of one case.

    Made by a provider and only read after (not ``frozen``: that made each one three times dearer to make, and a
    caseload gives hundreds)."""

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

url_maker = url_for_ids  # the providers' name for it (samenplan/links.py)


@lru_cache(maxsize=4096)
def _day(day: date, language: str | None) -> str:
    return date_format(day)  # in the active language, which is ``language``


def day_format() -> Callable[[date], str]:
    """``date_format`` in the active language, each date formatted once per process (about 25 µs each, and a
    caseload's inactive cases have about as many dates as cases). A date alone is no client data. Make one per
    call of the provider: the language is the request's (the formats are one for all languages now, d-m-Y, but a
    language may have its own)."""
    language = get_language()
    return lambda day: _day(day, language)


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

"""What providers build their items with: a URL per key from one ``reverse``, dates in the active language, and the
cases' condition compiled once for every provider."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from samenplan.caseload import registry, services
from tests.caseload.factories import busy_cases


def test_the_url_maker_gives_what_reverse_gives_for_every_key():
    dossier, consent = registry.url_maker("cases:dossier"), registry.url_maker("cases:dossier", "#consent")
    for pk in (1, 42, 918_273):
        assert dossier(pk) == reverse("cases:dossier", args=[pk])
        assert consent(pk) == reverse("cases:dossier", args=[pk]) + "#consent"
    assert registry.url_maker("evaluations:hold_planned")(7) == reverse("evaluations:hold_planned", args=[7])


def test_dates_are_formatted_as_date_format_does_in_the_language_of_the_request():
    for language in ("nl", "en", "ar"):
        with translation.override(language):
            assert [registry.day_format()(day) for day in (date(2026, 3, 5), date(2027, 12, 31))] == [
                date_format(date(2026, 3, 5)),
                date_format(date(2027, 12, 31)),
            ]


def test_the_compiled_cases_are_the_same_cases(world):
    busy_cases(world, 3)
    for user in (world.caseworker, world.coworker, world.colleague):
        cases = services.own_cases(user)
        assert sorted(services.compiled(cases).values_list("pk", flat=True)) == sorted(
            cases.values_list("pk", flat=True)
        )

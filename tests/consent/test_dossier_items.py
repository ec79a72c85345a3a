"""The dossier's consents written in Python (``consent.rows.consent_items``) are byte for byte what the loop of
``consent/_consents.html`` wrote, escaping included."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import product
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from samenplan.cases.models import Member
from samenplan.consent import access
from samenplan.consent.models import Consent, Recipient
from samenplan.consent.rows import consent_items
from tests.consent.test_dossier_section import filled

LOOP = Path(__file__).with_name("consent_items_template.html")
TODAY = date(2026, 7, 1)


def consents() -> list[Consent]:
    """Every shape: revoked (with and without a reason, by someone or no one recorded), expired, valid until a
    date or until revoked, one giver or several or none, texts to escape."""
    found = []
    shapes = product([None, datetime(2026, 6, 30, 22, 30, tzinfo=UTC)], [None, date(2026, 6, 30), TODAY],
                     ["", "Liever <niet> & 'zo'"], [0, 1, 2])  # fmt: skip
    for pk, (revoked_at, expires_on, reason, givers) in enumerate(shapes, start=1):
        consent = Consent(
            pk=pk, purpose="coordinate", data_kinds=["health", "school", "unknown"], given_on=date(2026, 1, 2),
            expires_on=expires_on, revoked_at=revoked_at, revocation_reason=reason,
            benefit="Eerste <regel>\nTweede & 'derde'",
        )  # fmt: skip
        consent.recipient = Recipient(pk=pk, name="Huisarts <De Linde> & 't zn", role="gp")
        if revoked_at and givers:
            consent.revoked_by = Member(given_name="Sanne", family_name="van 't <Wel>")
        consent.giver_names = ["Sanne van 't Wel", "Mees <Jansen> & co"][:givers]
        found.append(consent)
    return found


def expected(shown, can_edit, today) -> str:
    context = Context({"consents": shown, "can_edit": can_edit, "today": today})
    return Template(LOOP.read_text().removesuffix("\n")).render(context)


@pytest.mark.parametrize(("language", "can_edit"), [("nl", True), ("en", True), ("nl", False)])
def test_it_writes_each_consent_as_the_template_did(language, can_edit):
    shown = consents()
    with translation.override(language), timezone.override("Europe/Amsterdam"):  # revoked at 00:30 on 1 July
        html = consent_items(shown, can_edit, TODAY)
        assert html == expected(shown, can_edit, TODAY)
    assert "01-07-2026" in html and "Huisarts &lt;De Linde&gt; &amp; &#x27;t zn" in html


def test_it_writes_the_consents_read_for_the_dossier_as_the_template_did(world):
    filled(world)
    shown = access.dossier_consents(world.case)
    today = timezone.localdate()
    assert consent_items(shown, True, today) == expected(shown, True, today)

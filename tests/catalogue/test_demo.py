"""The demo catalogue: about twelve kinds of help per organisation, every intensity, synthetic contacts only."""

from __future__ import annotations

import re

from samenplan.catalogue.access import offers_for_user
from samenplan.catalogue.demo import add_demo_catalogue
from samenplan.catalogue.models import EvidenceLevel, HelpOffer, Intensity
from samenplan.catalogue.rules import check_offer


def test_it_gives_every_organisation_a_catalogue_on_every_step_of_the_ladder(world):
    made = add_demo_catalogue()
    assert made == 2 * HelpOffer.objects.filter(organisation=world.org).count()
    for org in (world.org, world.other_org):
        offers = HelpOffer.objects.filter(organisation=org)
        assert 10 <= offers.count() <= 15
        assert set(offers.values_list("intensity", flat=True)) == set(Intensity.values)
        assert len(set(offers.values_list("evidence_level", flat=True))) == len(EvidenceLevel.values)
        for offer in offers:
            _clean, errors = check_offer({name: getattr(offer, name) for name in ("name", "description",
                                          "target_problems", "min_age", "max_age", "intensity", "evidence_level",
                                          "provider", "contact", "waiting_weeks")})  # fmt: skip
            assert errors == {}, offer.name
            assert re.fullmatch(r"020-0{5}\d\d, hulp\d+@example\.nl", offer.contact)
    assert offers_for_user(world.caseworker).first().intensity == "network"
    assert add_demo_catalogue() == 0  # once

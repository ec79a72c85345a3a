"""The dossier's consent section reads its consents as values (consent.access.dossier_consents): what it shows of
each is what the consent and its relations say through the ORM."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from samenplan.consent import access, actions
from tests.factories import record_consent


def shown(consent, givers) -> dict:
    return {
        "pk": consent.pk, "purpose": consent.get_purpose_display(), "kinds": consent.data_kind_labels(),
        "benefit": consent.benefit, "given_on": consent.given_on, "expires_on": consent.expires_on,
        "revoked": consent.is_revoked, "revoked_at": consent.revoked_at, "reason": consent.revocation_reason,
        "revoked_by": str(consent.revoked_by) if consent.revoked_by else None, "proposal": consent.proposal_id,
        "recipient": (consent.recipient.pk, consent.recipient.name, consent.recipient.get_role_display()),
        "givers": givers,
    }  # fmt: skip


def filled(world):
    members = list(world.case.family.members.order_by("pk"))  # Sanne (parent), Mees (child)
    record_consent(world.caseworker, world.case, givers=[members[1]], recipient_name="Huisarts <De Linde> & zn")
    later = record_consent(
        world.caseworker, world.case, givers=members, recipient_role="gp", purpose="coordinate",
        data_kinds=["health"], expires_on=timezone.localdate() + timedelta(days=90),
    )  # fmt: skip
    actions.do_revoke_consent(
        world.caseworker, later, revoked_by=members[0], reason="Liever niet.", expected_version=later.version
    )
    record_consent(world.caseworker, world.case, givers=[members[0]], recipient_name="OBS 't Hofje")
    record_consent(world.outsider, world.outsider_case)  # another family's: not on this dossier


def test_it_shows_each_consent_as_the_orm_reads_it(world):
    filled(world)
    orm = [shown(c, [str(m) for m in c.givers.all()]) for c in access.case_consents(world.case)]
    values = [shown(c, c.giver_names) for c in access.dossier_consents(world.case)]
    assert values == orm and len(orm) == 3
    assert {len(row["givers"]) for row in orm} == {1, 2} and any(row["revoked"] for row in orm)


def test_it_shows_the_consents_on_the_dossier(client, world):
    filled(world)
    client.force_login(world.caseworker)
    html = client.get(reverse("cases:dossier", args=[world.case.pk])).content.decode()
    assert html.count('class="samenplan-consents__item') == 3
    assert "Huisarts &lt;De Linde&gt; &amp; zn" in html and "OBS &#x27;t Hofje" in html
    assert "Ingetrokken op" in html and "Liever niet." in html
    assert "Sanne Jansen, Mees Jansen, <time" in html or "Mees Jansen, Sanne Jansen, <time" in html

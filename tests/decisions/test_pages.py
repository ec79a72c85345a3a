"""The pages of deciding together: the option grid (lightest first, both views, escaped), the preference and
decision forms with their Dutch errors, the team lead's override and help in progress; each read logged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samenplan.audit.models import AccessLogRecord
from samenplan.decisions import actions
from samenplan.decisions.models import CrucialOverride, Decision, HelpDeployment, Preference
from tests.conftest import decide_route
from tests.decisions.factories import decision_input, three_options


@pytest.fixture
def case(world):
    return decide_route(world.caseworker, world.case)


@pytest.mark.guideline("G5.4")
@pytest.mark.guideline("G1.3")
def test_it_shows_the_options_side_by_side_with_both_views_lightest_first(client, world, case):
    own, _course, _coaching = three_options(world.caseworker, case)
    actions.do_change_option(world.caseworker, own, expected_version=1, source="family",
                             name="<script>alert(1)</script>", family_pros="Oma kent ze.")  # fmt: skip
    client.force_login(world.colleague)
    response = client.get(reverse("decisions:grid", args=[case.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("&lt;script&gt;") < html.index("Opvoedcursus Samen Sterk") < html.index("Gezinscoaching thuis")
    assert "<script>alert(1)</script>" not in html
    assert "Geen oppas voor de avond." in html and "Elke week een avond weg." in html
    assert 'scope="row"' in html and "<caption" in html
    assert reverse("decisions:add_option", args=[case.pk]) not in html  # a reader gets no buttons
    assert AccessLogRecord.objects.filter(action="decisions.grid", case_id=case.pk, event="read").exists()


def test_it_adds_an_option_from_the_form_and_shows_field_errors_in_dutch(client, world, case):
    client.force_login(world.caseworker)
    url = reverse("decisions:add_option", args=[case.pk])
    bad = client.post(url, {"source": "family", "recommended": "on"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert bad.status_code == 422
    assert "Geef de mogelijkheid een korte naam." in bad.content.decode()
    good = client.post(url, {"source": "family", "name": "Oma op woensdag", "family_pros": "Dichtbij."})
    assert good.status_code == 302
    assert case.options.get().name == "Oma op woensdag"


@pytest.mark.guideline("P6")
def test_it_records_a_preference_and_refuses_a_stale_list(client, world, case):
    own, course, coaching = three_options(world.caseworker, case)
    mother = case.family.members.order_by("pk").first()
    client.force_login(world.caseworker)
    url = reverse("decisions:preference", args=[case.pk])
    page = client.get(url, {"member": mother.pk})
    assert page.status_code == 200
    seen = f"{own.pk},{course.pk}"  # one option was added after the page was loaded
    stale = client.post(url, {"member": mother.pk, "kind": "leave_to_professional", "seen_options": seen,
                              "version": 0}, HTTP_ACCEPT_LANGUAGE="nl")  # fmt: skip
    assert stale.status_code == 422
    assert "ondertussen" in stale.content.decode()
    body = {"member": mother.pk, "kind": "order", "seen_options": f"{own.pk},{course.pk},{coaching.pk}",
            "version": 0, f"rank-{own.pk}": 2, f"rank-{course.pk}": 1, f"rank-{coaching.pk}": 3,
            "reasons": "Eerst de cursus."}  # fmt: skip
    assert client.post(url, body).status_code == 302
    assert Preference.objects.get().ranking == [course.pk, own.pk, coaching.pk]


def test_it_records_a_decision_at_level_four_from_the_form(client, world, case):
    _own, course, _coaching = three_options(world.caseworker, case)
    mother, child = case.family.members.order_by("pk")
    client.force_login(world.caseworker)
    url = reverse("decisions:decide", args=[case.pk])
    assert client.get(url).status_code == 200
    body = {"options": [course.pk], "summary": "Moeder volgt de cursus.", "participation_level": "4",
            "evaluation_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "evaluation_agreement": "Over een maand thuis.", f"m{mother.pk}-agreement": "yes",
            f"m{child.pk}-agreement": "no", f"m{child.pk}-words": "Ik wil naar oma."}  # fmt: skip
    refused = client.post(url, body, HTTP_ACCEPT_LANGUAGE="nl")
    assert refused.status_code == 422 and not Decision.objects.exists()
    body |= {"family_position": "Mees wil naar oma.", "professional_position": "De cursus helpt.",
             "resolved_by": "Moeder", "resolution": "Mees gaat op woensdag naar oma."}  # fmt: skip
    assert client.post(url, body).status_code == 302
    decision = Decision.objects.get()
    assert decision.participation_level == 4 and decision.has_disagreement
    grid = client.get(reverse("decisions:grid", args=[case.pk])).content.decode()
    assert "Samen beslissen" in grid and "Mees wil naar oma." in grid


def test_it_lets_only_the_team_lead_record_the_override(client, world, case):
    url = reverse("decisions:override", args=[case.pk])
    client.force_login(world.caseworker)
    assert client.get(url).status_code == 403
    client.force_login(world.team_lead)
    assert client.post(url, {"reason": "Spoed; het gezin vraagt het zelf."}).status_code == 302
    assert CrucialOverride.objects.get().by == world.team_lead


def test_it_prefills_help_from_the_decision_and_changes_its_status(client, world, case):
    _own, course, _coaching = three_options(world.caseworker, case)
    decision = actions.do_record_decision(world.caseworker, case, **decision_input(case, [course]))
    client.force_login(world.caseworker)
    url = reverse("decisions:add_help", args=[case.pk])
    page = client.get(url, {"decision": decision.pk}).content.decode()
    assert "Zorgaanbieder Noord" in page and "Opvoedcursus Samen Sterk" in page
    body = {"description": "Opvoedcursus", "intensity": "light", "status": "running", "provider": "Noord",
            "decision": decision.pk}  # fmt: skip
    assert client.post(url, body).status_code == 302
    help = HelpDeployment.objects.get()
    edit = reverse("decisions:edit_help", args=[help.pk])
    ended = {**body, "status": "ended", "ends_on": timezone.localdate().isoformat(), "version": 1}
    assert client.post(edit, ended).status_code == 302
    stale = client.post(edit, {**ended, "provider": "Zuid"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert stale.status_code == 422
    help.refresh_from_db()
    assert help.status == "ended" and help.provider == "Noord"

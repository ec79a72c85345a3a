"""Organisation settings and the severity scale: data per organisation, with defaults, validated, every change
logged with its old and new value."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from samenplan.administration import actions, services
from samenplan.administration.models import OrganisationSettings
from samenplan.audit.models import AccessLogRecord
from samenplan.consent import services as consent_services
from samenplan.intake.scales import levels_for


def form(w, **change):
    data = {
        "consent_youth_with_parents_from_age": 12, "consent_youth_alone_from_age": 16, "reopen_period_days": 180,
        "inactivity_days": 28, "name_shown_to_families": "full_name", "evaluation_interval_weeks": 12,
        "version": services.settings_for(w.org).version,
    }  # fmt: skip
    data.update(change)
    return data


def test_an_organisation_without_settings_gets_the_documented_defaults(world):
    record = services.settings_for(world.org)
    assert record.pk is None
    assert services.values_of(record) == services.defaults()
    assert consent_services.thresholds(world.org.pk).youth_with_parents_from == 12


@override_settings(CONSENT_YOUTH_WITH_PARENTS_FROM_AGE=10, CONSENT_YOUTH_ALONE_FROM_AGE=15)
def test_the_consent_settings_of_the_installation_are_the_defaults(world):
    ages = consent_services.thresholds(world.org.pk)
    assert (ages.youth_with_parents_from, ages.youth_alone_from) == (10, 15)


def test_the_page_explains_each_setting_and_its_default(client, world):
    client.force_login(world.administrator)
    html = client.get(reverse("administration:settings")).content.decode()
    assert "Onder deze leeftijd geven de ouders met gezag toestemming" in html
    assert "Standaard: 12." in html and "Standaard: 28." in html


def test_it_saves_the_settings_and_logs_each_change_with_old_and_new_value(client, world):
    client.force_login(world.administrator)
    before = AccessLogRecord.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    response = client.post(
        reverse("administration:settings"), form(world, consent_youth_alone_from_age=15, inactivity_days=14)
    )
    assert response.status_code == 302
    record = OrganisationSettings.objects.get(organisation=world.org)
    assert (record.consent_youth_alone_from_age, record.inactivity_days, record.version) == (15, 14, 1)
    details = list(
        AccessLogRecord.objects.filter(seq__gt=before, action="administration.change_settings")
        .order_by("seq")
        .values_list("detail", flat=True)
    )
    assert details == ["consent_youth_alone_from_age: 16 -> 15", "inactivity_days: 28 -> 14"]
    # The consent rules of this organisation follow at once; another organisation keeps the defaults.
    assert consent_services.thresholds(world.org.pk).youth_alone_from == 15
    assert consent_services.thresholds(world.other_org.pk).youth_alone_from == 16


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"consent_youth_alone_from_age": 12}, "Deze leeftijd moet hoger zijn dan de leeftijd waarop de jongere samen"),
        ({"consent_youth_with_parents_from_age": 25}, "Geef een leeftijd van 0 tot en met 18."),
        ({"reopen_period_days": 0}, "Geef een getal van 1 of meer."),
        ({"evaluation_interval_weeks": -2}, "Geef een getal van 1 of meer."),
        ({"inactivity_days": "veel"}, "Voer een geheel getal in."),
    ],
)
def test_it_refuses_bad_settings_with_a_dutch_error_on_the_field_and_saves_nothing(client, world, change, message):
    client.force_login(world.administrator)
    before = AccessLogRecord.objects.filter(action="administration.change_settings").count()
    response = client.post(reverse("administration:settings"), form(world, **change))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not OrganisationSettings.objects.exists()
    assert AccessLogRecord.objects.filter(action="administration.change_settings").count() == before


def test_a_stale_version_is_refused(client, world):
    client.force_login(world.administrator)
    stale = form(world)
    actions.do_change_settings(world.administrator, {**form(world), "inactivity_days": 10}, expected_version=0)
    response = client.post(reverse("administration:settings"), {**stale, "inactivity_days": 40})
    assert response.status_code == 422 and "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    assert services.settings_for(world.org).inactivity_days == 10


def test_the_settings_are_each_organisation_s_own_record_as_the_orm_reads_it(world):
    # settings_for compiles its query once per connection (samenplan.prepared): each call with its own organisation
    actions.do_change_settings(world.administrator, {**form(world), "inactivity_days": 10}, expected_version=0)
    for _ in range(2):
        record = services.settings_for(world.org)
        expected = OrganisationSettings.objects.get(organisation_id=world.org.pk)
        assert record.pk == expected.pk and not record._state.adding and record._state.db == expected._state.db
        assert [getattr(record, f.attname) for f in OrganisationSettings._meta.concrete_fields] == [
            getattr(expected, f.attname) for f in OrganisationSettings._meta.concrete_fields
        ]
        assert record.inactivity_days == 10 and record.updated_at.tzinfo is not None
        other = services.settings_for(world.other_org.pk)
        assert other.pk is None and other.organisation_id == world.other_org.pk
        assert services.values_of(other) == services.defaults()


def scale_form(w, levels, name="Ernst van de problemen"):
    data = {"name": name, "version": services.settings_for(w.org).version}
    for i, (level, description) in enumerate(levels):
        data[f"level_{i}_name"], data[f"level_{i}_description"] = level, description
    return data


def test_it_changes_the_severity_scale_and_logs_old_and_new_levels(client, world):
    client.force_login(world.administrator)
    page = client.get(reverse("administration:severity_scale")).content.decode()
    default = list(levels_for(world.org))  # the neutral default scale, made when first needed
    assert len(default) == 4 and all(level.name in page for level in default)
    levels = [("Licht", "Kleine zorgen."), ("Middel", "Zorgen op een gebied."), ("Zwaar", "Veel zorgen.")]
    response = client.post(reverse("administration:severity_scale"), scale_form(world, levels))
    assert response.status_code == 302
    assert [(lv.rank, lv.name) for lv in levels_for(world.org)] == [(1, "Licht"), (2, "Middel"), (3, "Zwaar")]
    details = list(
        AccessLogRecord.objects.filter(action="administration.change_severity_scale").values_list("detail", flat=True)
    )
    fourth, second = default[3], default[1]
    assert f"level 4: '{fourth.name}: {fourth.description}' -> None" in details
    assert f"level 2: '{second.name}: {second.description}' -> 'Middel: Zorgen op een gebied.'" in details


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        ([("Alleen", "")], "Een schaal heeft minstens 2 niveaus nodig."),
        ([("Licht", ""), ("licht", "")], "Een ander niveau heeft al deze naam."),
        ([("Licht", ""), ("", "Alleen uitleg")], "Geef dit niveau een naam"),
    ],
)
def test_it_refuses_an_invalid_scale_and_keeps_the_old_one(client, world, levels, message):
    client.force_login(world.administrator)
    old = [lv.name for lv in levels_for(world.org)]
    response = client.post(reverse("administration:severity_scale"), scale_form(world, levels))
    assert response.status_code == 422 and message in response.content.decode()
    assert [lv.name for lv in levels_for(world.org)] == old


def test_a_level_used_in_an_assessment_is_renamed_not_removed(client, world):
    from samenplan.intake.actions import do_clarify

    case = world.case
    member = case.family.members.order_by("pk").first()
    serious = levels_for(world.org).get(rank=4)
    do_clarify(
        world.caseworker, case,
        participants=[{"member": member, "help_question": "Rust", "problems": [{"description": "Ruzie", "burden": 8}]}],
        assessment={"severity": serious, "safety": "safe", "safety_assessed_by": "Anna"},
    )  # fmt: skip
    client.force_login(world.administrator)
    three = [("Licht", ""), ("Matig", ""), ("Ernstig", "")]
    response = client.post(reverse("administration:severity_scale"), scale_form(world, three))
    assert response.status_code == 422 and "is gebruikt in beoordelingen van casussen" in response.content.decode()
    assert levels_for(world.org).count() == 4
    four = [*three, ("Heel ernstig", "Onveilig.")]
    assert client.post(reverse("administration:severity_scale"), scale_form(world, four)).status_code == 302
    serious.refresh_from_db()
    assert serious.name == "Heel ernstig"
    assert "Jansen" not in response.content.decode()


def test_the_routing_advice_for_a_severity_is_shown_at_the_route_decision(client, world):
    from samenplan.intake.actions import do_clarify

    client.force_login(world.administrator)
    levels = [(lv.name, lv.description) for lv in levels_for(world.org)]
    data = scale_form(world, levels)
    data["level_0_advice"] = "Het buurtnetwerk kan helpen."
    data["level_3_advice"] = "Het wijkteam neemt het op, met de gedragswetenschapper."
    assert client.post(reverse("administration:severity_scale"), data).status_code == 302
    record = AccessLogRecord.objects.filter(action="administration.change_severity_scale").order_by("-seq").first()
    assert record.detail == "advice 4: None -> 'Het wijkteam neemt het op, met de gedragswetenschapper.'"
    page = client.get(reverse("administration:severity_scale")).content.decode()
    assert "Het buurtnetwerk kan helpen." in page

    member = world.case.family.members.order_by("pk").first()
    do_clarify(
        world.caseworker, world.case,
        participants=[{"member": member, "help_question": "Rust", "problems": [{"description": "Ruzie", "burden": 9}]}],
        assessment={"severity": levels_for(world.org).get(rank=4), "safety": "safe", "safety_assessed_by": "Anna"},
    )  # fmt: skip
    client.force_login(world.caseworker)
    route = client.get(reverse("intake:route", args=[world.case.pk])).content.decode()
    assert "Het wijkteam neemt het op, met de gedragswetenschapper." in route
    assert "Het is een advies: je beslist samen met het gezin." in route

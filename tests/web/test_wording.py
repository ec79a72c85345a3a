"""Plain, consistent Dutch: one date format (d-m-Y), a member's age, the words a new user tripped over."""

import re
from datetime import date

from django.urls import reverse
from django.utils import timezone

from samenplan.cases import actions
from samenplan.cases.models import Voice
from samenplan.cases.rules import age_on


def test_it_shows_dates_as_day_month_year_and_a_member_s_age(client, world):
    actions.do_add_note(world.caseworker, world.case, text="Moeder belde.", voice=Voice.PROFESSIONAL)
    client.force_login(world.caseworker)
    html = client.get(reverse("cases:dossier", args=[world.case.pk])).content.decode()
    age = age_on(date(2014, 6, 2), timezone.localdate())
    assert f"02-06-2014</time> ({age} jaar)" in html
    entry = world.case.entries.get(text="Moeder belde.")
    assert f">{timezone.localtime(entry.at):%d-%m-%Y %H:%M}</time>" in html
    assert " juni " not in html and " januari " not in html  # no dates written out in words


def test_it_says_colleagues_in_this_case_and_no_double_optional(client, world):
    client.force_login(world.caseworker)
    html = client.get(reverse("cases:change_workers", args=[world.case.pk])).content.decode()
    assert "Collega&#x27;s in dit traject" in html or "Collega's in dit traject" in html
    assert "edebehandelaar" not in html
    assert "(als je wilt)" not in html


def test_it_counts_my_open_cases_plainly(client, world):
    client.force_login(world.caseworker)
    html = client.get(reverse("cases:caseload")).content.decode()
    assert "Je hebt 1 open traject" in html
    assert "trajecten van mij<" not in html and "traject van mij<" not in html


def test_it_calls_access_log_records_registrations(client, world):
    client.force_login(world.team_lead)
    html = client.get(reverse("audit:log")).content.decode()
    assert "registratie" in html
    assert " regels" not in html and " regel " not in html


def test_it_says_logged_out_not_signed_off_next_to_register_a_family(client, world):
    client.force_login(world.caseworker)
    response = client.post(reverse("account_logout"), follow=True)
    html = response.content.decode()
    assert "Je bent uitgelogd." in html
    assert "afgemeld" not in html


def test_it_makes_wide_tables_focusable_scroll_regions(client, world):
    client.force_login(world.caseworker)
    pages = [reverse("cases:caseload"), reverse("cases:dossier", args=[world.case.pk])]
    for path in pages:
        html = client.get(path).content.decode()
        assert re.search(r'class="utrecht-table-container samenplan-table-scroll" tabindex="0" role="region" '
                         r'aria-label="[^"]+"', html), path  # fmt: skip
    client.force_login(world.team_lead)
    html = client.get(reverse("audit:log")).content.decode()
    assert 'tabindex="0" role="region" aria-label="Toegangslog"' in html


def test_it_never_shows_dashes_as_an_empty_choice(client, world):
    client.force_login(world.caseworker)
    for path in [reverse("cases:register"), reverse("cases:dossier", args=[world.case.pk])]:
        html = client.get(path).content.decode()
        assert "<select" in html and "---------" not in html, path
        assert 'class="utrecht-select utrecht-select--html-select"' in html
    client.force_login(world.team_lead)
    html = client.get(reverse("audit:log")).content.decode()
    assert "---------" not in html and "Alle gebruikers" in html  # the family is found by typing, not from a list

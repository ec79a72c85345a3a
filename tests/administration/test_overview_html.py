"""The team overview's page is byte for byte what the template made before its repeated parts were written in
Python (``administration/rows.py``): the whole page, in Dutch and English, with pagers, names to escape, the
tables' agendas and the requests for consultation, a team lead of two teams and a team without cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from samenplan.accounts.models import Membership, Role
from samenplan.audit import log
from samenplan.caseload.paging import paginate
from samenplan.tables import actions as tables
from tests.conftest import register

# The page's template before the rows per professional and the pagers were made in Python: the reference.
BEFORE = (Path(__file__).parent / "overview_before.html").read_text()
PAGER = '{% include "caseload/_pagination.html" %}'
CSRF = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+')  # masked anew on every rendering


@pytest.fixture
def rendered(monkeypatch):
    """The request and context of each page the log renders, to render again with the template of before."""
    seen = []
    render = log.render

    def keep(request, template, context, **kwargs):
        seen.append((request, context))
        return render(request, template, context, **kwargs)

    monkeypatch.setattr(log, "render", keep)
    return seen


def _same_as_before(client, rendered, team, query=None) -> str:
    response = client.get(reverse("administration:team_overview", args=[team.pk]), query or {})
    assert response.status_code == 200
    request, context = rendered[-1]
    before = engines["django"].from_string(BEFORE).render(context, request)
    html = response.content.decode()
    assert CSRF.sub(r"\1", html) == CSRF.sub(r"\1", before)
    return html


def _busy(world):
    """Noord with 53 open cases (two pages of both lists), names to escape, an item on the intake table's agenda
    and the world's open request for consultation; its team lead also leads Zuid."""
    for i in range(52):
        register(world.caseworker if i % 3 else world.colleague, world.north, name=f"Gezin {i:02d}")
    register(world.colleague, world.north, name="Smit & <Zonen> 't Hoen")
    world.colleague.first_name, world.colleague.last_name = 'Anne "An"', "d'Ancona & <Co>"
    world.colleague.save(update_fields=["first_name", "last_name"])
    tables.do_configure_table(world.administrator, world.north, kind="intake", members=[], frequency="Dinsdag")
    tables.do_put_on_agenda(world.team_lead, world.case, kind="intake", question="Bespreken.")
    Membership.objects.create(user=world.team_lead, team=world.south, role=Role.TEAM_LEAD)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_page_is_what_the_template_made(client, world, rendered, language):
    _busy(world)
    client.force_login(world.team_lead)
    client.cookies["django_language"] = language
    with translation.override(language):
        pages = []
        for query in ({}, {"page": 2}, {"page": 2, "waiting": 2}, {"waiting": "x"}):
            pages.append(_same_as_before(client, rendered, world.north, query))
            assert 'aria-current="page"' in pages[-1] and "samenplan-pagination__status" in pages[-1]
        html = "".join(pages)
        assert "Smit &amp; &lt;Zonen&gt; &#x27;t Hoen" in html and "d&#x27;Ancona &amp; &lt;Co&gt;" in html
        assert 'rel="next"' in html and "<Zonen>" not in html
        assert world.case.family.name in html.split('id="table-agenda"')[1]
        assert world.case.family.name in html.split('id="consultations-waiting"')[1]


def test_a_team_without_cases_or_professionals_is_what_the_template_made(client, world, rendered):
    Membership.objects.filter(team=world.south, role=Role.PROFESSIONAL).delete()
    client.force_login(world.south_lead)
    html = _same_as_before(client, rendered, world.south)
    assert "Dit team heeft nog geen professionals." in html and "samenplan-pagination" not in html


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_pager_is_what_the_pagination_template_made(language):
    pager = engines["django"].from_string(PAGER)
    factory = RequestFactory()
    with translation.override(language):
        for length in (0, 1, 50, 51, 400, 1234):
            for page in ("1", "2", "5", "12", "25", "last"):
                for label in ("", 'Pagina\'s van "de" <lijst> & meer'):
                    request = factory.get("/teams/1/overview/", {"page": page, "q": "a&b"})
                    made = paginate(request, list(range(length)), label=label)
                    assert made.html() == pager.render({"pager": made}), (length, page, label)

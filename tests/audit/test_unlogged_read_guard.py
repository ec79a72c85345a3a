"""The guard: under test, a response that renders client data no access-log record names fails loudly.

These tests drive the middleware with views of their own, as a future view that forgets to log would be.
"""

from __future__ import annotations

import pytest
from django.shortcuts import render
from django.template import Context, Template
from django.test import RequestFactory

from samenplan.audit import log
from samenplan.audit.middleware import AuditContextMiddleware, UnloggedClientData, shown_families
from samenplan.audit.models import Event
from samenplan.cases import access
from tests.conftest import register


def respond(view, user):
    request = RequestFactory().get("/somewhere/")
    request.user = user
    return AuditContextMiddleware(view)(request)


def test_it_fails_a_page_that_shows_a_case_without_a_record(world):
    def forgetful(request):
        return render(request, "cases/workers_form.html", {"case": world.case})

    with pytest.raises(UnloggedClientData, match=rf"cases/workers_form.html.*\[{world.case.family_id}\]"):
        respond(forgetful, world.caseworker)


def test_it_passes_a_page_whose_record_names_the_family(world):
    def careful(request):
        return log.render_read(request, "cases/workers_form.html", {"case": world.case}, action="t", case=world.case)

    assert respond(careful, world.caseworker).status_code == 200


def test_it_fails_a_list_that_logs_only_some_of_the_families_it_shows(world):
    other = register(world.caseworker, world.north, name="Pietersen")

    def half_logged(request):
        cases = list(access.visible_cases(request.user))
        log.record(request.user, Event.READ, "t", families=[world.case.family_id])
        return render(request, "cases/_caseload_results.html", {"groups": [("registration", cases, "")], "count": 2})

    with pytest.raises(UnloggedClientData, match=rf"\[{other.family_id}\]"):
        respond(half_logged, world.caseworker)


def test_it_sees_members_in_a_queryset_the_template_evaluated(world):
    def lazy(request):
        members = world.case.family.members.all()
        return render(request, "cases/_members.html", {"members": members, "family": None})

    with pytest.raises(UnloggedClientData):
        respond(lazy, world.caseworker)


def test_it_ignores_a_refusal_as_a_record_of_what_was_shown(world):
    def refused_then_shown(request):
        log.refused(request.user, "case", world.case.pk, case=world.case)
        return render(request, "cases/workers_form.html", {"case": world.case})

    with pytest.raises(UnloggedClientData):
        respond(refused_then_shown, world.caseworker)


def test_it_finds_families_in_records_lists_and_evaluated_querysets_only(world):
    member = world.case.family.members.first()
    entry = access.case_entries(world.case).select_related("case").first()
    unevaluated = access.visible_cases(world.caseworker)
    assert shown_families(world.case.family) == {world.case.family_id}
    assert shown_families([("phase", [world.case]), {member}]) == {world.case.family_id}
    assert shown_families(entry) == {world.case.family_id}
    assert shown_families(unevaluated) == set()  # looking never queries
    assert shown_families(world.caseworker) == set()


def test_it_stays_quiet_outside_a_request(world):
    assert Template("{{ case.family.name }}").render(Context({"case": world.case})) == "Jansen"

"""The log reader's access-log page: filter by family, user and period; only their teams' records."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from samenplan.accounts.models import Membership, Role
from samenplan.audit.models import AccessLogRecord
from samenplan.cases import actions
from samenplan.cases.models import Voice
from tests.audit.statements import record_statements
from tests.conftest import register
from tests.factories import member_of

URL = reverse("audit:log")


@pytest.fixture
def busy(world):
    """Records for two families of Noord and one of Zuid."""
    other = register(world.caseworker, world.north, name="Smits")
    south = register(world.south_worker, world.south, name="Zuidema")
    actions.do_add_note(world.coworker, world.case, text="Gesprek", voice=Voice.PROFESSIONAL)
    actions.do_add_note(world.caseworker, other, text="Gesprek", voice=Voice.PROFESSIONAL)
    return world, other, south


def _rows(response):
    return list(response.context["rows"])


def test_it_shows_a_team_lead_the_records_of_their_teams_only(client, busy):
    world, other, south = busy
    client.force_login(world.team_lead)
    rows = _rows(client.get(URL))
    families = {r.family_id for r in rows if r.family_id}
    assert {world.case.family_id, other.family_id} <= families
    assert south.family_id not in families
    assert world.outsider_case.family_id not in families


def test_it_filters_by_family(client, busy):
    world, other, _ = busy
    client.force_login(world.team_lead)
    rows = _rows(client.get(URL, {"family": other.family_id}))
    assert rows
    assert {r.family_id for r in rows} == {other.family_id}


def test_it_filters_by_user(client, busy):
    world, _, _ = busy
    client.force_login(world.team_lead)
    rows = _rows(client.get(URL, {"user": world.coworker.pk}))
    assert [(r.username, r.action) for r in rows] == [("coworker", "cases.add_note")]


def test_it_filters_by_period(client, busy):
    world, _, _ = busy
    client.force_login(world.team_lead)
    today = timezone.localdate()
    assert _rows(client.get(URL, {"start": today.isoformat(), "end": today.isoformat()}))
    assert not _rows(client.get(URL, {"end": (today - timedelta(days=1)).isoformat()}))


def test_it_explains_a_period_that_ends_before_it_starts(client, busy):
    world, _, _ = busy
    client.force_login(world.team_lead)
    response = client.get(URL, {"start": "2026-11-10", "end": "2026-11-01"})
    assert response.status_code == 422
    assert "end" in response.context["form"].errors


@pytest.mark.parametrize("value", ["abc", "99999999999999999999999", "-3"])
def test_it_never_fails_on_a_garbage_filter(client, busy, value):
    world, _, _ = busy
    client.force_login(world.team_lead)
    response = client.get(URL, {"family": value, "user": value, "start": value})
    assert response.status_code == 422


def test_it_logs_that_the_log_was_read(client, busy):
    world, other, _ = busy
    client.force_login(world.team_lead)
    client.get(URL, {"family": other.family_id})
    from samenplan.audit.models import AccessLogRecord

    record = AccessLogRecord.objects.order_by("-seq").first()
    assert (record.action, record.user_id, record.family_id) == (
        "audit.access_log",
        world.team_lead.pk,
        other.family_id,
    )


def test_it_refuses_everyone_but_log_readers(client, world):
    for persona in ("caseworker", "scientist", "administrator", "outsider"):
        client.force_login(world.persona(persona))
        assert client.get(URL).status_code == 403


def test_it_refuses_a_team_lead_without_the_log_reader_role(client, world):
    lead = member_of(world.north, Role.TEAM_LEAD, username="lead_only")
    client.force_login(lead)
    response = client.get(URL)
    assert response.status_code == 403
    assert b"Jansen" not in response.content
    assert not AccessLogRecord.objects.filter(action="audit.access_log", user_id=lead.pk).exists()


def test_it_lets_a_log_reader_who_leads_no_team_read_what_their_team_did_without_naming_families(client, world):
    reader = member_of(world.north, Role.LOG_READER, username="reader_only")
    client.force_login(world.caseworker)
    client.get(reverse("cases:dossier", args=[world.case.pk]))
    client.get(reverse("cases:caseload"))
    client.force_login(reader)
    rows = _rows(client.get(URL))
    assert rows
    assert {r.family_id for r in rows} == {None}  # the case is not theirs to see: nor is its record
    assert b"Jansen" not in client.get(URL).content


def test_it_does_not_let_a_log_reader_read_another_organisation_s_log(client, world):
    Membership.objects.create(user=world.outsider, team=world.hill, role=Role.LOG_READER)
    client.force_login(world.outsider)
    rows = _rows(client.get(URL))
    assert rows
    assert {r.organisation_id for r in rows} == {world.other_org.pk}


@pytest.mark.parametrize("notes", [1, 20])
def test_it_uses_the_same_number_of_queries_for_any_log(client, world, django_assert_num_queries, notes):
    for i in range(notes):
        actions.do_add_note(world.caseworker, world.case, text=f"n{i}", voice=Voice.PROFESSIONAL)
    client.force_login(world.team_lead)
    # No COUNT over the log since the keyset pager (issue 14). 4 and the page's own record: session, user, the
    # page's records with the names of their families in one query, which asks the reader's rules of each record it
    # walks past (access.first_readable), instead of reading the reader's cases and team members first and the
    # names after, and the people of the filter, with (on PostgreSQL) the settings that make the planner walk the
    # indexes in the same statement (access.page_start).
    with django_assert_num_queries(4 + record_statements()):
        client.get(URL)


@pytest.fixture
def two_teams(client, world):
    """The two-team worker works for a family of Zuid: registers it, reads its dossier, opens its member form,
    and looks at their caseload (team work that names no family)."""
    south = register(world.two_team_worker, world.south, name="Zuidema")
    client.force_login(world.two_team_worker)
    assert client.get(reverse("cases:dossier", args=[south.pk])).status_code == 200
    assert client.get(reverse("cases:add_member", args=[south.family_id])).status_code == 200
    assert client.get(reverse("cases:caseload")).status_code == 200
    client.logout()
    return south


def test_it_never_shows_a_team_lead_the_family_of_a_team_they_do_not_lead(client, world, two_teams):
    south = two_teams
    client.force_login(world.team_lead)
    assert client.get(reverse("cases:dossier", args=[south.pk])).status_code == 404
    response = client.get(URL)
    rows = _rows(response)
    assert "Zuidema" not in response.content.decode()
    assert south.family_id not in {r.family_id for r in rows}
    assert south.pk not in {r.case_id for r in rows}
    # The worker is also in Noord: their work that names no family is the team's work, and shows.
    assert ("two_team_worker", "cases.caseload") in {(r.username, r.action) for r in rows}


def test_it_shows_the_lead_of_the_other_team_their_team_s_family(client, world, two_teams):
    south = two_teams
    client.force_login(world.south_lead)
    response = client.get(URL)
    rows = _rows(response)
    assert "Zuidema" in response.content.decode()
    assert {"cases.dossier", "cases.add_member"} <= {r.action for r in rows if r.family_id == south.family_id}
    assert world.case.family_id not in {r.family_id for r in rows}
    assert "Jansen" not in response.content.decode()


def test_it_offers_in_its_filter_only_families_the_reader_may_see(client, world, two_teams):
    south = two_teams
    client.force_login(world.team_lead)
    from samenplan.audit import access

    assert list(access.filterable_families(world.team_lead)) == [world.case.family]
    assert client.get(URL, {"family": world.case.family_id}).status_code == 200
    response = client.get(URL, {"family": south.family_id})
    assert response.status_code == 422
    assert "Zuidema" not in response.content.decode()
    assert south.family_id not in {r.family_id for r in _rows(response)}


def test_it_offers_in_its_filter_only_people_of_the_reader_s_teams(client, world, two_teams):
    client.force_login(world.south_lead)
    from samenplan.audit import access

    users = set(access.filterable_users(world.south_lead).values_list("username", flat=True))
    assert users == {"south_worker", "two_team_worker", "south_lead"}
    assert client.get(URL, {"user": world.south_lead.pk}).status_code == 200
    assert client.get(URL, {"user": world.team_lead.pk}).status_code == 422


def test_it_pages_by_sequence_number_without_counting_the_log(client, busy, django_assert_max_num_queries):
    """A keyset pager: 50 records a page, newest first, "older" and "newer" by sequence number (no COUNT)."""
    world, other, _ = busy
    for i in range(60):
        actions.do_add_note(world.caseworker, other, text=f"Gesprek {i}", voice=Voice.PROFESSIONAL)
    client.force_login(world.team_lead)
    first = client.get(URL)
    page = first.context["page"]
    rows = _rows(first)
    assert len(rows) == 50
    assert [r.seq for r in rows] == sorted((r.seq for r in rows), reverse=True)
    assert page.newer is None and page.older == rows[-1].seq
    assert f"before={page.older}".encode() in first.content
    older = _rows(client.get(URL, {"before": page.older}))
    assert older and max(r.seq for r in older) < rows[-1].seq
    back = client.get(URL, {"after": older[0].seq})
    assert _rows(back)[-1].seq == older[0].seq + 1 or _rows(back)[-1].seq > older[0].seq
    assert client.get(URL, {"before": "x"}).status_code == 200
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(URL, {"before": page.older})
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)


@pytest.mark.parametrize("chosen", [None, "coworker"])
def test_it_writes_the_people_of_its_filter_as_django_s_select_does(client, world, chosen):
    """The filter's <select> is written in Python (audit.forms._Select): the same markup as Django's widget."""
    import re

    from django import forms as django_forms

    from samenplan.audit import access
    from samenplan.audit.forms import LogFilterForm

    data = {"user": getattr(world, chosen).pk} if chosen else None
    lead = world.team_lead
    form = LogFilterForm(data, family=None, people=access.filter_people(lead))
    field = form["user"]
    ours = str(field)
    theirs = field.as_widget(widget=django_forms.Select(choices=field.field.choices, attrs=field.field.widget.attrs))

    def squeezed(html):
        return re.sub(r">\s+<", "><", html).strip()

    assert squeezed(ours) == squeezed(theirs)
    assert ours.count("<option") == 1 + access.filterable_users(world.team_lead).count()
    assert (f'value="{world.coworker.pk}" selected' in ours) == bool(chosen)


def test_it_names_the_people_of_its_filter_as_the_users_are_named(world):
    """The people of the filter are read as (id, name) pairs (access.filter_people): the users the filter accepts,
    in their order, named as ``str(user)`` names them."""
    from samenplan.audit import access

    world.coworker.first_name, world.coworker.last_name = "Co", "Worker"
    world.coworker.save()
    lead = world.team_lead
    assert access.filter_people(lead) == [(user.pk, str(user)) for user in access.filterable_users(lead)]
    assert (world.coworker.pk, "Co Worker") in access.filter_people(lead)


@pytest.mark.parametrize(
    "data", [None, {"family_name": 'de "Vries" <b>', "start": "2026-11-01", "end": "x", "family": "12"}]
)
def test_it_writes_the_inputs_of_its_filter_as_django_s_widgets_do(world, data):
    """The filter's inputs are written in Python (audit.forms._Input): the same markup as Django's templates."""
    from django import forms as django_forms

    from samenplan.audit import access
    from samenplan.audit.forms import LogFilterForm

    lead = world.team_lead
    form = LogFilterForm(data, family=None, people=access.filter_people(lead))
    form.is_valid()
    for name, django_widget in [("family_name", django_forms.TextInput), ("family", django_forms.HiddenInput),
                                ("start", django_forms.DateInput), ("end", django_forms.DateInput)]:  # fmt: skip
        field = form[name]
        widget = django_widget(attrs=field.field.widget.attrs)
        widget.input_type = field.field.widget.input_type
        if isinstance(widget, django_forms.DateInput):
            widget.format = field.field.widget.format
        assert str(field) == field.as_widget(widget=widget), name


IDS = ["", "abc", " {id} ", "{id}", "+{id}", "0", "-1", "99999999999999999999", "1\x00", "{id}.0", "{other}"]


@pytest.mark.parametrize("reader", ["team_lead", "south_lead"])
def test_it_reads_the_people_and_the_chosen_family_as_the_querysets_find_them(client, world, two_teams, reader):
    """access.page_start reads the filter's people and the chosen family in one statement: the same people as
    filter_people, the same family as filterable_families, and the form accepts the same choices (and gives the
    same errors) as ModelChoiceFields on those querysets did."""
    from django.db import transaction

    from samenplan.audit import access
    from samenplan.audit.forms import LogFilterForm
    from samenplan.forms import ModelChoiceField
    from samenplan.ids import parse_id

    user = getattr(world, reader)
    families, users = access.filterable_families(user), access.filterable_users(user)
    people = access.filter_people(user)
    old_family = ModelChoiceField(queryset=families, required=False)
    old_user = ModelChoiceField(queryset=users, required=False)
    for theirs in [world.case.family_id, two_teams.family_id]:
        for raw in IDS:
            value = raw.format(id=theirs, other=world.case.family_id + two_teams.family_id)
            with transaction.atomic():
                start = access.page_start(user, parse_id(value), walk_settings=True)
            assert start.people == people
            form = LogFilterForm({"family": value, "user": value}, family=start.family, people=start.people)
            form.is_valid()
            for name, old in [("family", old_family), ("user", old_user)]:
                try:
                    expected, error = old.clean(value), None
                except ValidationError as e:
                    expected, error = None, e.messages
                assert form.errors.get(name) == error, (name, value)
                got = form.cleaned_data.get(name)
                assert (got.pk if got else None) == (expected.pk if expected else None), (name, value)
            key = parse_id(value)
            known = families.filter(pk=key).values_list("pk", "name", "organisation_id").first() if key else None
            found = start.family
            assert (found and (found.pk, found.name, found.organisation_id)) == (known or None), value


def test_it_sets_the_walk_s_settings_in_the_statement_of_the_people(world):
    from django.db import transaction

    from samenplan.audit import access

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner settings")
    with transaction.atomic(), connection.cursor() as cursor:
        access.page_start(world.team_lead, None, walk_settings=True)
        cursor.execute("SELECT current_setting('enable_sort'), current_setting('plan_cache_mode')")
        assert cursor.fetchone() == ("off", "force_generic_plan")


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"family_name": 'de "Vries" <b>', "start": "2026-11-01", "end": "2026-11-30"},
        {"family_name": "x", "start": "2026-11-01", "end": "x", "family": "12", "user": "0"},
        {"start": "2026-11-30", "end": "2026-11-01"},
    ],
)
def test_it_writes_each_field_of_its_filter_as_the_field_template_does(world, data, language):
    """audit.forms.field_html: ``_field.html``'s markup around the widget, kept per language and field, is what the
    template writes, with a value, an error or neither; twice, the second time from what was kept."""
    from django.template.loader import get_template
    from django.utils import translation

    from samenplan.audit import access
    from samenplan.audit.forms import LogFilterForm, field_html

    with translation.override(language):
        for _ in range(2):
            form = LogFilterForm(data, family=None, people=access.filter_people(world.team_lead))
            form.is_valid()
            for field in form.visible_fields():
                assert field_html(field) == get_template("_field.html").render({"field": field}), field.name

"""The dossier's parts written in Python (``cases.rows``: the members table's rows, the select fields and the
phase form's version) are byte for byte what the templates wrote, escaping included."""

from __future__ import annotations

from datetime import date
from itertools import product
from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template
from django.template.loader import get_template
from django.test.utils import override_script_prefix
from django.urls import reverse
from django.utils import translation

from samenplan.analysis.models import Circumstance, SpecialCircumstance
from samenplan.cases import rows
from samenplan.cases.forms import NoteForm, PhaseForm
from samenplan.cases.models import Case, Family, Member, Phase
from samenplan.forms import UtrechtFormMixin

# The loop of cases/_members.html before its rows were written in Python (cases.rows.member_rows)
MEMBERS_LOOP = Path(__file__).with_name("members_rows_template.html")


def members() -> list[Member]:
    """Every shape of a row: a child and a parent, with and without a date of birth, each yes/no/unknown, a portal
    language or none, circumstances with and without a language, the interpreter hint, names to escape."""
    found = []
    shapes = product(["child", "parent"], [None, True, False], [None, date(2014, 3, 9)], ["", "ar"], [0, 1, 2])
    for pk, (role, flag, born, language, circumstances) in enumerate(shapes, start=1):
        member = Member(
            pk=pk, given_name="Anne <b>", family_name="van 't Wel & Zn", role=role, date_of_birth=born,
            has_custody=None if role == "child" else flag, lives_at_home=flag if role == "child" else None,
            language=language,
        )  # fmt: skip
        member.role_label = f"Rol <{role}>"
        member.edit_url = f"/members/{pk}/edit/?a=1&b=2"
        if born:
            member.born_iso, member.born_text = born.isoformat(), f"{born:%d-%m-%Y}"
        member.circumstances = [
            SpecialCircumstance(code=code, language=spoken)
            for code, spoken in [(Circumstance.OTHER_HOME_LANGUAGE, "Tigrinya <&>"), (Circumstance.LOW_LITERACY, "")][
                :circumstances
            ]
        ]
        member.language_label = "Arabisch (العربية) <x>" if language else ""
        member.interpreter_hint = bool(language) and circumstances > 0
        found.append(member)
    return found


@pytest.mark.parametrize(("language", "can_edit"), [("nl", True), ("en", True), ("nl", False)])
def test_it_writes_each_member_as_the_template_did(language, can_edit):
    shown = members()
    with translation.override(language):
        expected = Template(MEMBERS_LOOP.read_text().removesuffix("\n")).render(
            Context({"members": shown, "can_edit": can_edit})
        )
        assert rows.member_rows(shown, can_edit) == expected
    assert "(1 jaar)" not in expected and ("&lt;b&gt;" in expected) and "&amp; Zn" in expected


class Choosing(UtrechtFormMixin, forms.Form):
    """A required select whose first choice is empty (the select then says ``required``) and one that is not."""

    pick = forms.ChoiceField(label="Kies <iets>", choices=[("", "—"), ("a", "<A> & 'b'"), (3, "drie")])
    other = forms.ChoiceField(label="Ander", required=False, help_text="Hulp & <tekst>", choices=[("x", "X")])
    version = forms.IntegerField(widget=forms.HiddenInput)


def field_template(field) -> str:
    return get_template("_field.html").render({"field": field})


def speakers() -> list[Member]:
    return [
        Member(pk=pk, given_name=given, family_name="van 't Wel", role="parent")
        for pk, given in [(8, "Anne"), (12, "<Piet> & Co"), (3, "Ëlla")]
    ]


@pytest.mark.parametrize("language", ["nl", "en", "nl"])
def test_it_writes_the_select_fields_as_the_template_did(db, language):
    """Rendered anew and from the markup kept (the second round, and a language after another)."""
    family = Family(pk=1, name="Wel")
    forms_shown = [
        (NoteForm(family=family, members=speakers()), "speaker"),
        (NoteForm(family=family, members=[]), "speaker"),
        (Choosing(), "pick"),
        (Choosing(initial={"pick": 3}), "pick"),
        (Choosing(initial={"pick": "a", "other": "x"}, prefix="p"), "other"),
    ]
    for phase in Phase.values:  # from one phase offered to five, and none
        forms_shown.append((PhaseForm(case=Case(pk=1, phase=phase, version=7), decision=None), "phase"))
    forms_shown.append((PhaseForm(case=Case(pk=1, phase="execution", version=7), decision=None), "phase"))
    with translation.override(language):
        for _round in range(2):
            for form, name in forms_shown:
                assert rows.select_field(form[name]) == field_template(form[name]), (form, name)
    assert 'required id="id_pick"' in field_template(Choosing()["pick"])


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_unbound_forms_of_the_dossier_render_as_the_forms_made_in_full(db, language):
    """``NoteForm.unbound`` and ``PhaseForm.unbound`` (fields shared with a form made once per process) render
    every field as the forms their constructors make, and what one request's form is given (speakers, phases,
    version) is its own: neither the next form nor the form made in full sees it."""
    family = Family(pk=1, name="Wel")
    pairs = [
        (NoteForm.unbound(family=family, members=speakers()), NoteForm(family=family, members=speakers())),
        (NoteForm.unbound(family=family, members=[]), NoteForm(family=family, members=[])),
    ]
    for phase, version in [*((phase, 7) for phase in Phase.values), ("execution", 12)]:
        case = Case(pk=1, phase=phase, version=version)
        pairs.append((PhaseForm.unbound(case=case, decision=None), PhaseForm(case=case, decision=None)))
    with translation.override(language):
        for cheap, full in pairs:
            assert not cheap.is_bound and not cheap.errors and list(cheap.fields) == list(full.fields)
            for name in full.fields:
                assert str(cheap[name]) == str(full[name]), name
                assert field_template(cheap[name]) == field_template(full[name]), name
            if "version" in full.fields:
                assert rows.hidden_field(cheap["version"]) == str(full["version"])
    note_forms = [cheap for cheap, _full in pairs[:2]]  # the second made after the first: its speakers not kept
    assert note_forms[0].fields["text"] is note_forms[1].fields["text"]  # shared, only read
    assert note_forms[0].fields["speaker"] is not note_forms[1].fields["speaker"]
    assert len(list(note_forms[0]["speaker"].field.widget.choices)) == 1 + len(speakers())
    assert list(note_forms[1]["speaker"].field.widget.choices) == [("", NoteForm.base_fields["speaker"].empty_label)]
    phase_forms = [cheap for cheap, _full in pairs[2:]]
    assert [form["version"].value() for form in phase_forms[-2:]] == [7, 12]


def test_it_renders_a_bound_select_field_through_the_template():
    form = Choosing(data={"pick": "zz"})
    assert not form.is_valid()
    html = rows.select_field(form["pick"])
    assert html == field_template(form["pick"]) and "utrecht-form-field--invalid" in html


@pytest.mark.parametrize(
    "form", [PhaseForm(case=Case(pk=1, phase="execution", version=12), decision=None), Choosing(), Choosing(prefix="p")]
)
def test_it_writes_the_hidden_version_as_its_widget_did(db, form):
    assert rows.hidden_field(form["version"]) == str(form["version"])
    bound = Choosing(data={"version": "4"})
    assert rows.hidden_field(bound["version"]) == str(bound["version"])


# The loop of intake/_route_picture.html before its steps were written in Python (cases.rows.route_steps)
ROUTE_LOOP = Path(__file__).with_name("route_steps_template.html")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_it_writes_the_route_s_steps_as_the_template_did(language):
    from samenplan.intake import rules as intake_rules
    from samenplan.intake.picture import STATE_LABELS, PictureNode

    states = [*STATE_LABELS, "unknown"]
    nodes = [
        PictureNode(phase, state, Phase(phase).label, STATE_LABELS.get(state, "<?>"), note)
        for phase, state, note in product(["analysis", "goals"], states, ["", "Route: <kort> & 'snel'"])
    ]
    with translation.override(language):
        expected = Template(ROUTE_LOOP.read_text().removesuffix("\n")).render(Context({"route_picture": nodes}))
        assert rows.route_steps(nodes) == expected
    assert intake_rules.CURRENT in states and 'aria-current="step"' in expected and "&lt;kort&gt;" in expected


def test_it_knows_whether_the_family_wrote_something_unseen_as_the_portal_s_query_does(world):
    """The case's ``has_family_input`` (``access._has_family_input``) against ``unseen_family_entries``: nothing
    yet, a proposal of the parent, marked as seen, another after the mark, an entry by another family's account
    (the portal's list counts any family account), and a case without a mark but with the family's entries."""
    from django.utils import timezone

    from samenplan.cases import access
    from samenplan.cases.models import DossierEntry, EntryKind, Voice
    from samenplan.portal.access import unseen_family_entries
    from tests.caseload.factories import family_user
    from tests.caseload.test_family_input import mark_seen, parent_proposes

    def agrees(expected: bool) -> None:
        case = access.get_case_for_dossier(world.caseworker, world.case.pk)
        assert case.has_family_input is unseen_family_entries().filter(case=world.case).exists() is expected

    agrees(False)
    parent_proposes(world)
    agrees(True)
    mark_seen(world)
    agrees(False)
    other = family_user(Family.objects.create(organisation=world.org, name="Anders"))
    DossierEntry.objects.create(
        case=world.case, author=other.user, at=timezone.now(), kind=EntryKind.PORTAL, voice=Voice.FAMILY, text="x"
    )
    agrees(True)
    mark_seen(world)
    agrees(False)
    parent_proposes(world, "Nog een doel.")
    agrees(True)


def test_it_knows_whether_the_family_wrote_something_unseen_around_the_mark_as_the_portal_s_query_does(world):
    """``has_family_input`` against ``unseen_family_entries`` as the mark and the entries change: the
    professionals' entries never count, with or without a mark; a family account's entry counts after the mark and
    not up to it; without a mark (none yet, or taken away) every entry by a family account counts; another case of
    the family does not count for this one."""
    from django.utils import timezone

    from samenplan.cases import access
    from samenplan.cases.models import DossierEntry, EntryKind, Voice
    from samenplan.portal.access import unseen_family_entries
    from samenplan.portal.models import FamilyAccount, FamilyInputSeen
    from tests.caseload.factories import family_user

    def agrees(expected: bool) -> None:
        case = access.get_case_for_dossier(world.caseworker, world.case.pk)
        assert case.has_family_input is unseen_family_entries().filter(case=world.case).exists() is expected

    def entry(author, case=world.case) -> DossierEntry:
        return DossierEntry.objects.create(
            case=case, author=author, at=timezone.now(), kind=EntryKind.NOTE, voice=Voice.PROFESSIONAL, text="x"
        )

    def mark(up_to: int) -> None:
        FamilyInputSeen.objects.update_or_create(
            case=world.case, defaults={"up_to_entry": up_to, "seen_by": world.caseworker, "seen_at": timezone.now()}
        )

    parent = FamilyAccount.objects.get(user=world.persona("parent")).user
    FamilyInputSeen.objects.filter(case=world.case).delete()
    DossierEntry.objects.filter(case=world.case, author__family_account__isnull=False).delete()
    agrees(False)
    entry(world.caseworker)  # a professional's entry, no mark
    agrees(False)
    other_case = Case.objects.create(
        family=world.case.family, team=world.case.team, caseworker=world.caseworker, opened_on=date(2024, 1, 8)
    )
    entry(parent, other_case)  # the family wrote in another case
    agrees(False)
    first = entry(parent)  # no mark: any entry by a family account is unseen
    agrees(True)
    mark(first.pk - 1)  # a mark before it
    agrees(True)
    mark(first.pk)  # up to it
    agrees(False)
    entry(world.caseworker)  # a professional's entry after the mark
    agrees(False)
    second = entry(family_user(world.case.family).user)  # another member's account, after the mark
    agrees(True)
    mark(second.pk)
    agrees(False)
    FamilyInputSeen.objects.filter(case=world.case).delete()  # the mark taken away: the entries before it count
    agrees(True)


# goals/_dossier.html, evaluations/_dossier.html, network/, decisions/ and plans/_dossier_link.html, before the
# dossier's link sections were written in Python (cases.rows.link_sections), separated by {# --- #}
LINK_SECTIONS = Path(__file__).with_name("link_sections_template.html")


@pytest.mark.parametrize(("language", "goals"), [("nl", 0), ("nl", 1), ("en", 1), ("en", 2), ("nl", 12345)])
def test_it_writes_the_link_sections_as_the_templates_did(language, goals):
    case = Case(pk=4321)
    case.goal_count = goals
    with translation.override(language):
        sections = [
            Template("{% load i18n %}" + text).render(Context({"case": case}))
            for text in LINK_SECTIONS.read_text().split("{# --- #}\n")[:5]
        ]
        # each as the dossier included it, followed by the newline after its {% include %}
        expected = "".join(f"{section}\n" for section in sections[:2]), "".join(f"{s}\n" for s in sections[2:])
        assert rows.link_sections(case) == expected
    assert "/4321/" in expected[0]
    assert "/4321/" in expected[1]


def test_it_gives_the_dossier_s_addresses_as_reverse_does():
    case, family = Case(pk=4321), Family(pk=8765)
    urls = rows.dossier_urls(case, family)
    for name, viewname in rows.DOSSIER_URLS.items():
        assert urls[name] == reverse(viewname, args=[case.pk])
    for name, viewname in rows.FAMILY_URLS.items():
        assert urls[name] == reverse(viewname, args=[family.pk])
    with override_script_prefix("/samenplan/"):
        assert rows.dossier_urls(case, family)["dossier"] == "/samenplan/cases/4321/"
    assert rows.dossier_urls(case, family)["dossier"] == "/cases/4321/"


# The "Case" section's facts of cases/dossier.html before they were written in Python (cases.rows.case_facts)
CASE_FACTS = Path(__file__).with_name("case_facts_template.html")


def facts_shapes():
    """Every shape of the facts: each phase, with and without co-workers, a closing date, a measure, a registration
    and a referrer; names to escape."""
    from samenplan.accounts.models import Team, User
    from samenplan.intake.models import Registration

    workers = [User(first_name="Anne <b>", last_name="& Zn"), User(username="jan'tje")]
    for i, (phase, coworkers, closed, measure, registered) in enumerate(
        product(Phase.values, [[], workers], [None, date(2026, 1, 2)], [True, False], [0, 1, 2])
    ):
        if i % 3 and phase != Phase.REGISTRATION:  # every phase, every shape of the rest, not every product
            continue
        case = Case(pk=7, phase=phase, opened_on=date(2025, 12, 31), closed_on=closed, child_protection_measure=measure)
        case.team = Team(name="Team <Oost> & co")
        case.caseworker = User(first_name="Piet", last_name="<Puk>")
        registration = None
        if registered:
            registration = Registration(registered_by="family" if registered == 1 else "professional")
            if registered == 2:
                registration.referrer_kind, registration.referrer_name = "school", "De <Toren> & zo"
                registration.referrer_contact = "06-1234 <x@y>"
        yield case, registration, coworkers


@pytest.mark.parametrize("language", ["nl", "en"])
def test_it_writes_the_case_s_facts_as_the_template_did(language):
    template = Template("{% load i18n %}" + CASE_FACTS.read_text())
    shapes = list(facts_shapes())
    assert len(shapes) > 30
    with translation.override(language):
        for case, registration, coworkers in shapes:
            expected = template.render(Context({"case": case, "registration": registration, "coworkers": coworkers}))
            # as the dossier wrote it: the tag on a line of its own, indented as the facts were
            assert f"      {rows.case_facts(case, registration, coworkers)}\n" == expected


@pytest.mark.parametrize("language", ["nl", "en"])
def test_it_names_phases_and_registrations_as_django_s_display_does(language):
    from samenplan.cases.models import RegisteredBy
    from samenplan.intake.models import Registration

    phase, registered_by = Case._meta.get_field("phase"), Registration._meta.get_field("registered_by")
    with translation.override(language):
        for value in [*Phase.values, "no-longer-offered"]:
            case = Case(phase=value)
            assert case.get_phase_display() == case._get_FIELD_display(phase)
        for value in [*RegisteredBy.values, "no-longer-offered"]:
            registration = Registration(registered_by=value)
            assert rows._registered_by(value) == registration._get_FIELD_display(registered_by)


def test_it_breaks_the_words_lines_as_linebreaksbr_does():
    from django.template.defaultfilters import linebreaksbr

    texts = ["", "één regel", "a\nb", "a\r\nb\rc\n\nd", "<b>&amp;</b> 'x' \"y\"\r\n\r\n", "\n\r\r\n\n"]
    for text in texts:
        assert rows.linebreaksbr(text) == linebreaksbr(text, autoescape=True)

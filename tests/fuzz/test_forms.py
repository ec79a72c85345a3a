"""Every web form, fed generated input through the full request path: never a server error, and when the
form is refused (422) nothing was written: no client data, no version bump, no change record in the log."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from samenplan.cases.models import MemberRole, Phase, RegisteredBy, Voice
from samenplan.network.rules import CRITERIA
from tests.fuzz.strategies import EDGE_DATES, EXAMPLES, FUZZ, date_junk, junk, snapshot

DATE_FIELDS = {"date_of_birth", "opened_on", "start", "end", "offered_on", "target_date", "scored_on"}


def _form(fields: dict[str, st.SearchStrategy]) -> st.SearchStrategy[dict]:
    """A valid form body with up to three fields spoilt: left out, or junk (date fields: mostly edge dates).
    Keeping the other fields valid lets the junk reach the checks behind the first refusal."""

    def spoil(valid: dict, junk_values: dict, left_out: set) -> dict:
        body = {**valid, **junk_values}
        return {name: value for name, value in body.items() if name not in left_out}

    names = st.sampled_from(sorted(fields))
    junk_values = st.dictionaries(names, st.none(), max_size=3).flatmap(
        lambda chosen: st.fixed_dictionaries({name: date_junk() if name in DATE_FIELDS else junk() for name in chosen})
    )
    # Dates at the edges of what Python, time zones and samenplan hold are where dates break: offered often.
    base = {name: st.one_of(valid, EDGE_DATES) if name in DATE_FIELDS else valid for name, valid in fields.items()}
    return st.builds(spoil, st.fixed_dictionaries(base), junk_values, st.sets(names, max_size=2))


def _ids(*objects) -> st.SearchStrategy[str]:
    return st.sampled_from([str(o.pk) for o in objects])


def _id_lists(*objects) -> st.SearchStrategy[list[str]]:
    return st.lists(st.one_of(_ids(*objects), junk()), max_size=14)


def _yes_no() -> st.SearchStrategy[str]:
    return st.sampled_from(["", "true", "false"])


def _checkbox() -> st.SearchStrategy[str]:
    return st.sampled_from(["on", "", "true", "false", "ja"])


def _note(world):
    from samenplan.cases import actions as case_actions

    found = world.case.entries.filter(kind="note").order_by("pk").first()
    return found or case_actions.do_add_note(world.caseworker, world.case, text="Intern.", voice="professional")


def _member_fields() -> dict:
    return {
        "given_name": st.sampled_from(["Mees", "Sanne", "Lot"]),
        "family_name": st.sampled_from(["", "Jansen"]),
        "role": st.sampled_from(MemberRole.values),
        "date_of_birth": st.sampled_from(["2012-04-01", "1985-01-20", "2030-01-01"]),
        "has_custody": _yes_no(),
        "lives_at_home": _yes_no(),
    }


def _forms(world) -> dict[str, tuple[str, str, st.SearchStrategy[dict]]]:
    case, family = world.case, world.case.family
    member = family.members.get(role=MemberRole.CHILD)
    workers = (world.caseworker, world.coworker, world.colleague, world.south_worker, world.outsider)
    return {
        "register": (
            "post",
            reverse("cases:register"),
            _form(
                {
                    "family_name": st.sampled_from(["El Amrani", "de Wit"]),
                    "team": _ids(world.north, world.south, world.hill),
                    "registered_by": st.sampled_from(RegisteredBy.values),
                    "referrer": st.sampled_from(["", "Huisarts Kok"]),
                    "reason": st.sampled_from(["Ruzie thuis.", ""]),
                    "help_already": st.just(""),
                    "caseworker": _ids(*workers),
                    "coworkers": _id_lists(*workers),
                    "child_protection_measure": st.sampled_from(["on", ""]),
                    "opened_on": st.sampled_from(["2026-11-20", "2015-01-01", "2099-01-01"]),
                }
            ),
        ),
        "add_member": ("post", reverse("cases:add_member", args=[family.pk]), _form(_member_fields())),
        "edit_member": (
            "post",
            reverse("cases:edit_member", args=[member.pk]),
            _form({**_member_fields(), "version": st.sampled_from(["1", "2", "3"])}),
        ),
        "add_note": (
            "post",
            reverse("cases:add_note", args=[case.pk]),
            _form(
                {
                    "text": st.sampled_from(["Het gaat beter.", "\u200b"]),
                    "voice": st.sampled_from(Voice.values),
                    "speaker": _ids(*family.members.all(), world.outsider_case.family.members.first()),
                    "shared": st.sampled_from(["on", "", "ja"]),
                }
            ),
        ),
        # Sharing a note with the family afterwards (and a non-note entry, which is refused).
        "share_entry": ("post", reverse("cases:share_entry", args=[_note(world).pk]), _form({"shared": _checkbox()})),
        "share_other_entry": (
            "post",
            reverse("cases:share_entry", args=[case.entries.exclude(kind="note").order_by("pk").first().pk]),
            _form({"shared": _checkbox()}),
        ),
        "move_phase": (
            "post",
            reverse("cases:move_phase", args=[case.pk]),
            _form(
                {
                    "phase": st.sampled_from(Phase.values),
                    "note": st.just(""),
                    "version": st.sampled_from(["1", "2", "3", "4"]),
                }
            ),
        ),
        "change_workers": (
            "post",
            reverse("cases:change_workers", args=[case.pk]),
            _form(
                {
                    "caseworker": _ids(*workers),
                    "coworkers": _id_lists(*workers),
                    "note": st.just(""),
                    "version": st.sampled_from(["1", "2", "3", "4"]),
                }
            ),
        ),
        "analysis_question": (
            "post",
            reverse("analysis:add_question", args=[case.pk]),
            _form(
                {
                    "question": st.sampled_from(["Hoe slaapt Mees?", "\u200b"]),
                    "information_needed": st.sampled_from(["De avonden thuis.", ""]),
                    "method": st.sampled_from(["instrument", "observation", "conversation", "other_agency", "x"]),
                    "instrument": st.one_of(st.just(""), _ids(*_shipped()), junk()),
                    "about": _ids(*family.members.all(), world.outsider_case.family.members.first()),
                    "recipient": st.just(""),
                    "data_kinds": st.lists(st.sampled_from(["school", "health", "odd"]), max_size=3),
                    "made_with": _id_lists(*family.members.all(), world.outsider_case.family.members.first()),
                }
            ),
        ),
        "analysis_picture": (
            "post",
            reverse("analysis:picture", args=[case.pk]),
            _form(
                {
                    "nature_severity": st.sampled_from(["Veel ruzie.", ""]),
                    "safety": st.sampled_from(["Veilig.", " "]),
                    "strengths": st.just("Moeder zoekt hulp."),
                    "multiple_and_complex": st.sampled_from(["on", "", "maybe"]),
                    "f0-description": st.sampled_from(["Weinig slaap", ""]),
                    "f0-kind": st.sampled_from(["causal", "maintaining", "protective", "", "odd"]),
                    "f0-domain": st.sampled_from(["child", "parent", "family", "environment", ""]),
                    "f0-source": st.sampled_from(["conversation", "instrument", "other_agency", ""]),
                    "version": st.sampled_from(["1", "2", ""]),
                }
            ),
        ),
        "administer": (
            "post",
            reverse("instruments:administer", args=[case.pk]),
            _form(
                {
                    "definition": _ids(*_shipped()),
                    "member": _ids(*family.members.all(), world.outsider_case.family.members.first()),
                    "informant": st.sampled_from(["parent", "youth", "teacher", "professional"]),
                    "informant_member": _ids(*family.members.all()),
                    "informant_name": st.sampled_from(["", "Juf Ans"]),
                    "administered_on": st.sampled_from(["2026-11-20", "1900-01-01", "2099-01-01"]),
                    "sex": st.sampled_from(["female", "male", "unknown"]),
                    "item_s1": st.sampled_from(["0", "2", "7", ""]),
                    "item_s2": st.sampled_from(["1", "-1"]),
                    "item_opmerking": st.sampled_from(["Het gaat beter.", ""]),
                    "item_gewenst": st.sampled_from(["Samen eten.", "\u200b"]),
                }
            ),
        ),
        "network_member": (
            "post",
            reverse("network:add_member", args=[case.pk]),
            _form(
                {
                    "name": st.sampled_from(["Oma Ria", "\u200b"]),
                    "relation": st.sampled_from(["oma", ""]),
                    "circle": st.sampled_from(["family", "school_work", "club"]),
                    "contact": st.sampled_from(["", "06-12345678"]),
                    "support": st.lists(st.sampled_from(["practical", "comfort", "money"]), max_size=3),
                    **{c: st.sampled_from(["yes", "partly", "no", "soms"]) for c in CRITERIA},
                    "youth_wish": st.sampled_from(["yes", "no", "not_asked"]),
                }
            ),
        ),
        "own_strength": (
            "post",
            reverse("network:own_strength", args=[case.pk]),
            _form(
                {
                    f"m{member.pk}-tried": st.sampled_from(["Een weekrooster.", ""]),
                    f"m{member.pk}-version": st.sampled_from(["0", "1", "2"]),
                }
            ),
        ),
        "family_group_plan": (
            "post",
            reverse("network:family_group_plan", args=[case.pk]),
            _form(
                {
                    "offered_on": st.sampled_from(["2026-11-20", "2099-01-01"]),
                    "offer_note": st.just(""),
                    "version": st.sampled_from(["0", "1", "2"]),
                }
            ),
        ),
        **_goals_forms(world),
        **_portal_rate_forms(world),
        **_plans_forms(world),
        **_catalogue_forms(world),
        "network_share": ("post", reverse("network:share", args=[case.pk]), _form({"recipient": _recipients(world)})),
        **_evaluation_forms(world),
        **_decisions_forms(world),
        **_proposal_forms(world),
        **_portal_options_forms(world),
        "search": ("get", reverse("cases:caseload"), _form({"q": st.just("Jansen"), "scope": st.just("team")})),
        "access_log": (
            "get",
            reverse("audit:log"),
            _form(
                {
                    "family": _ids(family, world.outsider_case.family),
                    "user": _ids(*workers),
                    "start": st.sampled_from(["2026-01-01", "1900-01-01"]),
                    "end": st.sampled_from(["2026-12-31", "2100-12-31"]),
                    "page": st.sampled_from(["1", "2"]),
                }
            ),
        ),
        # The administrator's forms (administration/, tables/): counts only, but the same promise.
        "create_team": (
            "post",
            reverse("administration:teams"),
            _form({"name": st.sampled_from(["Oost", "Wijkteam Noord", " "])}),
        ),
        "invite": (
            "post",
            reverse("administration:invite"),
            _form(
                {
                    "first_name": st.sampled_from(["Noor", ""]),
                    "last_name": st.just("Haddou"),
                    "email": st.sampled_from(["noor@rivierstad.example", "geen-adres"]),
                    "username": st.sampled_from(["noor", "caseworker", "met spatie"]),
                    "team": _ids(world.north, world.hill),
                    "role": st.sampled_from(["", "professional", "baas"]),
                }
            ),
        ),
        "grant_role": (
            "post",
            reverse("administration:grant_role", args=[world.colleague.pk]),
            _form({"team": _ids(world.north, world.south, world.hill), "role": st.sampled_from(["team_lead", "baas"])}),
        ),
        "settings": (
            "post",
            reverse("administration:settings"),
            _form(
                {
                    "consent_youth_with_parents_from_age": st.sampled_from(["12", "-1", "17"]),
                    "consent_youth_alone_from_age": st.sampled_from(["16", "12", "99"]),
                    "reopen_period_days": st.sampled_from(["180", "0"]),
                    "inactivity_days": st.sampled_from(["28", "400"]),
                    "name_shown_to_families": st.sampled_from(["full_name", "bijnaam"]),
                    "evaluation_interval_weeks": st.sampled_from(["12", "-3"]),
                    "version": st.sampled_from(["0", "1", "2"]),
                }
            ),
        ),
        "severity_scale": (
            "post",
            reverse("administration:severity_scale"),
            _form(
                {
                    "name": st.sampled_from(["Ernst", ""]),
                    "version": st.sampled_from(["0", "1"]),
                    "level_0_name": st.sampled_from(["Licht", ""]),
                    "level_0_description": st.just(""),
                    "level_1_name": st.sampled_from(["Zwaar", "licht", ""]),
                    "level_1_description": st.just("Veel"),
                }
            ),
        ),
        "put_on_agenda": (
            "post",
            reverse("tables:put_on_agenda", args=[case.pk]),
            _form(
                {"kind": st.sampled_from(["intake", "review", "tafel"]), "question": st.sampled_from(["Route?", " "])}
            ),
        ),
        "request_handover": (
            "post",
            reverse("handover:request", args=[case.pk]),
            _form(
                {"to_team": _ids(world.north, world.south, world.hill), "reason": st.sampled_from(["Verhuisd.", ""])}
            ),
        ),
    }


def _shipped():
    """The shipped questionnaires (the demo one and the Drieluik), loaded when first asked for."""
    from samenplan.instruments.actions import ensure_shipped
    from samenplan.instruments.models import Definition

    ensure_shipped()
    return Definition.objects.filter(code__in=["demo-gezinsvragenlijst", "drieluik"])


def _plans_forms(world) -> dict[str, tuple[str, str, st.SearchStrategy[dict]]]:
    from tests.plans.factories import a_plan_version

    case = world.case
    a_plan_version(world.caseworker, case)  # version 1: the agreement form needs one; "0" is then stale (409)
    members = [*case.family.members.all(), world.outsider_case.family.members.first()]
    text = st.sampled_from(["", "We eten samen.", "\u200b", "<script>x</script>", "a" * 5001])
    voice = st.sampled_from(["family", "professional", "buurman", ""])
    plan = {
        "based_on": st.sampled_from(["0", "1", "2", "-1", "x", ""]),
        "own_text": text, "own_voice": voice, "network_text": text, "network_voice": voice,
        "safety_needed": st.sampled_from(["", "on", "ja"]), "safety_when_unsafe": text,
        "safety_day_contacts": text, "safety_night_contacts": text, "safety_voice": voice,
        "evaluation_next_on": st.sampled_from(["", "2027-03-01", "1900-01-01", "morgen"]),
        "aftercare_text": text, "aftercare_voice": voice,
    }  # fmt: skip
    agreement = {
        "member": _ids(*members),
        "agreement": st.sampled_from(["yes", "partly", "no", "maybe", ""]),
        "words": st.sampled_from(["", "Niet helemaal.", "\u200b"]),
    }
    return {
        "family_plan": ("post", reverse("plans:edit", args=[case.pk]), _form(plan)),
        "plan_agreement": ("post", reverse("plans:agreement", args=[case.pk]), _form(agreement)),
    }


def _recipients(world) -> st.SearchStrategy[str]:
    """A recipient with the family's consent to share the network, one without, and one of another case."""
    from tests.factories import record_consent

    with_consent = record_consent(
        world.caseworker, world.case, recipient_name="Sportclub De Vliegers", recipient_role="other",
        purpose="coordinate", data_kinds=["family_situation"],
    ).recipient  # fmt: skip
    without = record_consent(world.caseworker, world.case, recipient_name="Huisarts Bakker").recipient
    other = record_consent(world.outsider_case.caseworker, world.outsider_case, recipient_name="Elders").recipient
    return st.one_of(_ids(with_consent, without, other), junk())


def _portal_rate_forms(world) -> dict[str, tuple[str, str, st.SearchStrategy[dict]]]:
    """The portal's forms of rating a conversation, giving and limiting consent (a parent of world.case)."""
    from tests.test_permission_matrix import consent_of, conversation_of, proposal_of

    talk = conversation_of(world)
    consent, proposal = consent_of(world), proposal_of(world)
    score = st.sampled_from(["0", "9", "10", "-1", "4.5", "x", ""])
    return {
        "portal_rate": (
            "post",
            reverse("portal:rate", args=[talk.pk]),
            _form(
                {
                    "understand": score,
                    "listen": score,
                    "include": score,
                    "comment": st.sampled_from(["", "Goed gesprek.", "<b>x</b>", "x" * 2001]),
                }
            ),
        ),
        "propose_consent": (
            "post",
            reverse("consent:propose", args=[world.case.pk]),
            _form(
                {
                    "recipient_name": st.sampled_from(["Huisarts Dekker", "", "<b>x</b>"]),
                    "recipient_kind": st.sampled_from(["person", "organisation", "robot"]),
                    "recipient_role": st.sampled_from(["gp", "school", ""]),
                    "purpose": st.sampled_from(["request_information", "refer", "sell"]),
                    "data_kinds": st.lists(st.sampled_from(["health", "school", "x"]), max_size=3),
                    "benefit": st.sampled_from(["Zo is het beeld compleet.", "", " "]),
                    "asked": _id_lists(*world.case.family.members.all(), world.outsider_case.family.members.first()),
                    "expires_on": st.sampled_from(["", "2020-01-01", "2099-01-01"]),
                }
            ),
        ),
        "portal_give_consent": (
            "post",
            reverse("portal:give_consent", args=[proposal.pk]),
            _form({"agree": st.sampled_from(["", "on", "nee", "true"])}),
        ),
        "portal_limit_consent": (
            "post",
            reverse("portal:limit_consent", args=[consent.pk]),
            _form(
                {
                    "data_kinds": st.lists(st.sampled_from(["school", "development", "health", "x", ""]), max_size=3),
                    "expires_on": st.sampled_from(["", "2020-01-01", "2099-01-01", "2027-01-01", "morgen"]),
                    "reason": st.sampled_from(["Minder.", "", "<b>x</b>", "x" * 2001]),
                    "version": st.sampled_from([str(consent.version), "99", "0", "x"]),
                }
            ),
        ),
    }


def _goals_forms(world) -> dict[str, tuple[str, str, st.SearchStrategy[dict]]]:
    from samenplan.goals.actions import do_add_goal

    case, family = world.case, world.case.family
    goal = case.goals.first() or do_add_goal(world.caseworker, case, words="Samen eten zonder ruzie")
    from samenplan.consent.models import Consent
    from tests.factories import record_consent

    consent = Consent.objects.filter(case=case).first() or record_consent(world.caseworker, case)  # portal_revoke
    members = list(family.members.all())
    stranger = world.outsider_case.family.members.first()
    goal_fields = {
        "words": st.sampled_from(["Samen eten zonder ruzie.", "\u200b", ""]),
        "professional_words": st.sampled_from(["", "Rustige gezinsmomenten"]),
        "whose": st.sampled_from(["family", "parents", "member", "nobody"]),
        "member": _ids(*members, stranger),
        "term": st.sampled_from(["short", "long", "forever"]),
        "target_date": st.sampled_from(["2027-03-01", "2020-01-01", ""]),
    }
    from samenplan.analysis.models import Factor

    factors = [*Factor.objects.filter(picture__case=case), *Factor.objects.exclude(picture__case=case)[:1]]
    if factors:
        goal_fields["factors"] = _id_lists(*factors)
    scorers = [f"m{m.pk}" for m in (*members, stranger)] + [f"p{u.pk}" for u in (world.caseworker, world.colleague)]
    return {
        "add_goal": ("post", reverse("goals:add_goal", args=[case.pk]), _form(goal_fields)),
        "change_goal": (
            "post",
            reverse("goals:change_goal", args=[goal.pk]),
            _form(
                {
                    **goal_fields,
                    "status": st.sampled_from(["open", "dropped", "gone"]),
                    "status_reason": st.sampled_from(["", "Lukt nu niet."]),
                    "version": st.sampled_from(["1", "2"]),
                }
            ),
        ),
        "add_score": (
            "post",
            reverse("goals:add_score", args=[goal.pk]),
            _form(
                {
                    "scorer": st.sampled_from(scorers),
                    "score": st.sampled_from(["0", "10", "11", "-1", "5.5"]),
                    "desired": st.sampled_from(["", "8", "12"]),
                    "one_point_higher": st.just("Samen ontbijten."),
                    "scored_on": st.sampled_from(["2026-11-02", "2099-01-01"]),
                }
            ),
        ),
        "agreement": (
            "post",
            reverse("goals:agreement", args=[case.pk]),
            _form(
                {
                    f"m{m.pk}-{name}": values
                    for m in members
                    for name, values in (
                        ("agreement", st.sampled_from(["yes", "partly", "no", "maybe", ""])),
                        ("words", st.sampled_from(["", "Niet helemaal."])),
                    )
                }
            ),
        ),
        "portal_score": (
            "post",
            reverse("portal:score", args=[goal.pk]),
            _form(
                {
                    "score": st.sampled_from(["0", "10", "11", "-1", "5.5"]),
                    "one_point_higher": st.sampled_from(["Samen ontbijten.", "<b>x</b>", ""]),
                }
            ),
        ),
        "portal_plan_agreement": (
            "post",
            reverse("portal:plan_agreement"),
            _form(
                {
                    "agreement": st.sampled_from(["yes", "partly", "no", "maybe", ""]),
                    "words": st.sampled_from(["", " ", "Woensdag is te vroeg.", "<b>x</b>", "x" * 5001]),
                    "version": st.sampled_from(["", "1", "3", "0", "x", "99999999999"]),
                }
            ),
        ),
        "portal_revoke": (
            "post",
            reverse("portal:revoke", args=[consent.pk]),
            _form(
                {
                    "reason": st.sampled_from(["Liever niet meer.", "", " "]),
                    "version": st.sampled_from([str(consent.version), "99", "0", "x"]),
                }
            ),
        ),
        "language_switch": (
            "post",
            reverse("set_language"),
            _form(
                {
                    "language": st.sampled_from(["ar", "ti", "nl", "en", "xx", "", "AR", "ar-EG"]),
                    "next": st.sampled_from(["/portal/", "https://evil.example/", "//evil.example", "", "/x\x00"]),
                }
            ),
        ),
    }


def _proposal_forms(world) -> dict[str, tuple[str, str, st.SearchStrategy[dict]]]:
    """The family's proposals and its view of the coherent picture (portal), the caseworker's answer to one."""
    from samenplan.analysis.models import CoherentPicture
    from tests.test_permission_matrix import family_proposal

    proposal = family_proposal(world)
    other = family_proposal_of_other(world)
    picture = CoherentPicture.objects.get(case=world.case, current=True)
    words = st.sampled_from(["Samen eten.", "", " \u200b", "<b>x</b>", "x" * 5001, "\x00"])
    versions = st.sampled_from(["", "1", "2", "0", "-1", "x", "99999999999", str(picture.version)])
    return {
        "portal_propose": ("post", reverse("portal:propose", args=["goal"]), _form({"words": words})),
        "portal_picture": (
            "post",
            reverse("portal:picture"),
            _form(
                {
                    "agreement": st.sampled_from(["agrees", "partly", "disagrees", "maybe", ""]),
                    "words": words,
                    "version": versions,
                }
            ),
        ),
        "take_proposal": (
            "post",
            reverse("portal:take_proposal", args=[world.case.pk, proposal.pk]),
            _form({"version": st.sampled_from(["", "0", "2", "x", "99999999999", "-3"])}),
        ),
        "decline_proposal": (
            "post",
            reverse("portal:decline_proposal", args=[world.case.pk, proposal.pk]),
            _form({"reason": words, "version": st.sampled_from(["", "0", "2", "x", "99999999999"])}),
        ),
        "family_input_seen": (
            "post",
            reverse("portal:family_input_seen", args=[world.case.pk]),
            _form({"up_to": st.sampled_from(["", "0", "x", "-1", str(other.pk), "9" * 30])}),
        ),
    }


def family_proposal_of_other(world):
    """A proposal of another family (its id must not move this case's "seen" mark past its own entries)."""
    from samenplan.portal.actions_proposals import do_propose
    from samenplan.portal.models import FamilyAccount

    user = world.persona("other_parent")
    member = FamilyAccount.objects.get(user=user).member
    return do_propose(user, member, world.outsider_case, kind="goal", words="Ander gezin.")


def _catalogue_forms(world) -> dict[str, tuple[str, str, st.SearchStrategy[dict]]]:
    from samenplan.catalogue.actions import do_add_offer
    from samenplan.catalogue.models import HelpOffer

    offer = HelpOffer.objects.filter(organisation=world.org).first() or do_add_offer(
        world.administrator, {"name": "Triple P", "description": "Een cursus voor ouders.", "intensity": "light"}
    )
    fields = {
        "name": st.sampled_from(["Gezinscoach", "triple p", "", "<script>x</script>"]),
        "description": st.sampled_from(["Een coach voor het hele gezin.", "\u200b", ""]),
        "target_problems": st.sampled_from(["", "Ruzie thuis"]),
        "min_age": st.sampled_from(["", "0", "12", "27", "28", "-1", "1.5"]),
        "max_age": st.sampled_from(["", "4", "18", "99"]),
        "intensity": st.sampled_from(["network", "residential", "zwaar", ""]),
        "evidence_level": st.sampled_from(["not_assessed", "strong", "bewezen"]),
        "provider": st.sampled_from(["", "Aanbieder Voorbeeld"]),
        "contact": st.sampled_from(["", "020-0000000"]),
        "waiting_weeks": st.sampled_from(["", "0", "104", "105", "-2"]),
    }
    csv_texts = [
        "naam;beschrijving;intensiteit\nBuddy;Een maatje;netwerk\n",
        "naam;beschrijving;intensiteit\nKapot;;zwaar\nBuddy;Een maatje;netwerk\n",
        "kolom\nwaarde\n",
        'naam,beschrijving,intensiteit\n"open quote,x,licht\n',
        "",
    ]
    return {
        "catalogue_add": ("post", reverse("catalogue:add"), _form(fields)),
        "catalogue_edit": (
            "post",
            reverse("catalogue:edit", args=[offer.pk]),
            _form({**fields, "version": st.sampled_from(["1", "2", "0", "x"])}),
        ),
        "catalogue_import": (
            "post",
            reverse("catalogue:import"),
            _form(
                {
                    "csv_text": st.sampled_from(csv_texts),
                    "confirm": st.sampled_from(["true", ""]),
                    "valid_rows_only": st.sampled_from(["true", "", "ja"]),
                }
            ),
        ),
        "catalogue_filter": (
            "get",
            reverse("catalogue:list"),
            _form(
                {
                    "q": st.sampled_from(["", "coach", "\u200b"]),
                    "intensity": st.sampled_from(["", "light", "zwaar"]),
                    "evidence_level": st.sampled_from(["", "good", "x"]),
                    "age": st.sampled_from(["", "12", "99", "-1"]),
                    "withdrawn": st.sampled_from(["", "true", "ja"]),
                }
            ),
        ),
    }


def _evaluation_forms(world) -> dict[str, tuple[str, str, st.SearchStrategy[dict]]]:
    from samenplan.goals.actions import do_add_goal

    case, family = world.case, world.case.family
    goal = case.goals.first() or do_add_goal(world.caseworker, case, words="Samen eten zonder ruzie")
    member = family.members.first()
    days = st.sampled_from(["2026-11-02", "2099-01-01", "2020-01-01"])
    text = st.sampled_from(["", "Ja, rustiger.", "\u200b"])
    return {
        "evaluation_plan": (
            "post",
            reverse("evaluations:plan", args=[case.pk]),
            _form({"planned_on": days, "how": st.just("Thuis"), "with_whom": text}),
        ),
        "evaluation_hold": (
            "post",
            reverse("evaluations:hold_now", args=[case.pk]),
            _form(
                {
                    "held_on": days,
                    "helps": text,
                    "situation_changed": _yes_no(),
                    "situation_words": text,
                    "outcome": st.sampled_from(["continue", "adjust", "end", "stop"]),
                    "adjustment": text,
                    f"g{goal.pk}-m{member.pk}": st.sampled_from(["", "0", "10", "11", "-1", "5.5"]),
                    f"g{goal.pk}-p{world.caseworker.pk}": st.sampled_from(["", "6"]),
                    "version": st.sampled_from(["", "1"]),
                }
            ),
        ),
        "evaluation_close": (
            "post",
            reverse("evaluations:close", args=[case.pk]),
            _form(
                {
                    "reason": st.sampled_from(["goals_reached", "other", "", "gone"]),
                    "reason_other": text,
                    f"goal-{goal.pk}": st.sampled_from(["reached", "partly", "not_reached", "maybe"]),
                    "family_view": text,
                    "aftercare_what": text,
                    "aftercare_until": days,
                    "aftercare_contact": st.just("Anna"),
                    "version": st.sampled_from(["1", "2", "99"]),
                }
            ),
        ),
        "evaluation_reopen": (
            "post",
            reverse("evaluations:reopen", args=[case.pk]),
            _form({"reason": text, "version": st.sampled_from(["1", "2", "3"])}),
        ),
    }


def _decisions_forms(world) -> dict[str, tuple[str, str, st.SearchStrategy[dict]]]:
    from tests.decisions.factories import offers, three_options

    case, family = world.case, world.case.family
    options = list(case.options.order_by("pk")) or list(three_options(world.caseworker, case))
    members = list(family.members.all())
    stranger = world.outsider_case.family.members.first()
    foreign_offer = offers(world.outsider_case.family.organisation)[0]
    seen = ",".join(str(o.pk) for o in options)
    text = st.sampled_from(["", "Oma kent de kinderen.", "\u200b", "<b>x</b>"])
    return {
        "option": (
            "post",
            reverse("decisions:add_option", args=[case.pk]),
            _form(
                {
                    "source": st.sampled_from(["catalogue", "network", "family", "elsewhere"]),
                    "offer": _ids(*offers(family.organisation), foreign_offer),
                    "name": st.sampled_from(["Oma past op", "", "x" * 201]),
                    "waiting_weeks": st.sampled_from(["", "3", "-1", "999"]),
                    "family_pros": text,
                    "family_speaker": _ids(*members, stranger),
                    "recommended": st.sampled_from(["", "on", "maybe"]),
                    "recommendation_reasons": text,
                }
            ),
        ),
        "preference": (
            "post",
            reverse("decisions:preference", args=[case.pk]),
            _form(
                {
                    "member": _ids(*members, stranger),
                    "kind": st.sampled_from(["order", "preferred", "leave_to_professional", "none"]),
                    "preferred": _ids(*options),
                    "reasons": text,
                    "seen_options": st.sampled_from([seen, "", "1,x", seen + ",99999"]),
                    **{f"rank-{o.pk}": st.sampled_from(["", "1", "2", "3", "9"]) for o in options},
                    "version": st.sampled_from(["0", "1", "x"]),
                }
            ),
        ),
        "decision": (
            "post",
            reverse("decisions:decide", args=[case.pk]),
            _form(
                {
                    "options": _id_lists(*options),
                    "summary": text,
                    "participation_level": st.sampled_from(["1", "4", "5", "0", "6", "x"]),
                    "out_of_home": st.sampled_from(["", "on"]),
                    "evaluation_on": st.sampled_from(["2027-03-01", "2020-01-01", ""]),
                    "evaluation_agreement": text,
                    **{f"m{m.pk}-agreement": st.sampled_from(["yes", "partly", "no", "", "maybe"]) for m in members},
                    "resolution": text,
                }
            ),
        ),
        "help": (
            "post",
            reverse("decisions:add_help", args=[case.pk]),
            _form(
                {
                    "description": st.sampled_from(["Opvoedcursus", "", "x" * 301]),
                    "intensity": st.sampled_from(["light", "residential", "heavy"]),
                    "status": st.sampled_from(["running", "ended", "gone"]),
                    "starts_on": st.sampled_from(["2027-01-01", "", "2026-01-01"]),
                    "ends_on": st.sampled_from(["2026-06-01", "", "2027-06-01"]),
                    "offer": _ids(*offers(family.organisation), foreign_offer),
                }
            ),
        ),
    }


def _portal_options_forms(world) -> dict[str, tuple[str, str, st.SearchStrategy[dict]]]:
    """The family's reaction to an option and their preference, in the portal (a parent of world.case)."""
    from tests.decisions.factories import three_options

    case = world.case
    options = list(case.options.order_by("pk")) or list(three_options(world.caseworker, case))
    seen = ",".join(str(o.pk) for o in options)
    text = st.sampled_from(["", " ", "Oma kent de kinderen.", "\u200b", "<b>x</b>", "x" * 5001])
    return {
        "portal_option_reaction": (
            "post",
            reverse("portal:option", args=[options[0].pk]),
            _form(
                {
                    "pros": text,
                    "cons": text,
                    "option_version": st.sampled_from([str(options[0].version), "0", "99", "x", ""]),
                    "version": st.sampled_from(["0", "1", "x", "", "-1"]),
                }
            ),
        ),
        **_questionnaire_forms(world),
        "portal_preference": (
            "post",
            reverse("portal:preference"),
            _form(
                {
                    "choice": st.one_of(_ids(*options), st.sampled_from(["leave_to_professional", "order", ""])),
                    "reasons": text,
                    "seen_options": st.sampled_from([seen, "", "1,x", seen + ",99999"]),
                    "version": st.sampled_from(["0", "1", "x", ""]),
                }
            ),
        ),
    }


def _questionnaire_forms(world) -> dict[str, tuple[str, str, st.SearchStrategy[dict]]]:
    """Asking a family member to fill in a questionnaire (the caseworker), and filling it in (world.case's youth)."""
    from tests.portal.matrix_questionnaires import assign_form, assignment_of

    assignment = assignment_of(world)
    valid = assign_form(world)
    members = [*world.case.family.members.all(), world.outsider_case.family.members.first()]
    answer = st.sampled_from(["", "0", "2", "3", "-1", "x", "1.5"])
    return {
        "assign_questionnaire": (
            "post",
            reverse("instruments:assign", args=[world.case.pk]),
            _form(
                {
                    "definition": st.sampled_from([str(valid["definition"]), "", "0", "x", "99999999"]),
                    "member": _ids(*members),
                    "about": st.one_of(st.just(""), _ids(*members)),
                    "due_on": st.sampled_from([valid["due_on"], "", "2020-01-01", "31-12-2026", "morgen"]),
                }
            ),
        ),
        "portal_questionnaire": (
            "post",
            reverse("portal:questionnaire", args=[assignment.pk]),
            _form(
                {
                    **{f"item_{key}": answer for key in ("s1", "s2", "z1", "k2")},
                    "item_opmerking": st.sampled_from(["", "Het gaat beter.", "<b>x</b>", "\u200b", "x" * 5001]),
                    "step": st.sampled_from(["save", "send", "", "delete"]),
                    "version": st.sampled_from(["1", "0", "x", "", "99"]),
                }
            ),
        ),
    }


FORMS = ["register", "add_member", "edit_member", "add_note", "move_phase", "change_workers", "search", "access_log"]
FORMS += ["administer", "analysis_question", "analysis_picture"]
FORMS += ["add_goal", "change_goal", "add_score", "agreement"]
FORMS += ["network_member", "own_strength", "family_group_plan", "network_share"]
FORMS += ["evaluation_plan", "evaluation_hold", "evaluation_close", "evaluation_reopen"]
FORMS += ["option", "preference", "decision", "help"]
FORMS += ["family_plan", "plan_agreement"]
CONFLICT_FORMS = {"family_plan"}  # a save from an older version answers 409 with the merge page, nothing saved
FORMS += ["create_team", "invite", "grant_role", "settings", "severity_scale", "put_on_agenda", "request_handover"]
FORMS += ["catalogue_add", "catalogue_edit", "catalogue_import", "catalogue_filter"]
ADMINISTRATOR_FORMS = {"create_team", "invite", "grant_role", "settings", "severity_scale"}
ADMINISTRATOR_FORMS |= {"catalogue_add", "catalogue_edit", "catalogue_import", "catalogue_filter"}
FORMS += ["portal_score", "portal_revoke", "portal_plan_agreement", "language_switch"]
FORMS += ["share_entry", "share_other_entry"]
FORMS += ["portal_propose", "portal_picture", "take_proposal", "decline_proposal", "family_input_seen"]
FORMS += ["portal_rate", "portal_give_consent", "portal_limit_consent", "propose_consent"]
FAMILY_FORMS = {
    "language_switch",
    "portal_score",
    "portal_revoke",
    "portal_plan_agreement",
    "portal_propose",
    "portal_picture",
    "portal_rate",
    "portal_give_consent",
    "portal_limit_consent",
}  # the family portal: a parent of world.case's family
FORMS += ["portal_option_reaction", "portal_preference", "assign_questionnaire", "portal_questionnaire"]
FAMILY_FORMS |= {"portal_option_reaction", "portal_preference"}
YOUTH_FORMS = {"portal_questionnaire"}  # the questionnaire was asked of world.case's youth


@pytest.mark.parametrize("name", FORMS)
def test_it_never_fails_on_generated_form_input(client, world, name):
    user = world.team_lead if name == "access_log" else world.caseworker
    if name in ADMINISTRATOR_FORMS:
        user = world.administrator
    if name in FAMILY_FORMS:
        user = world.persona("parent")
    if name in YOUTH_FORMS:
        user = world.persona("youth")
    if name == "put_on_agenda":
        from samenplan.tables.actions import do_configure_table

        do_configure_table(world.administrator, world.north, kind="intake", members=[], frequency="Wekelijks")
    client.force_login(user)
    method, url, bodies = _forms(world)[name]

    @settings(FUZZ, max_examples=40 if method == "get" else 20)
    @given(body=bodies)
    def submit(body):
        EXAMPLES[f"form {name}"] += 1
        before = snapshot()

        response = getattr(client, method)(url, body)

        allowed = (200, 302, 422, 409) if name in CONFLICT_FORMS else (200, 302, 422)
        assert response.status_code in allowed, (response.status_code, body)
        if response.status_code in (409, 422):
            assert snapshot() == before, body

    submit()

"""The permission matrix: every (path, method) the site answers, every persona: allowed or refused as the rules say.

HOW TO ADD A ROW. One row per path and the methods that share a rule; the path is the full route as the URLconf
spells it (the ``include()`` prefixes joined), never the URL name:

    ("cases/<int:case_id>/plan/", "GET HEAD", Rule(READERS)),
    ("cases/<int:case_id>/plan/", "POST", Rule(EDITORS, forbidden=READERS - EDITORS, data=lambda w: {...})),

- ``allowed`` (first argument): personas that get through (any status but 401/403/404/405/5xx);
- ``forbidden``: personas that see the record but may not do this: exactly 403;
- every other persona gets exactly 404 (records they may not see); ``others=403`` when nothing is secret;
- ``anonymous``: LOGIN (302 to the login page, the default), 401 for the API, or what a public page answers;
- ``data``: the body sent, as a function of the world: make it valid, so an allowed request really does its work
  (the matrix sees from that request's SQL whether the pair shows or changes client data);
- path parameters (``case_id``, ``family_id``, …) are filled in from ``PARAMS``: a new name needs an entry there.
A row in the older format ``"app:name": Route("POST", kwargs, allowed, denied, anonymous)`` becomes
``("<the route of app:name>", "POST", Rule(allowed, forbidden=<personas denied 403>, anonymous=…))``; the methods a
view accepts are listed by ``test_it_has_a_rule_for_every_path_and_method`` when one is missing.

HOW IT WORKS.
- ``accepted_pairs`` walks the URLconf. The methods come from the views: a class-based view (Django, DRF,
  allauth) accepts the methods it has a handler for, HEAD when it has GET (Django adds it) and OPTIONS (every
  class-based view answers it); a function view is called (directly, its decorators included) with every HTTP
  method as every persona, and a method that answers 405 to all of them is not accepted.
- ``test_it_has_a_rule_for_every_path_and_method``: every accepted pair has a rule, every rule an accepted pair.
- ``test_it_allows_and_refuses_as_the_rules_say``: per path, one world; each of its methods is sent as every
  persona and anonymously; every method without a rule is sent once more and must answer 405, or at least touch
  no client data.
- Client data is derived, not declared: the SQL of every allowed request is captured, and a pair whose request
  touched a table of a client-data app (``CLIENT_DATA_TABLES``: every model of a samenplan app, unless the app is
  listed in ``NOT_CLIENT_DATA_APPS``) needs a logging probe in tests/audit/test_log_completeness.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.http import JsonResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, path, resolve, reverse
from django.utils import timezone
from django.views import View
from django.views.decorators.http import require_GET
from rest_framework.views import APIView

import samenplan.urls
from samenplan.accounts.models import Role, User
from samenplan.cases import api as cases_api
from samenplan.cases.models import Family
from samenplan.consent.models import Consent
from tests.conftest import ALL_PERSONAS, FAMILY_PERSONAS, PERSONAS, ModuleWorld, World
from tests.decisions import matrix as dm
from tests.evaluations import matrix_data as evaluation_data
from tests.factories import member_of, record_consent
from tests.portal import matrix_questionnaires as pq

ANON = "anonymous"
LOGIN = "login"  # anonymous visitors are sent to the login page (302)
EVERYONE = frozenset(PERSONAS)  # the professionals' side: every persona with a team role
FAMILY = frozenset(FAMILY_PERSONAS)  # portal accounts: never let onto a professional route (404)
ALL = EVERYONE | FAMILY
EDITORS = frozenset({"caseworker", "coworker"})  # the case's fixed caseworker and co-worker
# Everyone who sees ``world.case``: the behavioural scientist consulted on it too, while the request is open.
READERS = EDITORS | {"colleague", "team_lead", "two_team_worker", "consulted_scientist"}
CONSULTED = frozenset({"consulted_scientist"})
TEAM_LEADS = frozenset({"team_lead", "south_lead"})
REGISTRARS = EVERYONE - {"scientist", "consulted_scientist", "administrator"}  # professionals and team leads
ADMINISTRATORS = frozenset({"administrator"})
PROFESSIONALS = REGISTRARS - TEAM_LEADS  # who may use the emergency button
CATALOGUE_READERS = EVERYONE - {"outsider"}  # everyone who works in Rivierstad reads its catalogue of help
# Every method Django dispatches, TRACE included; the safe ones first, so a write cannot change what they see.
METHODS = tuple(sorted((m.upper() for m in View.http_method_names), key=lambda m: m not in ("GET", "HEAD", "OPTIONS")))

# Apps whose tables hold no client data; every other samenplan app (cases, and each process app to come) does.
NOT_CLIENT_DATA_APPS = {
    "accounts": "organisations, teams, the people who work there",
    "administration": "an organisation's settings and its invitations of new professionals",
    "audit": "the access log itself; its page reads family names from cases, which counts",
    "catalogue": "the organisation's catalogue of help: what it offers, nothing about a family",
}


# Tables of client-data apps that hold an organisation's configuration, not anything about a family.
NOT_CLIENT_DATA_MODELS = {
    "instruments.definition": "questionnaire definitions: shipped, or loaded by the organisation",
    "intake.severityscale": "the organisation's severity scale",
    "intake.severitylevel": "the levels of that scale and their names",
    "portal.invitation": "looked up by the hash of a link's token before anyone is logged in; the page shows "
    "nothing of the family, and using it is logged (portal.accept)",
}


def client_data_tables() -> frozenset[str]:
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        config = model._meta.app_config
        if model._meta.label_lower in NOT_CLIENT_DATA_MODELS:
            continue
        if config.name.startswith("samenplan.") and config.label not in NOT_CLIENT_DATA_APPS:
            tables.add(model._meta.db_table)
    return frozenset(tables)


CLIENT_DATA_TABLES = client_data_tables()


def touched_client_data(queries) -> set[str]:
    """The client-data tables that the captured SQL read or wrote (table names are quoted on both databases)."""
    found = set()
    for query in queries:
        found.update(re.findall(r'"(\w+)"', query["sql"]))
    return found & CLIENT_DATA_TABLES


@dataclass(frozen=True)
class Rule:
    allowed: frozenset
    forbidden: frozenset = frozenset()  # they may see it, not do it: 403
    others: int = 404  # everyone else
    anonymous: int | str = LOGIN
    data: Callable[[World], dict] = lambda w: {}
    family: int = 404  # family accounts not allowed: they learn nothing of the workbench

    def expected(self, persona: str) -> int | str | None:
        """None: allowed; otherwise the exact status (or LOGIN) this persona gets."""
        if persona == ANON:
            return self.anonymous
        if persona in self.allowed:
            return None
        if persona in self.forbidden:
            return 403
        return self.family if persona in FAMILY else self.others


def _member(w):
    return w.case.family.members.order_by("pk").first()


def consent_of(w):
    """The world case's consent (made through the action the first time it is asked for)."""
    return Consent.objects.filter(case=w.case).first() or record_consent(w.caseworker, w.case)


def consultation_of(w):
    """The open request for consultation of the consulted scientist on the world's case (made by the world)."""
    from samenplan.analysis.models import Consultation

    return Consultation.objects.filter(case=w.case, scientist=w.consulted_scientist).first()


def _picture(w):
    return w.case.pictures.filter(current=True).first()


def circumstance_form(w):
    return {"member": _member(w).pk, "code": "limited_dutch", "language": "", "note": "Spreekt vooral Arabisch."}


def question_form(w):
    members = [m.pk for m in w.case.family.members.all()]
    return {
        "question": "Hoe gaat het met Mees op school?", "information_needed": "Hoe hij zich voelt in de klas.",
        "method": "conversation", "made_with": members,
    }  # fmt: skip


def picture_form(w):
    picture = _picture(w)
    return {
        "nature_severity": "Veel ruzie; matig ernstig.", "safety": "Mees is veilig.", "strengths": "Moeder helpt.",
        "f0-description": "Weinig slaap", "f0-kind": "maintaining", "f0-domain": "parent", "f0-source": "conversation",
        "version": picture.version if picture else "",
    }  # fmt: skip


def picture_json(w):
    picture = _picture(w)
    return {
        "nature_severity": "Veel ruzie; matig ernstig.", "safety": "Mees is veilig.", "strengths": "Moeder helpt.",
        "factors": [{"description": "Slaap", "kind": "maintaining", "domain": "parent", "source": "conversation"}],
        "version": picture.version if picture else None,
    }  # fmt: skip


def share_form(w):
    return {
        f"m{_member(w).pk}-agreement": "agrees",
        f"m{_member(w).pk}-words": "Zo is het.",
        "version": _picture(w).version,
    }


def share_json(w):
    return {
        "views": [{"member": _member(w).pk, "agreement": "partly", "words": "Deels."}],
        "version": _picture(w).version,
    }


def version_of_picture(w):
    return {"version": _picture(w).version}


def override_data(w):
    return {"reason": "De gedragswetenschapper is afwezig; het beeld is eenduidig.", "version": _picture(w).version}


def consultation_form(w):
    return {
        "scientist": w.consulted_scientist.pk, "question": "Klopt ons beeld?", "agreed_by": [_member(w).pk],
        "conditions": "Alleen het beeld.",
    }  # fmt: skip


def answer_data(w):
    consultation = consultation_of(w)
    return {"advice": "Let op de slaap van moeder.", "version": consultation.version if consultation else 1}


def psycho_form(w):
    return {
        "topic": "Ruzie en stress", "explained": "Wat stress met een kind doet.", "given_to": [_member(w).pk],
        "given_on": "2026-11-02", "material_title": "Folder", "material_description": "Over stress thuis.",
    }  # fmt: skip


def skip_data(w):
    return {"reason": "Raadsrapport ligt er al.", "version": _case(w).version}


def leaver(w):
    """A professional of Noord who is no persona: ending their sessions logs none of the personas out."""
    return User.objects.filter(username="leaver").first() or member_of(w.north, Role.PROFESSIONAL, username="leaver")


def emergency_grant(w):
    """The south worker's emergency access to the world's case (once)."""
    from samenplan.emergency.actions import do_open_in_emergency
    from samenplan.emergency.models import EmergencyAccess

    return EmergencyAccess.objects.filter(case=w.case).first() or do_open_in_emergency(
        w.south_worker, w.case.pk, reason="Moeder belt in paniek, haar eigen hulpverlener is vandaag niet bereikbaar."
    )


def emergency_form(w):
    return {"case": str(w.case.pk), "reason": "Politie belt over het kind; de eigen hulpverlener is niet bereikbaar."}


def destruction_request(w):
    """A request for destruction of the world's family, recorded by its caseworker (once)."""
    from samenplan.privacy.actions import do_record_destruction_request
    from samenplan.privacy.models import DestructionRequest

    family = w.case.family
    return DestructionRequest.objects.filter(family=family).first() or do_record_destruction_request(
        w.caseworker, family, scope="family", case=None, requested_by=family.members.first(),
        requested_on=timezone.localdate(),
    )  # fmt: skip


def destruction_form(w):
    return {"requested_by": w.case.family.members.first().pk, "requested_on": "2026-11-02", "scope": "family"}


def decision_form(w):
    request = destruction_request(w)
    return {
        "decision": "refused", "grounds": ["legal_duty"], "explanation": "Er loopt een maatregel.",
        "version": request.version,
    }  # fmt: skip


def demo_definition(w):
    """The shipped demo questionnaire (the shipped definitions are loaded the first time it is asked for)."""
    from samenplan.instruments.actions import ensure_shipped
    from samenplan.instruments.models import Definition

    found = Definition.objects.filter(code="demo-gezinsvragenlijst", organisation__isnull=True).first()
    if found is None:
        ensure_shipped()
        found = Definition.objects.get(code="demo-gezinsvragenlijst", organisation__isnull=True)
    return found


DEMO_ANSWERS = {"s1": 2, "s2": 0, "s3": 1, "s4": 1, "z1": 1, "z2": 0, "z3": 2, "k1": 2, "k2": 1}


def administration_json(w):
    parent, child = _parent_and_child(w)
    return {
        "definition": demo_definition(w).pk, "member": child.pk, "informant": "parent",
        "informant_member": parent.pk, "administered_on": "2026-11-20", "sex": "male", "answers": DEMO_ANSWERS,
    }  # fmt: skip


def administration_form(w):
    data = administration_json(w)
    answers = {f"item_{key}": value for key, value in data.pop("answers").items()}
    return {**data, **answers}


def administration_of(w):
    """An administration in the world's case (recorded through the action the first time it is asked for)."""
    from samenplan.instruments.actions import do_administer
    from samenplan.instruments.models import Administration

    found = Administration.objects.filter(case=w.case).first()
    if found is None:
        parent, child = _parent_and_child(w)
        found = do_administer(
            w.caseworker, _case(w), definition=demo_definition(w), member=child, informant="parent",
            informant_member=parent, answers=DEMO_ANSWERS, sex="male",
        )  # fmt: skip
    return found


LOADED = iter(range(1, 10**6))


def definition_upload(w):
    """A small valid definition, a new code on every request (each load is a new definition)."""
    return {
        "text": f"code: eigen-lijst-{next(LOADED)}\nversion: 1\nname: Eigen lijst\nlicence: Eigen tekst.\n"
        "informants: [parent]\nage_range: {min: 0, max: 17}\nlanguages: [nl]\n"
        "items:\n  - {id: vraag, kind: text, text: Hoe gaat het?}\n"
    }


def _case(w):
    return type(w.case).objects.get(pk=w.case.pk)  # the current version: earlier requests may have changed it


def invitation_token(w):
    """The link of an invitation of a new professional of Noord (made once per world; only its hash is stored)."""
    if not hasattr(w, "_invitation_token"):
        from samenplan.administration.actions import do_invite

        invitation = do_invite(
            w.administrator, username="invitee", first_name="Ilse", last_name="Nieuw", email="ilse@rivierstad.example",
            team=w.north, role=Role.PROFESSIONAL, base_url="http://testserver/",
        )  # fmt: skip
        w._invitation_token = invitation.token
    return w._invitation_token


def organisation_settings(w):
    from samenplan.administration.services import settings_for

    return {
        "consent_youth_with_parents_from_age": 12, "consent_youth_alone_from_age": 16, "reopen_period_days": 90,
        "inactivity_days": 21, "name_shown_to_families": "first_name", "evaluation_interval_weeks": 10,
        "version": settings_for(w.org).version,
    }  # fmt: skip


def severity_scale_form(w):
    from samenplan.administration.services import settings_for

    return {
        "name": "Ernst", "level_0_name": "Licht", "level_0_description": "", "level_1_name": "Zwaar",
        "level_1_description": "", "version": settings_for(w.org).version,
    }  # fmt: skip


def invitation_form(w):
    return {
        "first_name": "Sem", "last_name": "Nieuw", "email": "sem@rivierstad.example", "username": "sem",
        "team": w.north.pk, "role": "professional",
    }  # fmt: skip


def north_intake_table(w):
    """Noord's intake table, with the behavioural scientist taking part (made once, through the action)."""
    from samenplan.tables.actions import do_configure_table
    from samenplan.tables.models import TeamTable

    return TeamTable.objects.filter(team=w.north, kind="intake").first() or do_configure_table(
        w.administrator, w.north, kind="intake", members=[w.scientist], frequency="Elke dinsdag"
    )


def agenda_item(w):
    """The world's case on Noord's intake table (once)."""
    from samenplan.tables.actions import do_put_on_agenda
    from samenplan.tables.models import AgendaItem

    table = north_intake_table(w)
    return AgendaItem.objects.filter(table=table, case=w.case).first() or do_put_on_agenda(
        w.caseworker, _case(w), kind="intake", question="Welke route past?"
    )


def table_form(w):
    from samenplan.tables.models import TeamTable

    table = TeamTable.objects.filter(team=w.south, kind="intake").first()
    return {"kind": "intake", "intake-frequency": "Wekelijks", "intake-members": [w.south_worker.pk],
            "intake-version": table.version if table else 0}  # fmt: skip


def agenda_form(w):
    north_intake_table(w)
    return {"kind": "intake", "question": "Is de aanmelding compleet?"}


def handover_to_south(w):
    """The caseworker asks for the world's case to move to Zuid (once); Zuid's lead decides."""
    from samenplan.handover.actions import do_request_handover
    from samenplan.handover.models import Handover

    return Handover.objects.filter(case=w.case).first() or do_request_handover(
        w.caseworker, _case(w), to_team=w.south, reason="Het gezin verhuist naar Zuid."
    )


def catalogue_offer(w):
    """Help in Rivierstad's catalogue (made once, by its administrator)."""
    from samenplan.catalogue.actions import do_add_offer
    from samenplan.catalogue.models import HelpOffer

    return HelpOffer.objects.filter(organisation=w.org).first() or do_add_offer(
        w.administrator, {"name": "Triple P", "description": "Een cursus voor ouders.", "intensity": "light"}
    )


def catalogue_form(w):
    return {"name": "Triple P", "description": "Een cursus voor ouders, thuis.", "intensity": "light",
            "evidence_level": "good", "version": catalogue_offer(w).version}  # fmt: skip


CATALOGUE_CSV = "naam;beschrijving;intensiteit\nBuddy voor jongeren;Een maatje;netwerk\n"


NEW_PASSWORD = {"password1": "een zin die niemand raadt", "password2": "een zin die niemand raadt"}

# Path parameters: which record of the world a request names.
PARAMS: dict[str, Callable[[World], object]] = {
    "grant_id": lambda w: emergency_grant(w).pk,
    "case_id": lambda w: w.case.pk,
    "family_id": lambda w: w.case.family_id,
    "member_id": lambda w: _member(w).pk,
    "consent_id": lambda w: consent_of(w).pk,
    "user_id": lambda w: leaver(w).pk,
    # Zuid: a team without cases (so the administrator may remove it), led by south_lead, not by team_lead.
    "team_id": lambda w: w.south.pk,
    "token": invitation_token,
    "table_id": lambda w: north_intake_table(w).pk,
    "item_id": lambda w: agenda_item(w).pk,
    "handover_id": lambda w: handover_to_south(w).pk,
    "request_id": lambda w: destruction_request(w).pk,
    "consultation_id": lambda w: consultation_of(w).pk,
    "definition_id": lambda w: demo_definition(w).pk,
    "administration_id": lambda w: administration_of(w).pk,
    "network_member_id": lambda w: network_person(w).pk,
    "part_id": lambda w: plan_part(w).pk,
    "goal_id": lambda w: goal_of(w).pk,
    "number": lambda w: plan_number(w),
    "conversation_id": lambda w: conversation_of(w).pk,
    "consent_proposal_id": lambda w: proposal_of(w).pk,
    "offer_id": lambda w: catalogue_offer(w).pk,
    "evaluation_id": lambda w: evaluation_data.planned_evaluation(w).pk,
    "option_id": lambda w: dm.option_of(w).pk,
    "assignment_id": lambda w: pq.assignment_of(w).pk,
    "help_id": lambda w: dm.help_of(w).pk,
    "pk": lambda w: 1,  # allauth MFA: a security key (each user reaches only their own; tests/accounts)
    "key": lambda w: "onbekend",  # allauth: e-mail confirmation and password-reset keys
    "uidb36": lambda w: "1",
    "link": lambda w: "onbekend",  # portal: an invitation link (unknown: every visitor gets 404)
    "block": lambda w: (plan_number(w), "plan-goals")[1],  # portal read-aloud: a section of the family's plan
    "provider_id": lambda w: "digid",  # allauth openid_connect: the families' DigiD broker (portal/oidc.py)
    "entry_id": lambda w: note_entry(w).pk,
    "kind": lambda w: "goal",  # portal: what a family member proposes (question, goal, own-solution)
    "proposal_id": lambda w: family_proposal(w).pk,
}

PUBLIC = Rule(ALL, anonymous=200)
API_PUBLIC = Rule(EVERYONE, anonymous=401)  # logged in, no client data (OPTIONS: the description of an endpoint)


def note(w):
    return {"text": "Vader vertelt over de ruzies.", "voice": "family"}


def note_entry(w):
    """A professional's note on the world case's timeline (made once), to share with the family."""
    from samenplan.cases import actions as case_actions
    from samenplan.cases.models import DossierEntry, EntryKind

    found = DossierEntry.objects.filter(case=w.case, kind=EntryKind.NOTE).order_by("pk").first()
    return found or case_actions.do_add_note(w.caseworker, _case(w), text="Intern overleg.", voice="professional")


def phase(w):
    # During the intake the free phase form only closes the case (the steps move it on), with a reason.
    return {"phase": "closed", "note": "Het gezin stopt.", "version": _case(w).version}


def workers(w):
    # The same people again: the request does its work without changing who may do what.
    return {"caseworker": w.caseworker.pk, "coworkers": [w.coworker.pk], "version": _case(w).version}


def registration(w):
    return {
        "family_name": "De Wit",
        "registered_by": "family",
        "reason": "Hulp bij opvoeding",
        "opened_on": "2026-11-01",
        "team": w.north.pk,
        "caseworker": w.caseworker.pk,
    }


def member(w):
    """The first member (the mother) as she is, with the version the form last read; also valid as a new one."""
    return {
        "given_name": "Sanne",
        "family_name": "Jansen",
        "role": "parent",
        "has_custody": "true",
        "date_of_birth": "1988-03-14",
        "version": _member(w).version,
    }


def member_json(w):
    return {**member(w), "has_custody": True}


def consent_form(w):
    return {
        "recipient_name": "Huisarts Dekker", "recipient_kind": "person", "recipient_role": "gp",
        "purpose": "request_information", "data_kinds": ["health"], "benefit": "Zo is het beeld compleet.",
        "givers": [m.pk for m in w.case.family.members.all()], "given_on": "2026-11-01",
    }  # fmt: skip


def consent_json(w):
    return {
        "recipient": {"name": "Jeugdarts Van Dam", "kind": "person", "role": "youth_health"},
        "purpose": "request_information", "data_kinds": ["development", "health"],
        "benefit": "Zo hoeft het gezin niet alles opnieuw te vertellen.",
        "givers": [m.pk for m in w.case.family.members.all()],
    }  # fmt: skip


def revocation(w):
    consent = consent_of(w)
    return {"revoked_by": w.case.family.members.first().pk, "reason": "Liever niet meer.", "version": consent.version}


def information_request(w):
    return {
        "recipient": consent_of(w).recipient_id, "data_kinds": ["school"], "question": "Hoe gaat het op school?",
        "reason": "Dan hoeft het gezin het niet opnieuw te vertellen.",
    }  # fmt: skip


def _parent_and_child(w):
    members = w.case.family.members.order_by("pk")
    return members.filter(role="parent").first(), members.filter(role="child").first()


def conversation_form(w):
    from tests.web.test_intake import conversation_data

    return conversation_data(w, *_parent_and_child(w), version=_case(w).version)


def clarification_form(w):
    from tests.web.test_intake import clarify_data

    return clarify_data(w, *_parent_and_child(w), version=_case(w).version)


def _clarified(w):
    """The route is decided after the question is clarified: clarify first (set-up, through the action)."""
    from samenplan.intake.actions import do_clarify

    case = _case(w)
    if not case.clarifications.exists():
        parent, child = _parent_and_child(w)
        questions = [
            {"member": parent, "help_question": "Hoe praten we weer rustig?", "problems": [{"description": "Ruzie", "burden": 7}]},  # noqa: E501
            {"member": child, "help_question": "Dat mama minder boos is.", "problems": [{"description": "Geschreeuw", "burden": 8}]},  # noqa: E501
        ]  # fmt: skip
        do_clarify(w.caseworker, case, participants=questions)
    return _case(w)


def route_form(w):
    case = _clarified(w)
    parent, child = _parent_and_child(w)
    return {
        "route": "light", "rationale": "Samen besloten: eerst zelf, met tips.",
        f"a{parent.pk}-agreement": "agrees", f"a{child.pk}-agreement": "partly", "version": case.version,
    }  # fmt: skip


def conversation_json(w):
    parent, child = _parent_and_child(w)
    return {
        "held_on": "2026-11-05", "place": "home", "members": [parent.pk, child.pk], "professionals": [],
        "steps": [{"step": 0, "notes": "Kennismaken."}, {"step": 2, "skipped": True, "skip_reason": "Niet nodig."}],
        "contributions": [{"step": 1, "speaker": child.pk, "text": "Ik wil dat het thuis rustiger is."}],
    }  # fmt: skip


def clarification_json(w):
    parent, child = _parent_and_child(w)
    return {
        "participants": [
            {"member": parent.pk, "help_question": "Hoe praten we weer rustig?", "problems": [{"description": "Ruzie", "burden": 7}]},  # noqa: E501
            {"member": child.pk, "help_question": "Dat mama minder boos is.", "problems": [{"description": "Geschreeuw", "burden": 8}]},  # noqa: E501
        ],
    }  # fmt: skip


def route_json(w):
    _clarified(w)
    parent, child = _parent_and_child(w)
    return {
        "route": "light", "rationale": "Samen besloten: eerst zelf, met tips.",
        "agreements": [{"member": parent.pk, "agreement": "agrees"}, {"member": child.pk, "agreement": "partly"}],
    }  # fmt: skip


def network_person(w):
    from tests.network.factories import a_network_member

    return a_network_member(w.caseworker, w.case)


def plan_part(w):
    from tests.network.factories import a_plan_part

    return a_plan_part(w.caseworker, w.case)


def own_strength_form(w):
    from samenplan.network.models import OwnStrength

    parent, child = _parent_and_child(w)
    versions = dict(OwnStrength.objects.filter(case=w.case).values_list("member_id", "version"))
    return {
        f"m{parent.pk}-tried": "Een weekrooster gemaakt.", f"m{parent.pk}-version": versions.get(parent.pk, 0),
        f"m{child.pk}-who_can_help": "Oma Ria.", f"m{child.pk}-version": versions.get(child.pk, 0),
    }  # fmt: skip


def own_strength_json(w):
    form = own_strength_form(w)
    parent, child = _parent_and_child(w)
    return {
        "answers": [
            {"member": parent.pk, "tried": "Een weekrooster gemaakt.", "version": form[f"m{parent.pk}-version"]},
            {"member": child.pk, "who_can_help": "Oma Ria.", "version": form[f"m{child.pk}-version"]},
        ]
    }


def network_form(w):
    from tests.network.factories import GRANDMOTHER

    return {**GRANDMOTHER, "version": network_person(w).version}


def network_json(w):
    return {k: v for k, v in network_form(w).items()}


def plan_form(w):
    """The next step of the world's family group plan, valid: offer it, or (once offered) the family declines."""
    from samenplan.network.actions import current_plan

    plan = current_plan(_case(w))
    if plan is None or plan.state == "declined":
        return {"step": "offer", "offered_on": "2026-11-02", "version": plan.version if plan else 0}
    return {"step": "decline", "answer": "decline", "answered_on": "2026-11-03", "version": plan.version,
            "family_reason": "Eerst zelf proberen."}  # fmt: skip


def take_part(w):
    part = plan_part(w)
    version = type(part.plan).objects.get(pk=part.plan_id).version
    return {"into": "network", "network_member": network_person(w).pk, "version": version}


def network_share_json(w):
    """A recipient with the family's consent to share the network (and contact details) for coordinating help."""
    from samenplan.consent.models import Recipient

    recipient = Recipient.objects.filter(case=w.case, name="Sportclub De Vliegers").first()
    if recipient is None:
        recipient = record_consent(
            w.caseworker, w.case, recipient_name="Sportclub De Vliegers", recipient_role="other",
            purpose="coordinate", data_kinds=["family_situation", "personal"],
        ).recipient  # fmt: skip
    return {"recipient": recipient.pk}


def goal_of(w):
    """The world case's first goal (made through the action the first time it is asked for)."""
    from samenplan.goals.actions import do_add_goal
    from samenplan.goals.models import Goal

    return Goal.objects.filter(case=w.case).order_by("pk").first() or do_add_goal(
        w.caseworker, w.case, words="Samen eten zonder ruzie"
    )


def _goal_order(w) -> list[int]:
    """The case's goals in order, two at least: a move needs a neighbour."""
    from samenplan.goals.actions import do_add_goal

    goal_of(w)
    if w.case.goals.count() < 2:
        do_add_goal(w.caseworker, w.case, words="Mees gaat elke dag naar school")
    return list(w.case.goals.order_by("position", "pk").values_list("pk", flat=True))


def move_form(w):
    order = _goal_order(w)  # the order as it is now: each allowed request really moves the last goal up
    return {"goal": order[-1], "direction": "up", "order": ",".join(map(str, order))}


def move_json(w):
    order = _goal_order(w)
    return {"goal": order[-1], "direction": "up", "order": order}


def goal_form(w):
    return {"words": "Elke ochtend op tijd de deur uit", "whose": "family", "term": "short"}


def goal_change_form(w):
    goal = type(goal_of(w)).objects.get(pk=goal_of(w).pk)
    return {"words": goal.words, "whose": "family", "term": "short", "status": "open", "version": goal.version}


def agreement_form(w):
    parent, child = _parent_and_child(w)
    return {f"m{parent.pk}-agreement": "yes", f"m{child.pk}-agreement": "partly", f"m{child.pk}-words": "Soms."}


def agreement_json(w):
    parent, child = _parent_and_child(w)
    return {
        "answers": [{"member": parent.pk, "agreement": "yes"}, {"member": child.pk, "agreement": "no", "words": "Nee."}]
    }


def score_form(w):
    parent, _child = _parent_and_child(w)
    return {"scorer": f"m{parent.pk}", "score": "4", "desired": "8", "scored_on": "2026-11-02"}


def score_json(w):
    return {"professional": w.caseworker.pk, "score": 5, "scored_on": "2026-11-02"}


def family_proposal(w):
    """The world case's first proposal of the family: a goal the parent proposed in the portal (made once)."""
    from samenplan.portal.actions_proposals import do_propose
    from samenplan.portal.models import FamilyAccount, Proposal

    found = Proposal.objects.filter(case=w.case).order_by("pk").first()
    if found is None:
        parent = w.persona("parent")
        member = FamilyAccount.objects.get(user=parent).member
        found = do_propose(parent, member, w.case, kind="goal", words="Samen eten zonder ruzie.")
    return found


def family_view(w):
    """The parent's own view of the world case's current coherent picture, with the version they read."""
    from samenplan.analysis.models import CoherentPicture

    picture = CoherentPicture.objects.filter(case=w.case, current=True).first()
    return {"agreement": "partly", "words": "Het klopt deels.", "version": picture.version if picture else 1}


def conversation_of(w):
    """A conversation of the world case, held two days ago with the whole family (made the first time)."""
    from datetime import timedelta

    from samenplan.intake.actions import do_record_conversation
    from samenplan.intake.models import Conversation

    return Conversation.objects.filter(case=w.case).order_by("pk").first() or do_record_conversation(
        w.caseworker, w.case, held_on=timezone.localdate() - timedelta(days=2), place="office",
        members=list(w.case.family.members.all()),
    )  # fmt: skip


def proposal_of(w):
    """A consent proposed on the world case, asked of the whole family (made the first time)."""
    from samenplan.consent.actions import do_propose_consent
    from samenplan.consent.models import ConsentProposal

    return ConsentProposal.objects.filter(case=w.case).order_by("pk").first() or do_propose_consent(
        w.caseworker, w.case, recipient_name="OBS De Regenboog", recipient_kind="organisation",
        recipient_role="school", purpose="request_information", data_kinds=["school"],
        benefit="Dan hoeft het gezin het niet opnieuw te vertellen.", asked=list(w.case.family.members.all()),
    )  # fmt: skip


def propose_form(w):
    return {k: v for k, v in consent_form(w).items() if k not in ("givers", "given_on")} | {
        "asked": [m.pk for m in w.case.family.members.all()]
    }


def plan_number(w) -> int:
    """The number of the world case's newest plan version (version 1 made the first time it is asked for)."""
    from tests.plans.factories import a_plan_version

    return a_plan_version(w.caseworker, w.case).number


def family_plan_form(w):
    """A change of the plan, started from the newest version (a second editor's save then meets the merge page)."""
    from samenplan.plans.services import version_number

    return {"based_on": version_number(w.case), "own_text": "We eten samen.", "own_voice": "family",
            "network_voice": "family", "safety_voice": "family", "aftercare_voice": "professional"}  # fmt: skip


def plan_merge_form(w):
    from samenplan.plans.forms import sign_content
    from tests.plans.factories import content

    number = plan_number(w)
    mine = content(own={"text": "Samengevoegd.", "voice": "family"})
    return {"based_on": number, "started_from": number, "mine": sign_content(mine), "reason": ""}


def plan_version_json(w):
    from samenplan.plans.services import version_number

    return {"based_on_version": version_number(w.case), "content": {"own": {"text": "We eten samen."}}}


def plan_agreement_form(w):
    parent, _child = _parent_and_child(w)
    plan_number(w)
    return {"member": parent.pk, "agreement": "yes", "words": "Zo is het goed."}


def miracle_form(w):
    parent, _child = _parent_and_child(w)
    return {f"m{parent.pk}-words": "Dan ontbijten we samen."}


def miracle_json(w):
    parent, _child = _parent_and_child(w)
    return {"answers": [{"member": parent.pk, "words": "Dan ontbijten we samen."}]}


def _technique_version(w, model):
    record = model.objects.filter(case=w.case).first()
    return record.version if record else ""


def drieluik_form(w):
    from samenplan.goals.models import Drieluik

    return {"nothing_changes": "Niets.", "wished": "Rust.", "what_we_do": "Samen eten.",
            "version": _technique_version(w, Drieluik)}  # fmt: skip


def drieluik_json(w):
    return {**drieluik_form(w), "version": drieluik_form(w)["version"] or None}


def _safety_concerns(w):
    """Signs of Safety applies after a clarification that found safety concerns (set-up, through the action)."""
    from samenplan.intake.actions import do_clarify

    case = _case(w)
    if not case.assessments.filter(safety="concerns").exists():
        parent, _child = _parent_and_child(w)
        do_clarify(w.caseworker, case, participants=[{"member": parent, "help_question": "Rust in huis."}],
                   assessment={"safety": "concerns", "safety_explanation": "Harde ruzies.", "safety_assessed_by": "Anna"})  # noqa: E501  # fmt: skip


def signs_form(w):
    from samenplan.goals.models import SignsOfSafety

    _safety_concerns(w)
    return {"worries": "Harde ruzies.", "goes_well": "Oma helpt.", "must_happen": "Geen ruzie waar Mees bij is.",
            "safety_score": "5", "version": _technique_version(w, SignsOfSafety)}  # fmt: skip


def signs_json(w):
    body = signs_form(w)
    return {**body, "safety_score": 5, "version": body["version"] or None}


ALL_METHODS = "GET HEAD OPTIONS POST PUT PATCH DELETE TRACE"
REDIRECTS = "GET HEAD OPTIONS POST PUT PATCH DELETE"  # Django's RedirectView
OWN_FAMILY = frozenset({"parent", "youth"})  # family accounts of world.case's family
ACCOUNT_FORM = "GET HEAD OPTIONS POST PUT"  # allauth's form views (Django's ProcessFormView answers PUT like POST)

ROWS: list[tuple[str, str, Rule]] = [
    ("", "GET HEAD", Rule(ALL)),  # a family account is sent on to the portal
    ("healthz", "GET", PUBLIC),
    # The language switch (portal/views_languages.py): everyone, also on the login page; a family member's choice is
    # stored on their Member (logged), a professional's only in the cookie. Answers with a redirect back.
    ("language/", "POST", Rule(ALL, anonymous=302, data=lambda w: {"language": "en", "next": "/"})),
    # django-allauth: logging in and out, passwords. A logged-in visitor of the login page goes on to the caseload.
    ("accounts/login/", ACCOUNT_FORM, PUBLIC),
    ("accounts/login/code/confirm/", ACCOUNT_FORM, Rule(ALL)),
    ("accounts/logout/", "GET HEAD POST", Rule(ALL, anonymous=302)),  # anonymous: to the start page
    ("accounts/logout/", "OPTIONS", PUBLIC),
    ("accounts/inactive/", "GET HEAD OPTIONS", PUBLIC),
    ("accounts/signup/", ACCOUNT_FORM, PUBLIC),  # closed: the adapter refuses every sign-up
    ("accounts/reauthenticate/", ACCOUNT_FORM, Rule(ALL)),
    ("accounts/email/", ACCOUNT_FORM, Rule(ALL)),
    ("accounts/confirm-email/", "GET HEAD OPTIONS", PUBLIC),
    ("accounts/confirm-email/(?P<key>[-:\\w]+)/$", "GET HEAD OPTIONS", PUBLIC),
    ("accounts/confirm-email/(?P<key>[-:\\w]+)/$", "POST", Rule(frozenset(), anonymous=404)),  # unknown key
    ("accounts/password/change/", ACCOUNT_FORM, Rule(ALL)),
    ("accounts/password/set/", ACCOUNT_FORM, Rule(ALL)),
    ("accounts/password/reset/", ACCOUNT_FORM, PUBLIC),
    ("accounts/password/reset/done/", "GET HEAD OPTIONS", PUBLIC),
    ("accounts/password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$", ACCOUNT_FORM, PUBLIC),
    ("accounts/password/reset/key/done/", "GET HEAD OPTIONS", PUBLIC),
    # django-allauth socialaccount (the families' DigiD login, portal/oidc.py). Unconfigured here: the provider's
    # routes answer 404 (tests/portal/test_oidc.py runs them against a real provider). The connections page lists
    # the user's own linked identity; the error page answers 401; the old /social/ paths redirect.
    ("accounts/3rdparty/", ACCOUNT_FORM, Rule(ALL)),
    ("accounts/3rdparty/login/cancelled/", "GET HEAD OPTIONS", PUBLIC),
    ("accounts/3rdparty/login/error/", "GET HEAD", Rule(frozenset(), others=401, family=401, anonymous=401)),
    ("accounts/3rdparty/login/error/", "OPTIONS", PUBLIC),
    ("accounts/3rdparty/signup/", ACCOUNT_FORM, Rule(ALL)),  # closed: to the login page
    ("accounts/oidc/(?P<provider_id>[^/]+)/login/", ALL_METHODS, Rule(frozenset(), anonymous=404)),
    ("accounts/oidc/(?P<provider_id>[^/]+)/login/callback/", ALL_METHODS, Rule(frozenset(), anonymous=404)),
    ("accounts/social/connections/", REDIRECTS, Rule(ALL, anonymous=301)),
    ("accounts/social/login/cancelled/", REDIRECTS, Rule(ALL, anonymous=301)),
    ("accounts/social/login/error/", REDIRECTS, Rule(ALL, anonymous=301)),
    ("accounts/social/signup/", REDIRECTS, Rule(ALL, anonymous=301)),
    # django-allauth MFA: each user manages their own second factor, no client data. Changing or removing a
    # security key first asks for the password again; someone else's key is 404 (tests/accounts/test_mfa_manage.py).
    ("accounts/2fa/", "GET HEAD OPTIONS", Rule(ALL)),
    ("accounts/2fa/authenticate/", "GET HEAD OPTIONS POST", Rule(ALL)),
    ("accounts/2fa/reauthenticate/", ACCOUNT_FORM, Rule(ALL)),
    # The family personas have no second factor (they may, not must): allauth answers 404 for what needs one.
    ("accounts/2fa/recovery-codes/", "GET HEAD", Rule(EVERYONE)),
    ("accounts/2fa/recovery-codes/", "OPTIONS", Rule(ALL)),
    ("accounts/2fa/recovery-codes/download/", "GET HEAD OPTIONS", Rule(EVERYONE)),
    ("accounts/2fa/recovery-codes/generate/", ACCOUNT_FORM, Rule(ALL)),
    ("accounts/2fa/totp/activate/", ACCOUNT_FORM, Rule(ALL)),
    ("accounts/2fa/totp/deactivate/", ACCOUNT_FORM, Rule(EVERYONE)),
    ("accounts/2fa/webauthn/", "GET HEAD OPTIONS", Rule(ALL)),
    ("accounts/2fa/webauthn/add/", ACCOUNT_FORM, Rule(ALL)),
    ("accounts/2fa/webauthn/reauthenticate/", ACCOUNT_FORM, Rule(ALL)),
    ("accounts/2fa/webauthn/keys/<int:pk>/edit/", ACCOUNT_FORM, Rule(ALL)),
    ("accounts/2fa/webauthn/keys/<int:pk>/remove/", "GET HEAD OPTIONS POST DELETE", Rule(ALL)),
    # The caseload: everyone logged in has one; what it lists is filtered per user (tested in tests/web).
    ("cases/", "GET HEAD", Rule(EVERYONE)),
    # The dashboard (caseload/): everyone logged in has one over their own cases; the team view is for team leads.
    ("caseload/", "GET HEAD", Rule(EVERYONE)),
    ("caseload/team/", "GET HEAD", Rule(TEAM_LEADS, others=403)),
    # The outcome figures of the teams a user leads (aggregates only): team leads; others 403.
    ("caseload/team/outcomes/", "GET HEAD", Rule(TEAM_LEADS, others=403)),
    # How families rate their conversations, per team a user leads (aggregates only, from 10 answers): others 403.
    ("caseload/team/conversation-ratings/", "GET HEAD", Rule(TEAM_LEADS, others=403)),
    # The family portal: only family accounts; a professional gets 404. Inviting is the case's editors' work.
    ("portal/", "GET HEAD", Rule(FAMILY)),
    ("portal/invitation/<str:link>/", "GET HEAD POST", Rule(frozenset(), anonymous=404)),
    ("portal/invitation/<str:link>/oidc/", "POST", Rule(frozenset(), anonymous=404)),
    # The family's own pages: every family account sees its own family's (another family's ids: 404).
    ("portal/goals/", "GET HEAD", Rule(FAMILY)),
    ("portal/goals/own-part/", "POST", Rule(frozenset({"youth", "other_youth"}), data=lambda w: {"shares": "on"})),
    ("portal/goals/<int:goal_id>/score/", "GET HEAD", Rule(OWN_FAMILY)),
    ("portal/goals/<int:goal_id>/score/", "POST", Rule(OWN_FAMILY, data=lambda w: {"score": "5"})),
    ("portal/consents/", "GET HEAD", Rule(FAMILY)),
    ("portal/consents/<int:consent_id>/revoke/", "GET HEAD", Rule(OWN_FAMILY)),
    (
        "portal/consents/<int:consent_id>/revoke/",
        "POST",
        Rule(OWN_FAMILY, data=lambda w: {"reason": "Liever niet meer.", "version": consent_of(w).version}),
    ),
    ("portal/access-log/", "GET HEAD", Rule(FAMILY)),
    # The family's plan: every family account reads its own family's (none yet: a kind sentence); the ones asked
    # answer it; versions and the PDF only of their own family's plan (another family's numbers: 404).
    ("portal/plan/", "GET HEAD", Rule(FAMILY, data=lambda w: (plan_number(w), {})[1])),
    ("portal/plan/agreement/", "POST", Rule(OWN_FAMILY, data=lambda w: (plan_number(w), {"agreement": "yes"})[1])),
    ("portal/plan/versions/<int:number>/", "GET HEAD", Rule(OWN_FAMILY)),
    ("portal/plan/pdf/", "GET HEAD", Rule(OWN_FAMILY, data=lambda w: (plan_number(w), {})[1])),
    # Read-aloud made on the server: a block of the member's own pages (the goals section of their family's plan;
    # another family has no plan: 404). The page's own view decides what may be read.
    ("portal/read-aloud/<str:block>/", "GET HEAD", Rule(OWN_FAMILY)),
    # What the family sees (portal/views_see.py): every family account its own family's (another family: its own).
    ("portal/network/", "GET HEAD", Rule(FAMILY)),
    ("portal/route/", "GET HEAD", Rule(FAMILY)),
    ("portal/explained/", "GET HEAD", Rule(FAMILY)),
    ("portal/safety/", "GET HEAD", Rule(FAMILY)),
    ("portal/notes/", "GET HEAD", Rule(FAMILY)),
    # Sharing a note with the family (or taking it back): the case's editors.
    (
        "cases/entries/<int:entry_id>/share/",
        "POST",
        Rule(EDITORS, forbidden=READERS - EDITORS, data=lambda w: {"shared": "on"}),
    ),
    # The family's proposals in its own words and its view of the coherent picture (portal/views_proposals.py):
    # every family account proposes for its own family's open case; the picture is only world.case's.
    ("portal/proposals/", "GET HEAD", Rule(FAMILY)),
    ("portal/proposals/new/<str:kind>/", "GET HEAD", Rule(FAMILY)),
    ("portal/proposals/new/<str:kind>/", "POST", Rule(FAMILY, data=lambda w: {"words": "Samen eten."})),
    ("portal/picture/", "GET HEAD", Rule(FAMILY)),
    ("portal/picture/", "POST", Rule(OWN_FAMILY, data=family_view)),
    # The caseworker's answer to a proposal; "seen" for what the family wrote.
    ("cases/<int:case_id>/family-proposals/", "GET HEAD", Rule(READERS)),
    (
        "cases/<int:case_id>/family-proposals/<int:proposal_id>/take/",
        "POST",
        Rule(EDITORS, forbidden=READERS - EDITORS, data=lambda w: {"version": family_proposal(w).version}),
    ),
    ("cases/<int:case_id>/family-proposals/<int:proposal_id>/decline/", "GET HEAD", Rule(READERS)),
    (
        "cases/<int:case_id>/family-proposals/<int:proposal_id>/decline/",
        "POST",
        Rule(
            EDITORS,
            forbidden=READERS - EDITORS,
            data=lambda w: {"reason": "Staat al in doel 1.", "version": family_proposal(w).version},
        ),
    ),
    (
        "cases/<int:case_id>/family-input/seen/",
        "POST",
        Rule(EDITORS, forbidden=READERS - EDITORS, data=lambda w: {"up_to": 2**40}),
    ),
    # The options for help in the portal: every family account reads its own family's (another family: none);
    # an option of it, a reaction and a preference only in the own family (another family's ids: 404).
    ("portal/options/", "GET HEAD", Rule(FAMILY, data=lambda w: (dm.options_of(w), {})[1])),
    ("portal/options/<int:option_id>/", "GET HEAD", Rule(OWN_FAMILY)),
    ("portal/options/<int:option_id>/", "POST", Rule(OWN_FAMILY, data=dm.portal_reaction_form)),
    ("portal/options/preference/", "GET HEAD", Rule(OWN_FAMILY, data=lambda w: (dm.options_of(w), {})[1])),
    ("portal/options/preference/", "POST", Rule(OWN_FAMILY, data=dm.portal_preference_form)),
    # Questionnaires asked of a family member: the list of their own for every family account; one of them only
    # for the member it was asked of (the parent, another family: 404). The case's editors ask.
    ("portal/questionnaires/", "GET HEAD", Rule(FAMILY, data=lambda w: (pq.assignment_of(w), {})[1])),
    ("portal/questionnaires/<int:assignment_id>/", "GET HEAD", Rule(frozenset({"youth"}))),
    ("portal/questionnaires/<int:assignment_id>/", "POST", Rule(frozenset({"youth"}), data=pq.answers_form)),
    ("cases/<int:case_id>/questionnaires/assign/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/questionnaires/assign/", "POST", Rule(EDITORS, forbidden=READERS, data=pq.assign_form)),
    ("cases/<int:case_id>/portal-invitation/", "GET HEAD", Rule(READERS)),
    (
        "cases/<int:case_id>/portal-invitation/",
        "POST",
        Rule(EDITORS, forbidden=READERS - EDITORS, data=lambda w: {"member": _member(w).pk, "email": "s@example.org"}),
    ),
    # Rating a conversation: the list is every family account's own; a conversation of their own family they took
    # part in (world.case's: the whole family) they rate once (another family's ids: 404).
    ("portal/conversations/", "GET HEAD", Rule(FAMILY)),
    ("portal/conversations/<int:conversation_id>/rate/", "GET HEAD", Rule(OWN_FAMILY)),
    (
        "portal/conversations/<int:conversation_id>/rate/",
        "POST",
        Rule(OWN_FAMILY, data=lambda w: {"understand": "8", "listen": "9", "include": "7", "comment": "Goed."}),
    ),
    # Giving a proposed consent (asked of the whole world.case family) and limiting a consent one gave.
    ("portal/consents/proposals/<int:consent_proposal_id>/give/", "GET HEAD", Rule(OWN_FAMILY)),
    (
        "portal/consents/proposals/<int:consent_proposal_id>/give/",
        "POST",
        Rule(OWN_FAMILY, data=lambda w: {"agree": "on"}),
    ),
    ("portal/consents/<int:consent_id>/limit/", "GET HEAD", Rule(OWN_FAMILY)),
    (
        "portal/consents/<int:consent_id>/limit/",
        "POST",
        Rule(
            OWN_FAMILY, data=lambda w: {"data_kinds": ["school"], "reason": "Minder.", "version": consent_of(w).version}
        ),
    ),
    # Downloading one's own data: every family account, its own data only (nothing to name: no ids).
    ("portal/own-data/", "GET HEAD", Rule(FAMILY)),
    ("portal/own-data/json/", "GET HEAD", Rule(FAMILY)),
    ("portal/own-data/pdf/", "GET HEAD", Rule(FAMILY)),
    ("cases/<int:case_id>/", "GET HEAD", Rule(READERS)),
    ("cases/<int:case_id>/notes/", "POST", Rule(EDITORS, forbidden=READERS - EDITORS, data=note)),
    ("cases/<int:case_id>/phase/", "POST", Rule(EDITORS, forbidden=READERS - EDITORS, data=phase)),
    ("cases/<int:case_id>/workers/", "GET", Rule(EDITORS | {"team_lead"}, forbidden=READERS)),
    ("cases/<int:case_id>/workers/", "POST", Rule(EDITORS | {"team_lead"}, forbidden=READERS, data=workers)),
    ("families/new/", "GET", Rule(REGISTRARS, others=403)),
    ("families/new/", "POST", Rule(REGISTRARS, others=403, data=registration)),
    ("families/<int:family_id>/members/new/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("families/<int:family_id>/members/new/", "POST", Rule(EDITORS, forbidden=READERS, data=member)),
    ("members/<int:member_id>/edit/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("members/<int:member_id>/edit/", "POST", Rule(EDITORS, forbidden=READERS, data=member)),
    ("access-log/", "GET HEAD", Rule(TEAM_LEADS, others=403)),
    # Ending a user's sessions and API tokens: a team lead for their teams' members, an administrator in the
    # organisation. The list is refused (403) to others; a user one may not manage is 404.
    ("users/", "GET", Rule(TEAM_LEADS | {"administrator"}, others=403)),
    ("users/<int:user_id>/end-sessions/", "POST", Rule(frozenset({"team_lead", "administrator"}))),
    # The administrator's pages (administration/): only administrators, in their own organisation; no client data.
    ("administration/", "GET", Rule(ADMINISTRATORS, others=403)),
    ("administration/", "POST", Rule(ADMINISTRATORS, others=403, data=lambda w: {"name": "Rivierstad"})),
    ("administration/teams/", "GET", Rule(ADMINISTRATORS, others=403)),
    ("administration/teams/", "POST", Rule(ADMINISTRATORS, others=403, data=lambda w: {"name": "Wijkteam Oost"})),
    ("administration/teams/<int:team_id>/", "GET", Rule(ADMINISTRATORS, others=403)),
    ("administration/teams/<int:team_id>/", "POST", Rule(ADMINISTRATORS, others=403, data=lambda w: {"name": "Zuid"})),
    (
        "administration/teams/<int:team_id>/archive/",
        "POST",
        Rule(ADMINISTRATORS, others=403, data=lambda w: {"archived": "1"}),
    ),
    ("administration/teams/<int:team_id>/delete/", "POST", Rule(ADMINISTRATORS, others=403)),
    ("administration/people/", "GET HEAD", Rule(ADMINISTRATORS, others=403)),
    ("administration/people/invite/", "GET", Rule(ADMINISTRATORS, others=403)),
    ("administration/people/invite/", "POST", Rule(ADMINISTRATORS, others=403, data=invitation_form)),
    ("administration/people/<int:user_id>/", "GET HEAD", Rule(ADMINISTRATORS, others=403)),
    (
        "administration/people/<int:user_id>/roles/",
        "POST",
        Rule(ADMINISTRATORS, others=403, data=lambda w: {"team": w.north.pk, "role": "behavioural_scientist"}),
    ),
    (
        "administration/people/<int:user_id>/roles/revoke/",
        "POST",
        Rule(ADMINISTRATORS, others=403, data=lambda w: {"team": w.north.pk, "role": "professional"}),
    ),
    (
        "administration/people/<int:user_id>/active/",
        "POST",
        Rule(ADMINISTRATORS, others=403, data=lambda w: {"active": "0"}),
    ),
    ("administration/people/<int:user_id>/reinvite/", "POST", Rule(ADMINISTRATORS, others=403)),
    ("administration/settings/", "GET", Rule(ADMINISTRATORS, others=403)),
    ("administration/settings/", "POST", Rule(ADMINISTRATORS, others=403, data=organisation_settings)),
    ("administration/severity-scale/", "GET", Rule(ADMINISTRATORS, others=403)),
    ("administration/severity-scale/", "POST", Rule(ADMINISTRATORS, others=403, data=severity_scale_form)),
    # The invitation link: anyone who has it sets the invited person's password, once (then 410 Gone).
    ("invitations/<str:token>/", "GET", Rule(EVERYONE, anonymous=200)),
    ("invitations/<str:token>/", "POST", Rule(EVERYONE, anonymous=410, data=lambda w: NEW_PASSWORD)),
    # The team lead's overview: of a team they lead (another team's is 404); the entry redirects to it.
    ("overview/", "GET HEAD", Rule(TEAM_LEADS, others=403)),
    ("teams/<int:team_id>/overview/", "GET HEAD", Rule(frozenset({"south_lead"}))),
    # The team's tables (tables/): the administrator sets them up; the case's workers or the team lead put a case on
    # the agenda; the team lead and the table's members see the agenda and record the outcome.
    ("administration/teams/<int:team_id>/tables/", "GET", Rule(ADMINISTRATORS, others=403)),
    ("administration/teams/<int:team_id>/tables/", "POST", Rule(ADMINISTRATORS, others=403, data=table_form)),
    ("cases/<int:case_id>/tables/", "GET", Rule(EDITORS | {"team_lead"}, forbidden=READERS)),
    ("cases/<int:case_id>/tables/", "POST", Rule(EDITORS | {"team_lead"}, forbidden=READERS, data=agenda_form)),
    ("tables/<int:table_id>/", "GET HEAD", Rule(frozenset({"team_lead", "scientist"}))),
    (
        "agenda-items/<int:item_id>/outcome/",
        "POST",
        Rule(
            frozenset({"team_lead", "scientist"}),
            data=lambda w: {"outcome": "Lichte hulp.", "version": agenda_item(w).version},
        ),
    ),
    # Warm handover (handover/): the case's workers or team lead ask; the receiving team's lead decides.
    ("cases/<int:case_id>/handover/", "GET", Rule(EDITORS | {"team_lead"}, forbidden=READERS)),
    (
        "cases/<int:case_id>/handover/",
        "POST",
        Rule(EDITORS | {"team_lead"}, forbidden=READERS, data=lambda w: {"to_team": w.south.pk, "reason": "Verhuisd."}),
    ),
    ("handovers/", "GET HEAD", Rule(TEAM_LEADS, others=403)),
    (
        "handovers/<int:handover_id>/decide/",
        "POST",
        Rule(
            frozenset({"south_lead"}),
            data=lambda w: {"decision": "decline", "note": "Geen plek.", "version": handover_to_south(w).version},
        ),
    ),
    # The intake steps (intake/): the case's workers record them; readers of the case may see it, not record.
    ("cases/<int:case_id>/conversations/new/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/conversations/new/", "POST", Rule(EDITORS, forbidden=READERS, data=conversation_form)),
    ("cases/<int:case_id>/clarification/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/clarification/", "POST", Rule(EDITORS, forbidden=READERS, data=clarification_form)),
    ("cases/<int:case_id>/route/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/route/", "POST", Rule(EDITORS, forbidden=READERS, data=route_form)),
    # The goals step (goals/): readers of the case see it; the case's workers record it.
    ("cases/<int:case_id>/goals/", "GET HEAD", Rule(READERS)),
    ("cases/<int:case_id>/goals/agreement/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/goals/agreement/", "POST", Rule(EDITORS, forbidden=READERS, data=agreement_form)),
    ("cases/<int:case_id>/goals/new/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/goals/new/", "POST", Rule(EDITORS, forbidden=READERS, data=goal_form)),
    ("cases/<int:case_id>/goals/order/", "POST", Rule(EDITORS, forbidden=READERS, data=move_form)),
    ("cases/<int:case_id>/goals/miracle-question/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/goals/miracle-question/", "POST", Rule(EDITORS, forbidden=READERS, data=miracle_form)),
    ("cases/<int:case_id>/goals/drieluik/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/goals/drieluik/", "POST", Rule(EDITORS, forbidden=READERS, data=drieluik_form)),
    ("cases/<int:case_id>/goals/signs-of-safety/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/goals/signs-of-safety/", "POST", Rule(EDITORS, forbidden=READERS, data=signs_form)),
    ("goals/<int:goal_id>/edit/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("goals/<int:goal_id>/edit/", "POST", Rule(EDITORS, forbidden=READERS, data=goal_change_form)),
    ("goals/<int:goal_id>/scores/new/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("goals/<int:goal_id>/scores/new/", "POST", Rule(EDITORS, forbidden=READERS, data=score_form)),
    # The family plan (plans/): readers of the case see it, compare versions and take the PDF; the workers change it.
    ("cases/<int:case_id>/plan/", "GET HEAD", Rule(READERS)),
    ("cases/<int:case_id>/plan/edit/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/plan/edit/", "POST", Rule(EDITORS, forbidden=READERS, data=family_plan_form)),
    ("cases/<int:case_id>/plan/merge/", "POST", Rule(EDITORS, forbidden=READERS, data=plan_merge_form)),
    ("cases/<int:case_id>/plan/compare/", "GET HEAD", Rule(READERS)),
    ("cases/<int:case_id>/plan/agreement/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/plan/agreement/", "POST", Rule(EDITORS, forbidden=READERS, data=plan_agreement_form)),
    ("cases/<int:case_id>/plan/pdf/", "GET HEAD", Rule(READERS)),
    # The family's rights (privacy/): retention, requests for destruction, the export for inspection.
    ("families/<int:family_id>/privacy/", "GET", Rule(EDITORS | {"team_lead"}, forbidden=READERS)),
    ("families/<int:family_id>/destruction-requests/new/", "GET", Rule(EDITORS | {"team_lead"}, forbidden=READERS)),
    (
        "families/<int:family_id>/destruction-requests/new/",
        "POST",
        Rule(EDITORS | {"team_lead"}, forbidden=READERS, data=destruction_form),
    ),
    ("destruction-requests/", "GET", Rule(EVERYONE)),  # what it lists is filtered per user (tests/privacy)
    ("destruction-requests/<int:request_id>/", "GET", Rule(EDITORS | {"team_lead"})),
    ("destruction-requests/<int:request_id>/decide/", "GET", Rule(frozenset({"team_lead"}), forbidden=EDITORS)),
    (
        "destruction-requests/<int:request_id>/decide/",
        "POST",
        Rule(frozenset({"team_lead"}), forbidden=EDITORS, data=decision_form),
    ),
    ("members/<int:member_id>/export/", "GET", Rule(EDITORS | {"team_lead"}, forbidden=READERS)),
    # Emergency access (emergency/): professionals open a case with a reason; team leads review.
    ("emergency/", "GET", Rule(PROFESSIONALS, others=403)),
    ("emergency/", "POST", Rule(PROFESSIONALS, others=403, data=emergency_form)),  # 422 for who may not open it
    ("emergency/review/", "GET", Rule(TEAM_LEADS, others=403)),  # what it lists is filtered per team lead
    ("emergency/<int:grant_id>/review/", "POST", Rule(frozenset({"team_lead"}), data=lambda w: {"review_note": "Ok."})),
    # Consent (DOMAIN §6): follows its case; the caseworker and co-workers record, revoke and ask.
    ("cases/<int:case_id>/consents/new/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/consents/new/", "POST", Rule(EDITORS, forbidden=READERS, data=consent_form)),
    ("cases/<int:case_id>/consents/propose/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/consents/propose/", "POST", Rule(EDITORS, forbidden=READERS, data=propose_form)),
    ("consents/<int:consent_id>/revoke/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("consents/<int:consent_id>/revoke/", "POST", Rule(EDITORS, forbidden=READERS, data=revocation)),
    ("cases/<int:case_id>/information-requests/new/", "GET", Rule(EDITORS, forbidden=READERS)),
    (
        "cases/<int:case_id>/information-requests/new/",
        "POST",
        Rule(EDITORS, forbidden=READERS, data=information_request),
    ),
    # The analysis (analysis/): readers of the case see it (the consulted scientist too); the workers record.
    ("cases/<int:case_id>/analysis/", "GET", Rule(READERS)),
    ("cases/<int:case_id>/analysis/circumstances/new/", "GET", Rule(EDITORS, forbidden=READERS)),
    (
        "cases/<int:case_id>/analysis/circumstances/new/",
        "POST",
        Rule(EDITORS, forbidden=READERS, data=circumstance_form),
    ),
    ("cases/<int:case_id>/analysis/questions/new/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/analysis/questions/new/", "POST", Rule(EDITORS, forbidden=READERS, data=question_form)),
    ("cases/<int:case_id>/analysis/picture/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/analysis/picture/", "POST", Rule(EDITORS, forbidden=READERS, data=picture_form)),
    ("cases/<int:case_id>/analysis/picture/share/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/analysis/picture/share/", "POST", Rule(EDITORS, forbidden=READERS, data=share_form)),
    (
        "cases/<int:case_id>/analysis/picture/finalise/",
        "POST",
        Rule(EDITORS, forbidden=READERS, data=version_of_picture),
    ),
    # Only a team lead of the case's team records that no consultation is needed.
    ("cases/<int:case_id>/analysis/picture/override/", "GET", Rule(frozenset({"team_lead"}), forbidden=READERS)),
    (
        "cases/<int:case_id>/analysis/picture/override/",
        "POST",
        Rule(frozenset({"team_lead"}), forbidden=READERS, data=override_data),
    ),
    ("cases/<int:case_id>/analysis/psycho-education/new/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/analysis/psycho-education/new/", "POST", Rule(EDITORS, forbidden=READERS, data=psycho_form)),
    ("cases/<int:case_id>/analysis/skip/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/analysis/skip/", "POST", Rule(EDITORS, forbidden=READERS, data=skip_data)),
    ("cases/<int:case_id>/consultations/new/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/consultations/new/", "POST", Rule(EDITORS, forbidden=READERS, data=consultation_form)),
    # The scientist's queue lists their own open requests (empty for everyone else); only they answer.
    ("consultations/", "GET", Rule(EVERYONE)),
    ("consultations/<int:consultation_id>/", "GET", Rule(CONSULTED, forbidden=READERS)),
    ("consultations/<int:consultation_id>/", "POST", Rule(CONSULTED, forbidden=READERS, data=answer_data)),
    # Instruments (instruments/): every user of an organisation sees the questionnaires it may use; an
    # administrator loads definitions; administrations follow their case.
    ("instruments/", "GET HEAD", Rule(EVERYONE)),
    ("instruments/<int:definition_id>/", "GET HEAD", Rule(EVERYONE)),  # a shipped one: every organisation's
    ("instruments/load/", "GET", Rule(frozenset({"administrator"}), others=403)),
    ("instruments/load/", "POST", Rule(frozenset({"administrator"}), others=403, data=definition_upload)),
    ("cases/<int:case_id>/administrations/new/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/administrations/new/", "POST", Rule(EDITORS, forbidden=READERS, data=administration_form)),
    ("administrations/<int:administration_id>/", "GET HEAD", Rule(READERS)),
    # Own strength, the network and the family group plan (network/): follow their case.
    ("cases/<int:case_id>/network/", "GET HEAD", Rule(READERS)),
    ("cases/<int:case_id>/own-strength/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/own-strength/", "POST", Rule(EDITORS, forbidden=READERS, data=own_strength_form)),
    ("cases/<int:case_id>/network/new/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/network/new/", "POST", Rule(EDITORS, forbidden=READERS, data=network_form)),
    ("network-members/<int:network_member_id>/edit/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("network-members/<int:network_member_id>/edit/", "POST", Rule(EDITORS, forbidden=READERS, data=network_form)),
    ("cases/<int:case_id>/family-group-plan/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/family-group-plan/", "POST", Rule(EDITORS, forbidden=READERS, data=plan_form)),
    ("plan-parts/<int:part_id>/take/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("plan-parts/<int:part_id>/take/", "POST", Rule(EDITORS, forbidden=READERS, data=take_part)),
    ("cases/<int:case_id>/network/share/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/network/share/", "POST", Rule(EDITORS, forbidden=READERS, data=network_share_json)),
    # The JSON API: the same predicates; anonymous callers get 401.
    ("api/v1/openapi.json", "GET HEAD OPTIONS", Rule(EVERYONE, anonymous=200)),
    ("api/v1/me/", "GET OPTIONS", API_PUBLIC),
    ("api/v1/families/", "GET HEAD OPTIONS", Rule(EVERYONE, anonymous=401)),
    ("api/v1/families/", "POST", Rule(REGISTRARS, others=403, anonymous=401, data=registration)),
    ("api/v1/families/<int:family_id>/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/families/<int:family_id>/", "OPTIONS", API_PUBLIC),
    ("api/v1/families/<int:family_id>/members/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/families/<int:family_id>/members/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/families/<int:family_id>/members/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=member_json),
    ),
    ("api/v1/members/<int:member_id>/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/members/<int:member_id>/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/members/<int:member_id>/export/",
        "GET HEAD",
        Rule(EDITORS | {"team_lead"}, forbidden=READERS, anonymous=401),
    ),
    ("api/v1/members/<int:member_id>/export/", "OPTIONS", API_PUBLIC),
    ("api/v1/members/<int:member_id>/", "PATCH", Rule(EDITORS, forbidden=READERS, anonymous=401, data=member_json)),
    ("api/v1/cases/", "GET HEAD", Rule(EVERYONE, anonymous=401)),
    ("api/v1/cases/", "OPTIONS", API_PUBLIC),
    ("api/v1/cases/<int:case_id>/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/cases/<int:case_id>/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/phase/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=lambda w: {**phase(w), "target": "closed"}),
    ),
    ("api/v1/cases/<int:case_id>/phase/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/workers/",
        "POST",
        Rule(EDITORS | {"team_lead"}, forbidden=READERS, anonymous=401, data=workers),
    ),
    ("api/v1/cases/<int:case_id>/workers/", "OPTIONS", API_PUBLIC),
    ("api/v1/cases/<int:case_id>/entries/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/cases/<int:case_id>/entries/", "OPTIONS", API_PUBLIC),
    ("api/v1/cases/<int:case_id>/entries/", "POST", Rule(EDITORS, forbidden=READERS, anonymous=401, data=note)),
    ("api/v1/cases/<int:case_id>/conversations/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/cases/<int:case_id>/conversations/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/conversations/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=conversation_json),
    ),
    ("api/v1/cases/<int:case_id>/clarifications/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/cases/<int:case_id>/clarifications/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/clarifications/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=clarification_json),
    ),
    ("api/v1/cases/<int:case_id>/route/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/cases/<int:case_id>/route/", "OPTIONS", API_PUBLIC),
    ("api/v1/cases/<int:case_id>/route/", "POST", Rule(EDITORS, forbidden=READERS, anonymous=401, data=route_json)),
    ("api/v1/severity-levels/", "GET HEAD OPTIONS", API_PUBLIC),
    ("api/v1/instruments/", "GET HEAD OPTIONS", API_PUBLIC),
    ("api/v1/cases/<int:case_id>/administrations/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/cases/<int:case_id>/administrations/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/administrations/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=administration_json),
    ),
    # The administration's API: administrators only (403 for other users, 401 anonymous); the overview: its lead.
    ("api/v1/administration/teams/", "GET HEAD", Rule(ADMINISTRATORS, others=403, anonymous=401)),
    (
        "api/v1/administration/teams/",
        "POST",
        Rule(ADMINISTRATORS, others=403, anonymous=401, data=lambda w: {"name": "Wijkteam West"}),
    ),
    ("api/v1/administration/teams/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/administration/teams/<int:team_id>/",
        "PATCH",
        Rule(ADMINISTRATORS, others=403, anonymous=401, data=lambda w: {"name": "Zuid", "archived": False}),
    ),
    ("api/v1/administration/teams/<int:team_id>/", "OPTIONS", API_PUBLIC),
    ("api/v1/administration/people/", "GET HEAD", Rule(ADMINISTRATORS, others=403, anonymous=401)),
    ("api/v1/administration/people/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/administration/people/<int:user_id>/roles/",
        "POST",
        Rule(ADMINISTRATORS, others=403, anonymous=401, data=lambda w: {"team": w.south.pk, "role": "professional"}),
    ),
    ("api/v1/administration/people/<int:user_id>/roles/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/administration/people/<int:user_id>/active/",
        "POST",
        Rule(ADMINISTRATORS, others=403, anonymous=401, data=lambda w: {"active": False}),
    ),
    ("api/v1/administration/people/<int:user_id>/active/", "OPTIONS", API_PUBLIC),
    ("api/v1/administration/settings/", "GET HEAD", Rule(ADMINISTRATORS, others=403, anonymous=401)),
    (
        "api/v1/administration/settings/",
        "PUT",
        Rule(ADMINISTRATORS, others=403, anonymous=401, data=organisation_settings),
    ),
    ("api/v1/administration/settings/", "OPTIONS", API_PUBLIC),
    ("api/v1/teams/<int:team_id>/overview/", "GET HEAD", Rule(frozenset({"south_lead"}), anonymous=401)),
    ("api/v1/teams/<int:team_id>/overview/", "OPTIONS", API_PUBLIC),
    ("api/v1/teams/<int:team_id>/outcomes/", "GET HEAD", Rule(frozenset({"south_lead"}), anonymous=401)),
    ("api/v1/teams/<int:team_id>/outcomes/", "OPTIONS", API_PUBLIC),
    ("api/v1/teams/<int:team_id>/conversation-ratings/", "GET HEAD", Rule(frozenset({"south_lead"}), anonymous=401)),
    ("api/v1/teams/<int:team_id>/conversation-ratings/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/agenda/",
        "POST",
        Rule(EDITORS | {"team_lead"}, forbidden=READERS, anonymous=401, data=agenda_form),
    ),
    ("api/v1/cases/<int:case_id>/agenda/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/agenda-items/<int:item_id>/outcome/",
        "POST",
        Rule(
            frozenset({"team_lead", "scientist"}),
            anonymous=401,
            data=lambda w: {"outcome": "Lichte hulp.", "version": agenda_item(w).version},
        ),
    ),
    ("api/v1/agenda-items/<int:item_id>/outcome/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/handover/",
        "POST",
        Rule(
            EDITORS | {"team_lead"},
            forbidden=READERS,
            anonymous=401,
            data=lambda w: {"to_team": w.south.pk, "reason": "Verhuisd."},
        ),
    ),
    ("api/v1/cases/<int:case_id>/handover/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/handovers/<int:handover_id>/decide/",
        "POST",
        Rule(
            frozenset({"south_lead"}),
            anonymous=401,
            data=lambda w: {"accept": False, "note": "Geen plek.", "version": handover_to_south(w).version},
        ),
    ),
    ("api/v1/handovers/<int:handover_id>/decide/", "OPTIONS", API_PUBLIC),
    ("api/v1/cases/<int:case_id>/consents/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/cases/<int:case_id>/consents/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/consents/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=consent_json),
    ),
    ("api/v1/consents/<int:consent_id>/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/consents/<int:consent_id>/", "OPTIONS", API_PUBLIC),
    ("api/v1/consents/<int:consent_id>/revoke/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/consents/<int:consent_id>/revoke/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=revocation),
    ),
    ("api/v1/cases/<int:case_id>/own-strength/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/cases/<int:case_id>/own-strength/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/own-strength/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=own_strength_json),
    ),
    ("api/v1/cases/<int:case_id>/network-members/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/cases/<int:case_id>/network-members/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/network-members/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=network_json),
    ),
    ("api/v1/cases/<int:case_id>/network/share/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/network/share/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=network_share_json),
    ),
    ("api/v1/network-members/<int:network_member_id>/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/network-members/<int:network_member_id>/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/network-members/<int:network_member_id>/",
        "PATCH",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=network_json),
    ),
    ("api/v1/cases/<int:case_id>/family-group-plan/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/cases/<int:case_id>/family-group-plan/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/family-group-plan/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=plan_form),
    ),
    ("api/v1/plan-parts/<int:part_id>/take/", "OPTIONS", API_PUBLIC),
    ("api/v1/plan-parts/<int:part_id>/take/", "POST", Rule(EDITORS, forbidden=READERS, anonymous=401, data=take_part)),
    ("api/v1/cases/<int:case_id>/information-requests/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/cases/<int:case_id>/information-requests/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/information-requests/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=information_request),
    ),
    ("api/v1/cases/<int:case_id>/analysis/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/cases/<int:case_id>/analysis/", "OPTIONS", API_PUBLIC),
    *[
        (f"api/v1/cases/<int:case_id>/{route}", method, rule)
        for route, data in [
            ("analysis/circumstances/", circumstance_form),
            ("analysis/questions/", question_form),
            ("analysis/picture/", picture_json),
            ("analysis/picture/share/", share_json),
            ("analysis/picture/finalise/", version_of_picture),
            ("analysis/psycho-education/", psycho_form),
            ("analysis/skip/", skip_data),
            ("consultations/", consultation_form),
        ]
        for method, rule in [
            ("POST", Rule(EDITORS, forbidden=READERS, anonymous=401, data=data)),
            ("OPTIONS", API_PUBLIC),
        ]
    ],
    (
        "api/v1/cases/<int:case_id>/analysis/picture/override/",
        "POST",
        Rule(frozenset({"team_lead"}), forbidden=READERS, anonymous=401, data=override_data),
    ),
    ("api/v1/cases/<int:case_id>/analysis/picture/override/", "OPTIONS", API_PUBLIC),
    ("api/v1/consultations/", "GET HEAD OPTIONS", Rule(EVERYONE, anonymous=401)),
    (
        "api/v1/consultations/<int:consultation_id>/answer/",
        "POST",
        Rule(CONSULTED, forbidden=READERS, anonymous=401, data=answer_data),
    ),
    ("api/v1/consultations/<int:consultation_id>/answer/", "OPTIONS", API_PUBLIC),
    ("api/v1/cases/<int:case_id>/goals/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/cases/<int:case_id>/goals/", "OPTIONS", API_PUBLIC),
    ("api/v1/cases/<int:case_id>/goals/", "POST", Rule(EDITORS, forbidden=READERS, anonymous=401, data=goal_form)),
    ("api/v1/cases/<int:case_id>/goals/order/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/goals/order/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=move_json),
    ),
    ("api/v1/cases/<int:case_id>/goals/agreements/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/goals/agreements/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=agreement_json),
    ),
    ("api/v1/cases/<int:case_id>/goals/miracle-question/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/goals/miracle-question/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=miracle_json),
    ),
    ("api/v1/cases/<int:case_id>/goals/drieluik/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/goals/drieluik/",
        "PUT",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=drieluik_json),
    ),
    ("api/v1/cases/<int:case_id>/goals/signs-of-safety/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/goals/signs-of-safety/",
        "PUT",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=signs_json),
    ),
    ("api/v1/goals/<int:goal_id>/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/goals/<int:goal_id>/", "OPTIONS", API_PUBLIC),
    ("api/v1/goals/<int:goal_id>/", "PUT", Rule(EDITORS, forbidden=READERS, anonymous=401, data=goal_change_form)),
    ("api/v1/goals/<int:goal_id>/scores/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/goals/<int:goal_id>/scores/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=score_json),
    ),
    ("api/v1/cases/<int:case_id>/plan/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/cases/<int:case_id>/plan/", "OPTIONS", API_PUBLIC),
    ("api/v1/cases/<int:case_id>/plan/versions/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/cases/<int:case_id>/plan/versions/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/plan/versions/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=plan_version_json),
    ),
    ("api/v1/cases/<int:case_id>/plan/versions/<int:number>/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/cases/<int:case_id>/plan/versions/<int:number>/", "OPTIONS", API_PUBLIC),
    ("api/v1/cases/<int:case_id>/plan/versions/<int:number>/agreements/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/plan/versions/<int:number>/agreements/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=plan_agreement_form),
    ),
    ("api/v1/cases/<int:case_id>/plan/diff/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/cases/<int:case_id>/plan/diff/", "OPTIONS", API_PUBLIC),
    # The catalogue of help: everyone who works in the organisation reads it (another organisation: 404), its
    # administrator changes it (others 403). No client data.
    ("catalogue/", "GET HEAD", Rule(EVERYONE)),
    ("catalogue/new/", "GET", Rule(ADMINISTRATORS, others=403)),
    ("catalogue/new/", "POST", Rule(ADMINISTRATORS, others=403, data=lambda w: {**catalogue_form(w), "name": "Buddy"})),
    ("catalogue/import/", "GET", Rule(ADMINISTRATORS, others=403)),
    (
        "catalogue/import/",
        "POST",
        Rule(ADMINISTRATORS, others=403, data=lambda w: {"csv_text": CATALOGUE_CSV, "confirm": "true"}),
    ),
    ("catalogue/<int:offer_id>/", "GET HEAD", Rule(CATALOGUE_READERS)),
    ("catalogue/<int:offer_id>/edit/", "GET", Rule(ADMINISTRATORS, forbidden=CATALOGUE_READERS)),
    ("catalogue/<int:offer_id>/edit/", "POST", Rule(ADMINISTRATORS, forbidden=CATALOGUE_READERS, data=catalogue_form)),
    (
        "catalogue/<int:offer_id>/active/",
        "POST",
        Rule(ADMINISTRATORS, forbidden=CATALOGUE_READERS, data=lambda w: {"version": catalogue_offer(w).version}),
    ),
    ("api/v1/catalogue/", "GET HEAD", Rule(EVERYONE, anonymous=401)),
    ("api/v1/catalogue/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/catalogue/",
        "POST",
        Rule(ADMINISTRATORS, others=403, anonymous=401, data=lambda w: {**catalogue_form(w), "name": "Buddy"}),
    ),
    ("api/v1/catalogue/import/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/catalogue/import/",
        "POST",
        Rule(ADMINISTRATORS, others=403, anonymous=401, data=lambda w: {"csv": CATALOGUE_CSV}),
    ),
    ("api/v1/catalogue/<int:offer_id>/", "GET HEAD", Rule(CATALOGUE_READERS, anonymous=401)),
    ("api/v1/catalogue/<int:offer_id>/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/catalogue/<int:offer_id>/",
        "PATCH",
        Rule(ADMINISTRATORS, forbidden=CATALOGUE_READERS, anonymous=401, data=catalogue_form),
    ),
    # Evaluating, closing and reopening (evaluations/): readers see the progress; the case's workers do the rest.
    ("cases/<int:case_id>/progress/", "GET HEAD", Rule(READERS)),
    ("cases/<int:case_id>/evaluations/plan/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/evaluations/plan/", "POST", Rule(EDITORS, forbidden=READERS, data=evaluation_data.plan_form)),
    ("cases/<int:case_id>/evaluations/new/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/evaluations/new/", "POST", Rule(EDITORS, forbidden=READERS, data=evaluation_data.hold_form)),
    ("evaluations/<int:evaluation_id>/hold/", "GET", Rule(EDITORS, forbidden=READERS)),
    (
        "evaluations/<int:evaluation_id>/hold/",
        "POST",
        Rule(EDITORS, forbidden=READERS, data=evaluation_data.hold_planned_form),
    ),
    ("cases/<int:case_id>/close/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/close/", "POST", Rule(EDITORS, forbidden=READERS, data=evaluation_data.close_form)),
    ("cases/<int:case_id>/reopen/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/reopen/", "POST", Rule(EDITORS, forbidden=READERS, data=evaluation_data.reopen_form)),
    ("cases/<int:case_id>/return/", "POST", Rule(EDITORS, forbidden=READERS, data=evaluation_data.return_form)),
    ("api/v1/cases/<int:case_id>/evaluations/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/cases/<int:case_id>/evaluations/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/evaluations/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=evaluation_data.plan_form),
    ),
    ("api/v1/cases/<int:case_id>/evaluations/now/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/evaluations/now/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=evaluation_data.hold_form),
    ),
    ("api/v1/evaluations/<int:evaluation_id>/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/evaluations/<int:evaluation_id>/", "OPTIONS", API_PUBLIC),
    ("api/v1/evaluations/<int:evaluation_id>/hold/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/evaluations/<int:evaluation_id>/hold/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=evaluation_data.hold_planned_form),
    ),
    ("api/v1/cases/<int:case_id>/close/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/close/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=evaluation_data.close_json),
    ),
    ("api/v1/cases/<int:case_id>/reopen/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/reopen/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=evaluation_data.reopen_form),
    ),
    ("api/v1/cases/<int:case_id>/return/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/return/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=evaluation_data.return_form),
    ),
    ("api/v1/cases/<int:case_id>/progress/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/cases/<int:case_id>/progress/", "OPTIONS", API_PUBLIC),
    # Deciding together (decisions/): readers of the case see it; the case's workers record it; a team lead of the
    # case's team records that a crucial decision needs no consultation.
    ("cases/<int:case_id>/options/", "GET HEAD", Rule(READERS)),
    ("cases/<int:case_id>/options/new/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/options/new/", "POST", Rule(EDITORS, forbidden=READERS, data=dm.option_form)),
    ("options/<int:option_id>/edit/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("options/<int:option_id>/edit/", "POST", Rule(EDITORS, forbidden=READERS, data=dm.option_change_form)),
    ("cases/<int:case_id>/preferences/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/preferences/", "POST", Rule(EDITORS, forbidden=READERS, data=dm.preference_form)),
    ("cases/<int:case_id>/decisions/new/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/decisions/new/", "POST", Rule(EDITORS, forbidden=READERS, data=dm.decision_form)),
    ("cases/<int:case_id>/decisions/override/", "GET", Rule(frozenset({"team_lead"}), forbidden=READERS)),
    (
        "cases/<int:case_id>/decisions/override/",
        "POST",
        Rule(frozenset({"team_lead"}), forbidden=READERS, data=dm.override_form),
    ),
    ("cases/<int:case_id>/help/new/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("cases/<int:case_id>/help/new/", "POST", Rule(EDITORS, forbidden=READERS, data=dm.help_form)),
    ("help/<int:help_id>/edit/", "GET", Rule(EDITORS, forbidden=READERS)),
    ("help/<int:help_id>/edit/", "POST", Rule(EDITORS, forbidden=READERS, data=dm.help_change_form)),
    ("api/v1/cases/<int:case_id>/options/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/cases/<int:case_id>/options/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/options/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=dm.option_form),
    ),
    ("api/v1/options/<int:option_id>/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/options/<int:option_id>/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/options/<int:option_id>/",
        "PUT",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=dm.option_change_json),
    ),
    ("api/v1/cases/<int:case_id>/preferences/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/cases/<int:case_id>/preferences/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/preferences/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=dm.preference_json),
    ),
    ("api/v1/cases/<int:case_id>/decisions/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/cases/<int:case_id>/decisions/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/cases/<int:case_id>/decisions/",
        "POST",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=dm.decision_json),
    ),
    ("api/v1/cases/<int:case_id>/help/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/cases/<int:case_id>/help/", "OPTIONS", API_PUBLIC),
    ("api/v1/cases/<int:case_id>/help/", "POST", Rule(EDITORS, forbidden=READERS, anonymous=401, data=dm.help_form)),
    ("api/v1/help/<int:help_id>/", "GET HEAD", Rule(READERS, anonymous=401)),
    ("api/v1/help/<int:help_id>/", "OPTIONS", API_PUBLIC),
    (
        "api/v1/help/<int:help_id>/",
        "PUT",
        Rule(EDITORS, forbidden=READERS, anonymous=401, data=dm.help_change_form),
    ),
]


def _rules(rows) -> dict[tuple[str, str], Rule]:
    rules: dict[tuple[str, str], Rule] = {}
    for route, methods, rule in rows:
        for method in methods.split():
            assert (route, method) not in rules, f"two rules for {method} {route}"
            rules[route, method] = rule
    return rules


RULES = _rules(ROWS)
PATHS = sorted({route for route, _ in RULES})


# --- walking the URLconf --------------------------------------------------------------------------------------


def _join(prefix: str, route: str) -> str:
    """Join route strings the way Django's resolver does for ``ResolverMatch.route``."""
    return prefix + route.removeprefix("^") if prefix else route


def walk(patterns=None, prefix: str = "") -> Iterator[tuple[str, Callable]]:
    """(full route string, view) for every URL pattern."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        route = _join(prefix, str(p.pattern))
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route, p.callback


def is_api(view) -> bool:
    cls = getattr(view, "view_class", None)
    return cls is not None and issubclass(cls, APIView)


def class_view_methods(cls) -> set[str]:
    """What Django's and DRF's dispatch answer without a 405: the handlers, HEAD for GET (``View.setup``)."""
    names = {m for m in cls.http_method_names if hasattr(cls, m)}
    if "get" in names and "head" in cls.http_method_names:
        names.add("head")
    return {m.upper() for m in names}


def url_for(route: str, world) -> str:
    def value(name: str) -> str:
        assert name in PARAMS, f"path parameter <{name}> of {route!r}: add to PARAMS which record it names"
        return str(PARAMS[name](world))

    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: value(m.group(1)), route)  # re_path("(?P<key>…)")
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: value(m.group(1)), url)  # path("…/<int:case_id>/")
    url = "/" + url.replace("^", "").replace("$", "")
    assert resolve(url).route == route, f"{url} does not reach {route!r}"
    return url


def send(client, method: str, url: str, data: dict, api: bool):
    if method in ("GET", "HEAD", "OPTIONS", "TRACE"):
        return client.generic(method, url)
    if api:
        return client.generic(method, url, json.dumps(data), content_type="application/json")
    if method == "POST":
        return client.post(url, data)
    return client.generic(method, url, urlencode(data, doseq=True), content_type="application/x-www-form-urlencoded")


class Clients(dict):
    """One test client per persona, each with a session of its own made from the module's one login of that persona
    (a login costs more than most requests: 16 of them a route were a fifth of the matrix's time).

    They share one handler, as every user of a server process shares its middleware: each ``Client()`` would
    otherwise build the whole middleware chain again for its first request."""

    def __init__(self, logins: ModuleWorld):
        super().__init__()
        handler = None
        for persona in (*ALL_PERSONAS, ANON):
            self[persona] = Client(raise_request_exception=False)  # a server error is a 500 to assert on
            handler = handler or self[persona].handler
            self[persona].handler = handler
            if persona != ANON:
                logins.logged_in(self[persona], persona)


def _answer(view, request, kwargs) -> int | None:
    """The view's status for this request, or None when it raised (Http404, PermissionDenied, …): either way it
    got past any method check. Whatever it wrote is rolled back.

    The savepoint is released after the rollback, as ``atomic()`` does: PostgreSQL keeps a savepoint it rolled back
    to, so the next one would nest inside it. Left open, the ~11,000 calls of the matrix stacked as many
    subtransactions, and the first write in the deepest gave each of them a transaction id, whose lock stays until
    the test's transaction ends: ~11,000 locks in one backend (max_locks_per_transaction is 64 a connection)."""
    savepoint = transaction.savepoint()
    try:
        return view(request, **kwargs).status_code
    except Exception:  # any exception means the method was let in
        return None
    finally:
        transaction.savepoint_rollback(savepoint)
        transaction.savepoint_commit(savepoint)


def function_view_methods(world, route: str) -> set[str]:
    """Call the view with every method as every persona: a method is accepted unless all of them get 405.

    The view function is called directly (its decorators included, the middleware left out): a 405 comes from
    the view's own method check, and this is quick enough to try every method on every persona."""
    url = url_for(route, world)
    match = resolve(url)
    factory = RequestFactory()
    accepted = set()
    for method in METHODS:
        for persona in PERSONAS:
            request = factory.generic(method, url)
            request.user = world.persona(persona)
            if _answer(match.func, request, match.kwargs) != 405:
                accepted.add(method)
                break
    return accepted


def accepted_pairs(world) -> set[tuple[str, str]]:
    pairs = set()
    for route, view in walk():
        cls = getattr(view, "view_class", None)
        methods = class_view_methods(cls) if cls else function_view_methods(world, route)
        pairs.update((route, method) for method in methods)
    return pairs


def missing_and_stale(world) -> tuple[list, list]:
    accepted = accepted_pairs(world)
    return sorted(accepted - set(RULES)), sorted(set(RULES) - accepted)


# --- the tests ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def logins(module_world, django_db_blocker) -> ModuleWorld:
    """The world, once for the module, with every persona logged in once (tests/conftest.py's module_world)."""
    module_world.logged_in_once(ALL_PERSONAS, django_db_blocker)
    return module_world


@pytest.fixture
def world(db, logins) -> World:
    return logins.world()


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """The matrix asks who may use what, many times over from one address: allauth's rate limits stay out of it."""
    settings.ACCOUNT_RATE_LIMITS = False


# The locks one test may hold on PostgreSQL: every lock of the test's transaction stays until it ends, in a shared
# table of max_locks_per_transaction (64) x max_connections entries for all backends together; past it, "out of
# shared memory". About 500 now (each table and index read or written, once); the ~11,000 calls of the views above
# once held a transaction-id lock each (see ``_answer``), and failed CI under load.
MAX_LOCKS = 1_000


def locks_held() -> dict[str, int]:
    """The locks this connection's backend holds, by kind (PostgreSQL's pg_locks)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT locktype, count(*) FROM pg_locks WHERE pid = pg_backend_pid() GROUP BY locktype")
        return dict(cursor.fetchall())


def test_it_has_a_rule_for_every_path_and_method(world):
    missing, stale = missing_and_stale(world)
    assert not missing, f"accepted (path, method) pairs without a rule in the permission matrix: {missing}"
    assert not stale, f"rules for (path, method) pairs that the site does not accept: {stale}"
    if connection.vendor == "postgresql":
        locks = locks_held()
        assert sum(locks.values()) < MAX_LOCKS, f"the matrix holds {locks} locks in one transaction"


def _view_for(route: str):
    return next(view for r, view in walk() if r == route)


def test_a_session_copied_from_the_module_login_is_a_login_made_now(world, logins, monkeypatch, settings):
    """The clients' sessions are copies of one login per persona made for the module, their times moved to now:
    the same data and cookie as a login made now (here a thousand seconds after the module's logins, so a time
    left unmoved would show), for a professional with a second factor and for a family member."""
    import time

    later = time.time() + 1000
    monkeypatch.setattr(time, "time", lambda: later)
    for persona in ("team_lead", "parent"):
        made_now = Client()
        made_now.force_login(world.persona(persona))
        copied = logins.logged_in(Client(), persona)
        assert copied.session.session_key != made_now.session.session_key
        assert copied.session.load() == made_now.session.load()
        name = settings.SESSION_COOKIE_NAME
        assert dict(copied.cookies[name]) == dict(made_now.cookies[name])


@pytest.mark.parametrize("route", PATHS)
def test_it_allows_and_refuses_as_the_rules_say(world, logins, route):
    check_route(world, logins, route)


def check_route(world, logins, route: str, rules=RULES) -> None:
    """Send every method of ``route`` as every persona and anonymously; assert what ``rules`` say."""
    from tests.audit.test_log_completeness import PROBES

    view = _view_for(route)
    api = is_api(view)
    url = url_for(route, world)
    methods = [method for method in METHODS if (route, method) in rules]
    clients = Clients(logins)
    problems = []
    for method in methods:
        rule = rules[route, method]
        for persona in (*ALL_PERSONAS, ANON):
            data = rule.data(world)  # outside the capture: reading the world is not the request's doing
            with CaptureQueriesContext(connection) as queries:
                response = send(clients[persona], method, url, data, api)
            status, expected = response.status_code, rule.expected(persona)
            where = f"{method} {route} as {persona}: {status}"
            if persona == ANON and touched_client_data(queries.captured_queries):
                problems.append(f"{where}: an anonymous request read or wrote client data")
            if status >= 500:
                problems.append(f"{where}, a server error")
            elif expected is None:
                if status in (401, 403, 404, 405):
                    problems.append(f"{where}, expected to be allowed")
                tables = touched_client_data(queries.captured_queries)
                if tables and (route, method) not in PROBES:
                    problems.append(
                        f"{where}: shows or changes client data ({', '.join(sorted(tables))}); "
                        "add a probe to tests/audit/test_log_completeness.py"
                    )
            elif expected == LOGIN:
                if status != 302 or not response["Location"].startswith(reverse("account_login")):
                    problems.append(f"{where}, expected 302 to the login page")
            elif status != expected:
                problems.append(f"{where}, expected {expected}")
    # A method without a handler gets 405, or at least (allauth redirects a logged-in visitor before it looks at
    # the method) nothing from a client-data table.
    clients["caseworker"].force_login(world.caseworker)  # a logout on the way ended its session
    for method in sorted(set(METHODS) - set(methods)):
        with CaptureQueriesContext(connection) as queries:
            status = send(clients["caseworker"], method, url, {}, api).status_code
        if status >= 500 or (status != 405 and touched_client_data(queries.captured_queries)):
            problems.append(f"{method} {route} as caseworker: {status}, a method without a rule at work")
    assert not problems, "\n".join(problems)


# --- what the matrix keyed by URL name missed -----------------------------------------------------------------


def _leaky_export(request, family_id):
    """No login, no access check: a family's name for anyone who asks."""
    family = Family.objects.filter(pk=family_id).first()
    return JsonResponse({"name": family.name if family else None})


def _url_names(patterns=None, namespace=None) -> set[str]:
    """The old matrix's key: the URL names."""
    names = set()
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            names |= _url_names(p.url_patterns, p.namespace or namespace)
        else:
            names.add(f"{namespace}:{p.name}" if namespace else p.name)
    return names


def test_it_catches_an_unprotected_view_at_a_new_path_that_reuses_a_url_name(world, settings):
    names_before = _url_names()
    leaky_urls = ModuleType("leaky_urls")
    route = "families/<int:family_id>/export/"
    leaky_urls.urlpatterns = [*samenplan.urls.urlpatterns, path(route, _leaky_export, name="healthz")]
    settings.ROOT_URLCONF = leaky_urls

    with CaptureQueriesContext(connection) as queries:
        response = Client().get(f"/families/{world.case.family_id}/export/")
    assert response.json() == {"name": "Jansen"}  # an anonymous visitor reads the family's name
    assert touched_client_data(queries.captured_queries) == {"cases_family"}
    assert _url_names() == names_before  # by URL name, nothing new: the old matrix passed
    missing, stale = missing_and_stale(world)
    assert missing == [(route, method) for method in sorted(METHODS)]  # no method check: it answers them all
    assert not stale


def test_it_refuses_a_public_rule_for_a_view_that_shows_client_data(world, logins, settings):
    """Even written down as public, the anonymous request's SQL gives the leak away."""
    leaky_urls = ModuleType("leaky_urls")
    route = "families/<int:family_id>/export/"
    leaky_urls.urlpatterns = [*samenplan.urls.urlpatterns, path(route, require_GET(_leaky_export), name="healthz")]
    settings.ROOT_URLCONF = leaky_urls
    rules = {**RULES, (route, "GET"): PUBLIC}
    with pytest.raises(AssertionError, match="anonymous request read or wrote client data"):
        check_route(world, logins, route, rules)


def test_it_catches_a_new_method_on_an_existing_api_view(world, monkeypatch):
    def delete(self, request, family_id):
        return JsonResponse({})

    monkeypatch.setattr(cases_api.FamilyDetail, "delete", delete, raising=False)
    missing, stale = missing_and_stale(world)
    assert missing == [("api/v1/families/<int:family_id>/", "DELETE")]
    assert not stale

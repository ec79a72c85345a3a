"""Demo deciding together: for the first open demo cases with goals, three options side by side (the family's own
idea or someone of the network, a course and home coaching), each with the professional's and the family's view;
the preferences of two participants; a decision, at participation levels 4, 5 and 3 (one with a participant who
does not agree, and how that was resolved); and running help for the first two. Made through the actions and
dated in the past with ``clock.as_of``, so the timeline and the access log are real. Synthetic only.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from samenplan import clock
from samenplan.cases.models import Case, MemberRole
from samenplan.catalogue.models import HelpOffer
from samenplan.decisions import actions

CATALOGUE = (
    {"name": "Opvoedcursus Samen Sterk", "intensity": "light", "evidence_level": "good", "waiting_weeks": 2,
     "description": "Acht avonden met andere ouders: hoe blijf je rustig als je kind boos wordt?",
     "provider": "Buurtteam Rivierstad", "contact": "030-1234567"},
    {"name": "Gezinscoaching thuis", "intensity": "ambulatory", "evidence_level": "strong", "waiting_weeks": 6,
     "description": "Een coach komt drie maanden elke week bij u thuis en oefent met het hele gezin.",
     "provider": "Zorgaanbieder De Brug", "contact": "info@debrug.example"},
    {"name": "Logeerhuis De Linde", "intensity": "residential", "evidence_level": "first", "waiting_weeks": 12,
     "description": "Uw kind logeert een paar weekenden per maand in een logeerhuis.",
     "provider": "Stichting De Linde", "contact": "030-7654321"},
)  # fmt: skip

OWN_IDEA = {
    "name": "Oma past op woensdag op",
    "description": "Oma haalt de kinderen op woensdag uit school en ze eten bij haar.",
    "professional_pros": "Vertrouwd en dichtbij; kost niets.",
    "professional_cons": "Oma is al druk; het lost de ruzie aan tafel niet zelf op.",
    "professional_results": "Eén rustige middag per week voor moeder.",
    "family_pros": "De kinderen zijn graag bij oma.",
    "family_cons": "We willen oma niet te veel vragen.",
    "family_results": "Even adem halen, dan ben ik 's avonds rustiger.",
}
COURSE_VIEWS = {
    "professional_pros": "Bewezen effectief bij ruzie tussen ouders en kinderen.",
    "professional_cons": "Acht avonden; u moet oppas regelen.",
    "professional_results": "Minder schreeuwen, meer rustige momenten aan tafel.",
    "family_pros": "Andere ouders hebben hetzelfde, dat helpt.",
    "family_cons": "Op dinsdagavond werk ik soms.",
    "family_results": "Dat ik weet wat ik moet doen als het misgaat.",
    "tried_before": "Een cursus via school in 2022; we stopten na drie avonden omdat het te vol was.",
}
COACHING_VIEWS = {
    "professional_pros": "De coach ziet hoe het thuis echt gaat en oefent ter plekke.",
    "professional_cons": "Zes weken wachten; iemand in huis is spannend.",
    "professional_results": "Vaste afspraken in huis waar iedereen zich aan houdt.",
    "family_pros": "We hoeven de deur niet uit.",
    "family_cons": "Iemand in ons huis voelt raar.",
    "family_results": "Misschien luisteren ze naar een ander beter dan naar mij.",
    "recommended": True,
    "recommendation_reasons": "Past bij de vraag van het hele gezin en werkt goed volgens onderzoek.",
}

LEVELS = (4, 5, 3, 4)


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 30)))


def catalogue_for(organisation) -> list[HelpOffer]:
    """A light offer with evidence, an ambulatory one and a residential one from the organisation's catalogue (the
    catalogue demo's, made here only when the catalogue has none of that kind)."""
    active = HelpOffer.objects.filter(organisation=organisation, active=True)
    found = [
        active.filter(intensity="light", evidence_level__in=["strong", "good", "first"]).order_by("name").first(),
        active.filter(intensity="ambulatory").order_by("name").first(),
        active.filter(intensity="residential").order_by("name").first(),
    ]
    return [
        offer or HelpOffer.objects.get_or_create(organisation=organisation, name=o["name"], defaults=o)[0]
        for offer, o in zip(found, CATALOGUE, strict=True)
    ]


def add_demo_decisions(organisation_id: int | None = None, limit: int = 4) -> int:
    """Options, preferences and a decision for the first open demo cases with goals (of the organisation, when
    given); help for two. How many."""
    today = timezone.localdate()
    cases = Case.objects.filter(closed_on__isnull=True, goals__isnull=False, phase="goals")
    if organisation_id is not None:
        cases = cases.filter(family__organisation_id=organisation_id)
    cases = cases.distinct().select_related("family", "caseworker").order_by("pk")
    made = 0
    for index, case in enumerate(cases[:limit]):
        last_goal = case.goals.order_by("-recorded_at").first()
        start = min(today, timezone.localdate(last_goal.recorded_at) + timedelta(days=4))
        _play(case, index, [min(today, start + timedelta(days=d)) for d in (0, 2, 4, 7)])
        made += 1
    return made


def _play(case: Case, index: int, days: list[date]) -> None:
    worker = case.caseworker
    members = list(case.family.members.order_by("pk"))
    parents = [m for m in members if m.role != MemberRole.CHILD]
    child = next((m for m in members if m.role == MemberRole.CHILD), None)
    if not parents:
        return
    participants = (parents + ([child] if child else []))[:2]
    light, ambulatory, _heavy = catalogue_for(case.family.organisation)
    network = case.network_members.order_by("pk").first()

    with clock.as_of(_moment(days[0], 10)):
        own_idea = {**OWN_IDEA, "family_speaker": parents[0]}
        if network is not None and index % 2 == 1:
            own = actions.do_add_option(worker, case, source="network", network_member=network, **own_idea)
        else:
            own = actions.do_add_option(worker, case, source="family", **own_idea)
        course = actions.do_add_option(
            worker, case, source="catalogue", offer=light, family_speaker=parents[0], **COURSE_VIEWS
        )
        coaching = actions.do_add_option(worker, case, source="catalogue", offer=ambulatory, **COACHING_VIEWS)
    seen = [own.pk, course.pk, coaching.pk]

    with clock.as_of(_moment(days[1], 11)):
        first, second = participants[0], participants[-1]
        actions.do_save_preference(
            worker, case, member=first, kind="order", ranking=[course, own, coaching], seen_options=seen,
            reasons="Eerst zelf leren hoe het anders kan, met oma als steun.", expected_version=0,
        )  # fmt: skip
        if second != first:
            if index % 2 == 0:
                actions.do_save_preference(
                    worker, case, member=second, kind="preferred", preferred=own, seen_options=seen,
                    reasons="Bij oma is het gezellig en niemand schreeuwt.", expected_version=0,
                )  # fmt: skip
            else:
                actions.do_save_preference(
                    worker, case, member=second, kind="leave_to_professional", seen_options=seen, expected_version=0
                )

    with clock.as_of(_moment(days[2], 14)):
        level = LEVELS[index % len(LEVELS)]
        agreements = [{"member": p, "agreement": "yes"} for p in participants]
        extra = {}
        if index == 1 and len(participants) > 1:  # one decision with a participant who does not agree
            agreements[-1] = {"member": participants[-1], "agreement": "no", "words": "Ik wil niet naar een cursus."}
            extra = {
                "family_position": "Liever alleen oma op woensdag, zonder cursus.",
                "professional_position": "Oma alleen is te weinig: de ruzies gaan ook 's avonds door.",
                "resolved_by": f"{parents[0]} (ouder met gezag)",
                "resolution": "De ouder volgt de cursus; oma blijft op woensdag. Na zes weken kijken we samen of "
                "het helpt.",
                "safety_conditions": "Als het thuis onveilig wordt, belt de ouder de hulpverlener of 's nachts "
                "Veilig Thuis.",
            }
        decision = actions.do_record_decision(
            worker, case, options=[course, own], participation_level=level, agreements=agreements,
            summary=f"{parents[0].given_name} volgt de opvoedcursus op dinsdagavond; oma past op woensdag op.",
            arguments="De lichtste hulp die past: eerst zelf leren, met steun van oma. Anders coaching.",
            evaluation_on=days[2] + timedelta(days=56),
            evaluation_agreement="Over acht weken thuis, met het hele gezin en de hulpverlener.",
            aftercare_agreement="Na de cursus belt de hulpverlener nog één keer om te horen hoe het gaat.",
            **extra,
        )  # fmt: skip

    if index < 2:
        with clock.as_of(_moment(days[3], 9)):
            actions.do_add_help(
                worker, case, **actions.help_from_option(course), decision=decision, status="running",
                starts_on=days[3], goals=list(case.goals.all()),
            )  # fmt: skip
            actions.do_add_help(
                worker, case, **actions.help_from_option(own), decision=decision, status="running",
                starts_on=days[3],
            )  # fmt: skip


def add_demo_portal_options(caseworker) -> Case | None:
    """The demo family with portal logins (portal/demo.py: ``ouder`` and ``jongere``) gets three options to react
    to in the portal, without preferences or a decision yet: the family weighs them first. Their case, or None."""
    from samenplan.portal.models import FamilyAccount

    account = FamilyAccount.objects.select_related("member__family").filter(user__username="ouder").first()
    if account is None:
        return None
    case = account.member.family.cases.filter(closed_on__isnull=True).order_by("-opened_on", "-pk").first()
    if case is None or case.options.exists():
        return case
    light, ambulatory, _heavy = catalogue_for(case.family.organisation)
    parent = account.member
    own_idea = {key: value for key, value in OWN_IDEA.items() if not key.startswith("family_")}
    actions.do_add_option(caseworker, case, source="family", family_speaker=parent, **own_idea,
                          family_pros="De kinderen zijn graag bij oma.")  # fmt: skip
    course = {key: value for key, value in COURSE_VIEWS.items() if not key.startswith("family_")}
    actions.do_add_option(caseworker, case, source="catalogue", offer=light, **course)
    coaching = {key: value for key, value in COACHING_VIEWS.items() if not key.startswith("family_")}
    actions.do_add_option(caseworker, case, source="catalogue", offer=ambulatory, **coaching)
    return case

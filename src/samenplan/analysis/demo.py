"""Demo analyses: families on the analysis route with a plan, a coherent picture made together and a behavioural
scientist's advice; one request still waits in the scientist's queue.

Made through the actions, dated over the past days (``clock.as_of``), so the timeline and the access log are real.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from samenplan import clock
from samenplan.analysis import actions, rules
from samenplan.cases.models import Case, MemberRole, Phase
from samenplan.instruments.actions import ensure_shipped
from samenplan.instruments.models import Definition

DEMO_QUESTIONNAIRE = "demo-gezinsvragenlijst"  # shipped with the instrument engine; it says plainly it is a demo

PICTURE = {
    "nature_severity": "Veel spanning tussen moeder en dochter; ruzies lopen soms hoog op. Daarnaast slaapt de "
    "jongste slecht sinds de verhuizing. Meervoudig: opvoeding, stress van moeder en school spelen samen.",
    "safety": "De kinderen zijn thuis veilig. Moeder schreeuwt soms, maar er is geen geweld. Afgesproken: bij "
    "ruzie even uit elkaar.",
    "strengths": "Moeder vraagt zelf hulp en wil veranderen. In de auto praten ze goed. De dochter werkt graag "
    "bij de bakker.",
    "resources": "Oma woont om de hoek en past graag op. De mentor op school denkt mee.",
    "multiple_and_complex": True,
    "factors": [
        {"description": "Verhuizing vorig jaar: vriendinnen en vaste plek kwijt", "kind": rules.CAUSAL,
         "domain": rules.CHILD, "source": "conversation"},
        {"description": "Moeder werkt veel en is moe; weinig tijd om rustig te praten", "kind": rules.MAINTAINING,
         "domain": rules.PARENT, "source": "conversation"},
        {"description": "Ruzie over telefoon en regels zonder vaste afspraken", "kind": rules.MAINTAINING,
         "domain": rules.FAMILY, "source": "conversation"},
        {"description": "Weinig contact tussen school en thuis", "kind": rules.MAINTAINING,
         "domain": rules.ENVIRONMENT, "source": "other_agency"},
        {"description": "Warme band met oma, die vlakbij woont", "kind": rules.PROTECTIVE, "domain": rules.FAMILY,
         "source": "conversation"},
    ],
}  # fmt: skip

ANALYSIS_FAMILY = ("ruzie", "analysis")  # a scenario of demo_intake: the story, taken as far as the analysis

ADVICE = (
    "Het beeld is zorgvuldig en het gezin herkent het grotendeels. Let op de rouw van de jongste om de verhuizing: "
    "bespreek die apart met haar. Betrek oma bij de avonden en maak vaste afspraken over de telefoon. Ik zie geen "
    "aanwijzingen voor onveiligheid."
)


def _moment(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _analysis_cases(organisation_id):
    return (
        Case.objects.filter(phase=Phase.ANALYSIS, closed_on__isnull=True, family__organisation_id=organisation_id)
        .select_related("family", "caseworker")
        .order_by("pk")
    )


def _members(case):
    members = list(case.family.members.order_by("pk"))
    parent = next(m for m in members if m.role != MemberRole.CHILD)
    child = next(m for m in members if m.role == MemberRole.CHILD)
    return members, parent, child


def _day_after(case, days: int):
    last = case.entries.order_by("-at").values_list("at", flat=True).first() or clock.now()
    return min(timezone.localdate(), timezone.localdate(last) + timedelta(days=days))


def _plan_and_picture(case, scientist):
    """The plan with special circumstances, then a picture the family saw, then a question to the scientist."""
    worker = case.caseworker
    members, parent, child = _members(case)
    day = _day_after(case, 2)
    with clock.as_of(_moment(day, 10)):
        actions.do_record_circumstance(worker, case, member=parent, code=rules.OTHER_HOME_LANGUAGE, language="Pools")
        actions.do_record_circumstance(worker, case, member=parent, code=rules.LIMITED_DUTCH)
        actions.do_add_question(
            worker,
            case,
            question="Waarom lopen de ruzies thuis zo hoog op, en wat helpt om ze te voorkomen?",
            information_needed="Hoe een gewone avond verloopt; wat moeder en kinderen zelf al proberen.",
            method=rules.OBSERVATION,
            made_with=members,
        )
        actions.do_add_question(
            worker,
            case,
            question="Hoe gaat het met de kinderen, in de ogen van moeder?",
            information_needed="Sterke kanten en zorgen per kind.",
            method=rules.INSTRUMENT,
            instrument=Definition.objects.filter(organisation__isnull=True, code=DEMO_QUESTIONNAIRE)
            .order_by("-version")
            .first(),
            about=parent,
            made_with=members,
        )
        actions.do_record_psycho_education(
            worker,
            case,
            topic="Ruzie en stress in een gezin",
            explained="Wat langdurige spanning met kinderen doet, wat moeder zelf kan doen (even uit elkaar, vaste "
            "momenten samen), en welke hulp er is.",
            given_to=[parent],
            material_title="Folder 'Rust in huis'",
            material_description="Tips voor ouders over ruzie en afkoelen, in eenvoudige taal.",
            given_on=day,
        )
    day = _day_after(case, 5)
    with clock.as_of(_moment(day, 11)):
        picture = actions.do_save_picture(worker, case, **PICTURE)
        views = [
            {"member": parent, "agreement": "partly", "words": "Ja, zo is het. Maar ik ben niet alleen moe, ik mis "
             "ook mijn familie in Polen."},
            {"member": child, "agreement": "agrees", "words": "Ik wil gewoon dat we minder ruzie maken."},
        ]  # fmt: skip
        picture = actions.do_share_picture(worker, picture, views=views, expected_version=picture.version)
        consultation = actions.do_request_consultation(
            worker,
            case,
            scientist=scientist,
            question="Missen we iets in dit beeld, vooral rond de jongste? Is verdere diagnostiek nodig?",
            agreed_by=[parent, child],
            conditions="Alleen het samenhangend beeld bespreken; niet de gegevens van school.",
        )
    return picture, consultation


def add_demo_analyses(users) -> int:
    """For the families on the analysis route: the demo caseworker's gets the whole analysis, the advice in and the
    picture final; another waits for the behavioural scientist's advice. Returns how many analyses were made."""
    scientist = users["chris"]
    ensure_shipped()
    made = 0
    cases = sorted(_analysis_cases(scientist.organisation_id), key=lambda c: c.caseworker_id != users["anna"].pk)
    for case in cases[:2]:
        picture, consultation = _plan_and_picture(case, scientist)
        if made == 0:
            day = _day_after(case, 3)
            with clock.as_of(_moment(day, 14)):
                actions.do_answer_consultation(scientist, consultation, advice=ADVICE, expected_version=1)
                picture.refresh_from_db()
                actions.do_finalise_picture(case.caseworker, picture, expected_version=picture.version)
        made += 1
    return made

"""Demo questionnaires: the families on the analysis route filled in the demo questionnaire (twice, so the chart
has a history), the caseworker went through the safety checklist, and the family answered the Drieluik.

Made through the actions, dated in the past with ``clock.as_of``, so the dossier and the access log show them as
in real use. Synthetic answers only.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from samenplan import clock
from samenplan.cases.models import Case, MemberRole, Phase
from samenplan.cases.rules import age_on
from samenplan.instruments import actions
from samenplan.instruments.models import Definition, Informant, NormSex

# Two fillings-in of the demo questionnaire: a month ago, and now (tension down a little, support up).
DEMO_ANSWERS = (
    {"s1": 2, "s2": 0, "s3": 2, "s4": 1, "z1": 2, "z2": 1, "z3": 1, "k1": 1, "k2": 0},
    {
        "s1": 1, "s2": 1, "s3": 1, "s4": 1, "z1": 2, "z3": 1, "k1": 2, "k2": 1,  # z2 left open: prorated
        "opmerking": "Het gaat iets beter sinds we afspraken maken over het avondeten.",
    },
)  # fmt: skip
SAFETY_ANSWERS = {
    "geweld": 0, "pijn": 0, "verzorging": 0, "middelen": 0, "toezicht": 1, "onveilig_gevoel": 0,
    "afspraken": "Moeder belt de hulpverlener als het thuis uit de hand loopt; oma kan de kinderen opvangen.",
}  # fmt: skip
DRIELUIK_ANSWERS = {
    "niets_verandert": "Dan zijn we allemaal op. Er is elke avond ruzie en niemand wil nog thuis eten.",
    "gewenst": "Dat we weer samen aan tafel zitten en kunnen lachen. Dat mama en ik rustig kunnen praten.",
    "plan": "Eerst uitzoeken waar de ruzies vandaan komen. Oma helpt op woensdag.",
}


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(11, 0)))


def _newest(code: str) -> Definition:
    return Definition.objects.filter(organisation__isnull=True, code=code).order_by("-version").first()


def add_demo_administrations(organisation_id: int, limit: int = 3, cases=None) -> int:
    """Load the shipped definitions; fill in questionnaires for ``cases`` (default: the open cases on the analysis
    route), at most ``limit`` of them, only cases of the organisation ``organisation_id`` (another organisation's
    families are left alone). Returns how many cases got them."""
    actions.ensure_shipped()
    demo, safety, drieluik = _newest("demo-gezinsvragenlijst"), _newest("veiligheid"), _newest("drieluik")
    today = timezone.localdate()
    made = 0
    if cases is None:
        cases = Case.objects.filter(phase=Phase.ANALYSIS, closed_on__isnull=True).order_by("pk")
    cases = [case for case in cases if case.family.organisation_id == organisation_id]
    for case in cases:
        if made == limit:
            break
        members = list(case.family.members.order_by("pk"))
        parent = next((m for m in members if m.role != MemberRole.CHILD), None)
        children = [
            m for m in members
            if m.role == MemberRole.CHILD and m.date_of_birth and 6 <= age_on(m.date_of_birth, today) <= 17
        ]  # fmt: skip
        if parent is None or not children:
            continue
        child = children[0]
        first = max(case.opened_on, today - timedelta(days=30))
        days = [first, today] if first < today else [today]
        for day, answers in zip(days, DEMO_ANSWERS[-len(days) :], strict=True):
            with clock.as_of(_moment(day)):
                actions.do_administer(
                    case.caseworker,
                    case,
                    definition=demo,
                    member=child,
                    informant=Informant.PARENT,
                    informant_member=parent,
                    administered_on=day,
                    sex=NormSex.FEMALE if made % 2 == 0 else NormSex.MALE,
                    answers=answers,
                )
        with clock.as_of(_moment(first)):
            actions.do_administer(
                case.caseworker,
                case,
                definition=safety,
                member=child,
                informant=Informant.PROFESSIONAL,
                administered_on=first,
                answers=SAFETY_ANSWERS,
            )
            actions.do_administer(
                case.caseworker,
                case,
                definition=drieluik,
                member=None,
                informant=Informant.PARENT,
                informant_member=parent,
                administered_on=first,
                answers=DRIELUIK_ANSWERS,
            )
        made += 1
    return made


def add_demo_portal_questionnaire(caseworker):
    """The demo family with portal logins gets one questionnaire to fill in: the demo questionnaire, asked of the
    14-year-old (``jongere``) about themselves, due in two weeks. The assignment, or None without that family."""
    from samenplan.portal.models import FamilyAccount

    account = FamilyAccount.objects.select_related("member__family").filter(user__username="jongere").first()
    if account is None:
        return None
    case = account.member.family.cases.filter(closed_on__isnull=True).order_by("-opened_on", "-pk").first()
    if case is None or case.questionnaire_assignments.exists():
        return None
    actions.ensure_shipped()
    return actions.do_assign(
        caseworker,
        case,
        definition=_newest("demo-gezinsvragenlijst"),
        member=account.member,
        due_on=timezone.localdate() + timedelta(days=14),
    )

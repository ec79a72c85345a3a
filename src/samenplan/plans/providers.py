"""The dashboard's group "plans not yet agreed by the family" (``caseload.registry``), one query.

A plan counts as agreed when every participant of the family (parents, and children from 12: ``services.participants``)
said yes to its newest version (``rules.agreed_by_family``)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from samenplan.caseload import registry
from samenplan.caseload.registry import Item
from samenplan.cases.models import PARENT_ROLES, Member
from samenplan.cases.rules import age_on
from samenplan.plans import rules
from samenplan.plans.models import FamilyPlan, PlanAgreement
from samenplan.plans.services import YOUTH_AGE


def _born_before(today: date) -> date:
    """The latest date of birth of someone who is YOUTH_AGE or older on ``today``."""
    year = today.year - YOUTH_AGE
    try:
        day = today.replace(year=year)
    except ValueError:  # 29 February
        day = today.replace(year=year, day=28)
    assert age_on(day, today) >= YOUTH_AGE
    return day


def plans(cases, today: date, settings) -> list[Item]:
    """Plans of ``cases`` whose newest version is not yet agreed to by every participant of the family."""
    participants = (
        Member.objects.filter(family=OuterRef("case__family"))
        .filter(Q(role__in=PARENT_ROLES) | Q(date_of_birth__isnull=True) | Q(date_of_birth__lte=_born_before(today)))
        .order_by()
        .values("family")
        .annotate(n=Count("pk"))
        .values("n")
    )
    yes = (
        PlanAgreement.objects.filter(
            version__plan=OuterRef("pk"), version__number=OuterRef("version"), agreement=rules.YES
        )
        .order_by()
        .values("version")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        FamilyPlan.objects.filter(case__in=cases, version__gt=0)
        .annotate(
            participants=Coalesce(Subquery(participants, output_field=IntegerField()), 0),
            said_yes=Coalesce(Subquery(yes, output_field=IntegerField()), 0),
        )
        .order_by("case__family__name", "pk")
        .values_list("case_id", "case__family_id", "case__family__name", "version", "participants", "said_yes")
    )
    text = _("Plan version %(number)s: %(agreed)s of %(asked)s family members agreed")
    url = registry.url_maker("plans:plan")
    return [
        Item(
            registry.PLANS_PROVIDER_KEY,
            text % {"number": version, "agreed": said_yes, "asked": asked},
            url(case_id),
            case_id=case_id,
            family_id=family_id,
            family_name=family_name,
        )
        for case_id, family_id, family_name, version, asked, said_yes in rows
        if not (asked and said_yes >= asked)
    ]


def register() -> None:
    registry.register(registry.PLANS_PROVIDER_KEY, plans)

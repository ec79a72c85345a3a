"""The dashboard's group "New from the family" (``caseload.registry``): cases in which a family member wrote
something (any dossier entry by a family account: a proposal, a score, an answer to the plan, a preference, …)
after the case's "seen up to" mark (``portal.FamilyInputSeen``). One query, however many cases."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext

from samenplan.caseload import registry
from samenplan.caseload.registry import Item


def family_input(cases, today: date, settings) -> list[Item]:
    """One item per case with family entries its professionals have not marked as seen, oldest waiting first.

    Per case, its entries after its "seen up to" mark by the accounts of its family (a family account writes only
    in its own family's cases; ``portal.access.unseen_family_entries`` says the same for any case): a subquery
    per case that the database answers from that case's entries, never a join over every entry (which the planner
    chose for the whole caseload at once)."""
    from samenplan.cases.models import Case, DossierEntry

    unseen = DossierEntry.objects.filter(
        case_id=OuterRef("pk"), author__family_account__member__family_id=OuterRef("family_id"), pk__gt=OuterRef("mark")
    )
    per_case = unseen.order_by().values("case_id")
    found = (
        Case.objects.filter(pk__in=cases.values("pk"))
        .annotate(mark=Coalesce(F("family_input_seen__up_to_entry"), 0))
        .annotate(
            new=Subquery(per_case.annotate(n=Count("pk")).values("n")),
            latest=Subquery(per_case.annotate(m=Max("at")).values("m")),
        )
        .filter(new__gt=0)
        .select_related("family")
        .order_by("latest", "pk")
    )
    items = []
    for case in found:
        day = timezone.localdate(case.latest)
        text = ngettext(
            "%(count)s new message from the family, the newest on %(day)s",
            "%(count)s new messages from the family, the newest on %(day)s",
            case.new,
        ) % {"count": case.new, "day": date_format(day)}
        url = reverse("cases:dossier", args=[case.pk]) + "#new-from-family"
        items.append(
            Item(
                registry.FAMILY_INPUT_PROVIDER_KEY,
                text,
                url,
                case_id=case.pk,
                family_id=case.family_id,
                family_name=case.family.name,
                due=day,
            )
        )
    return items


def register() -> None:
    registry.register(registry.FAMILY_INPUT_PROVIDER_KEY, family_input)

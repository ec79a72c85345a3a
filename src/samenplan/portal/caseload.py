"""The dashboard's group "New from the family" (``caseload.registry``): cases in which a family member wrote
something (any dossier entry by a family account: a proposal, a score, an answer to the plan, a preference, …)
after the case's "seen up to" mark (``portal.FamilyInputSeen``). One query, however many cases."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import ngettext

from samenplan.caseload import registry
from samenplan.caseload.registry import Item


def family_input(cases, today: date, settings) -> list[Item]:
    """One item per case with family entries its professionals have not marked as seen, oldest waiting first.

    Only the cases whose family has a portal account are looked at (most have none); per such case, its entries
    after its "seen up to" mark whose author is one of its family's accounts (a family account writes only in its
    own family's cases; ``portal.access.unseen_family_entries`` says the same for any case): a subquery per case
    that the database answers from that case's entries and the family's few accounts, never a join over every
    entry (which the planner chose for the whole caseload at once). Plain values, one query."""
    from samenplan.cases.models import DossierEntry
    from samenplan.portal.models import FamilyAccount

    accounts = FamilyAccount.objects.filter(member__family_id=OuterRef("family_id"))
    unseen = DossierEntry.objects.filter(
        case_id=OuterRef("pk"),
        author_id__in=FamilyAccount.objects.filter(member__family_id=OuterRef(OuterRef("family_id"))).values("user_id"),
        pk__gt=OuterRef("mark"),
    )
    per_case = unseen.order_by().values("case_id")
    rows = (
        cases.filter(Exists(accounts))
        .annotate(mark=Coalesce(F("family_input_seen__up_to_entry"), 0))
        .annotate(
            new=Subquery(per_case.annotate(n=Count("pk")).values("n")),
            latest=Subquery(per_case.annotate(m=Max("at")).values("m")),
        )
        .order_by("latest", "pk")
        .values_list("pk", "family_id", "family__name", "new", "latest")
    )
    url, day = registry.url_maker("cases:dossier", "#new-from-family"), registry.day_format()
    items = []
    for pk, family_id, family_name, new, latest in rows:
        if not new:  # nothing after the mark (asked here: in SQL the count's subquery ran for every case)
            continue
        on = timezone.localdate(latest)
        text = ngettext(
            "%(count)s new message from the family, the newest on %(day)s",
            "%(count)s new messages from the family, the newest on %(day)s",
            new,
        ) % {"count": new, "day": day(on)}
        items.append(
            Item(
                registry.FAMILY_INPUT_PROVIDER_KEY,
                text,
                url(pk),
                case_id=pk,
                family_id=family_id,
                family_name=family_name,
                due=on,
            )
        )
    return items


def register() -> None:
    registry.register(registry.FAMILY_INPUT_PROVIDER_KEY, family_input)

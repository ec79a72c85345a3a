"""The dashboard's group "New from the family" (``caseload.registry``): cases in which a family member wrote
something (any dossier entry by a family account: a proposal, a score, an answer to the plan, a preference, …)
after the case's "seen up to" mark (``portal.FamilyInputSeen``). One query, however many cases."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext

from samenplan.caseload import registry
from samenplan.caseload.registry import Item


def family_input(cases, today: date, settings) -> list[Item]:
    """One item per case with family entries its professionals have not marked as seen, oldest waiting first.

    Counted from the unseen entries of the accounts of the cases' families (``portal.access.unseen_family_entries``;
    a family account writes only in its own family's cases), found through the author index: not from every
    entry of every case."""
    from samenplan.portal.access import unseen_family_entries
    from samenplan.portal.models import FamilyAccount

    authors = FamilyAccount.objects.filter(member__family_id__in=cases.values("family_id")).values("user_id")
    found = (
        unseen_family_entries()
        .filter(case__in=cases, author_id__in=authors)
        .order_by()
        .values("case_id", "case__family_id", "case__family__name")
        .annotate(new=Count("pk"), latest=Max("at"))
        .order_by("latest", "case_id")
    )
    items = []
    for row in found:
        day = timezone.localdate(row["latest"])
        text = ngettext(
            "%(count)s new message from the family, the newest on %(day)s",
            "%(count)s new messages from the family, the newest on %(day)s",
            row["new"],
        ) % {"count": row["new"], "day": date_format(day)}
        url = reverse("cases:dossier", args=[row["case_id"]]) + "#new-from-family"
        items.append(
            Item(
                registry.FAMILY_INPUT_PROVIDER_KEY,
                text,
                url,
                case_id=row["case_id"],
                family_id=row["case__family_id"],
                family_name=row["case__family__name"],
                due=day,
            )
        )
    return items


def register() -> None:
    registry.register(registry.FAMILY_INPUT_PROVIDER_KEY, family_input)

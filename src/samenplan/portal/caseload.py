"""The dashboard's group "New from the family" (``caseload.registry``): cases in which a family member wrote
something (any dossier entry by a family account: a proposal, a score, an answer to the plan, a preference, …)
after the case's "seen up to" mark (``portal.FamilyInputSeen``). One query, however many cases."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import ngettext

from samenplan.caseload import registry
from samenplan.caseload.registry import Item


@registry.Statement
def _unseen():
    """Only the cases whose family has a portal account are looked at (most have none: asked as one set of
    families, not once per case, which read each case first: ≈ 0.68 → 0.44 ms for the benchmark's 217 cases, none
    with an account, a third of the buffers); per such case, its entries after its "seen up to" mark whose author
    is one of its family's accounts (a family account writes only in its own family's cases;
    ``portal.access.unseen_family_entries`` says the same for any case): a subquery per case that the database
    answers from that case's entries and the family's few accounts, never a join over every entry (which the
    planner chose for the whole caseload at once). Plain values, one query."""
    from samenplan.cases.models import Case, DossierEntry
    from samenplan.portal.models import FamilyAccount

    # the families of the cases that have an account: one look-up per family of the cases (``among_families``, their
    # ids come with the case rows) in the accounts' index of their member's family (``FamilyAccount.family``, kept by
    # the database), which the database makes before it reads a case; through the members it was one look-up per
    # member (≈ 1,900 → 360 buffers for the benchmark's 180 families)
    with_accounts = FamilyAccount.objects.filter(registry.among_families("family_id"))
    unseen = DossierEntry.objects.filter(
        case_id=OuterRef("pk"),
        author_id__in=FamilyAccount.objects.filter(family_id=OuterRef(OuterRef("family_id"))).values("user_id"),
        pk__gt=OuterRef("mark"),
    )
    per_case = unseen.order_by().values("case_id")
    return (
        Case.objects.filter(registry.among_cases("pk"), family_id__in=with_accounts.values("family_id"))
        .annotate(mark=Coalesce(F("family_input_seen__up_to_entry"), 0))
        .annotate(
            new=Subquery(per_case.annotate(n=Count("pk")).values("n")),
            latest=Subquery(per_case.annotate(m=Max("at")).values("m")),
        )
        .order_by("latest", "pk")
        .values_list("pk", "new", "latest")
    )


def family_input(cases, today: date, settings) -> list[Item]:
    """One item per case with family entries its professionals have not marked as seen, oldest waiting first
    (``_unseen``)."""
    rows = _unseen.rows(cases)
    url, day, family = registry.url_maker("cases:dossier", "#new-from-family"), registry.day_format(), cases.family
    items = []
    for pk, new, latest in rows:
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
                pk,
                *family[pk],
                due=on,
            )
        )
    return items


def register() -> None:
    registry.register(registry.FAMILY_INPUT_PROVIDER_KEY, family_input)

"""Getting consents and information requests for a user: the record, or 404 when they may not see its case.

Who may see or change them follows the case (``cases.view_case`` / ``cases.change_case``).
"""

from __future__ import annotations

import rules
from django.db.models import QuerySet
from django.http import Http404

from samenplan.cases.models import Case, Member
from samenplan.consent.models import Consent, InformationRequest, Recipient
from samenplan.errors import read_only
from samenplan.ids import parse_id


def get_consent_for_user(user, consent_id, *, edit: bool = False) -> Consent:
    """The consent if the user may see its case (and, with ``edit``, change it); otherwise 404 (or 403)."""
    number = parse_id(consent_id)
    consent = (
        Consent.objects.select_related("case__family", "case__team", "recipient").filter(pk=number).first()
        if number is not None
        else None
    )
    if consent is None or not rules.test_rule("cases.view_case", user, consent.case):
        raise Http404
    if edit and not rules.test_rule("cases.change_case", user, consent.case):
        raise read_only()
    return consent


def case_consents(case: Case) -> QuerySet[Consent]:
    return case.consents.select_related("recipient", "revoked_by").prefetch_related("givers")


# What the dossier's consent section shows of each consent, read as values (samenplan.prepared): the ORM's query
# with its recipient and the member who revoked it, and the prefetch of its givers, cost more to build and compile
# than to read; the givers are joined in the same query.
DOSSIER_CONSENT_FIELDS = (
    "pk", "purpose", "data_kinds", "benefit", "given_on", "expires_on", "revoked_at", "revocation_reason",
    "proposal_id", "recipient_id", "recipient__name", "recipient__role", "revoked_by_id", "revoked_by__given_name",
    "revoked_by__family_name",
)  # fmt: skip


def dossier_consents(case: Case) -> list[Consent]:
    """The case's consents as ``case_consents`` orders them, for the dossier: each an instance made from the values
    the section shows (its recipient and the member who revoked it as well), with ``giver_names``, the names of the
    members who gave it in the order of ``givers.all()``. One query compiled once per connection: a row per consent
    and giver (one with no giver for a consent without)."""
    from samenplan import prepared

    # a prepared statement on PostgreSQL: planning it (0.3 ms) took eight times as long as running it
    rows = prepared.values(Consent, "dossier-consents", lambda: _dossier_consents(case), [case.pk], prepare=True)
    found: list[Consent] = []
    for row in rows:
        if not found or found[-1].pk != row["pk"]:
            consent = Consent(**{name: row[name] for name in DOSSIER_CONSENT_FIELDS if "__" not in name})
            consent.recipient = Recipient(
                pk=row["recipient_id"], name=row["recipient__name"], role=row["recipient__role"]
            )
            if row["revoked_by_id"] is not None:
                consent.revoked_by = Member(
                    pk=row["revoked_by_id"], given_name=row["revoked_by__given_name"],
                    family_name=row["revoked_by__family_name"],
                )  # fmt: skip
            consent.giver_names = []
            found.append(consent)
        if row["givers__id"] is not None:
            giver = Member(given_name=row["givers__given_name"], family_name=row["givers__family_name"])
            found[-1].giver_names.append(str(giver))
    return found


def _dossier_consents(case: Case) -> QuerySet:
    """The consents in ``Consent``'s order (which ends with the id: each consent's rows together), each with its
    givers in ``Member``'s (``givers.all()``'s)."""
    ordering = [*Consent._meta.ordering, *(f"givers__{field}" for field in Member._meta.ordering)]
    fields = (*DOSSIER_CONSENT_FIELDS, "givers__id", "givers__given_name", "givers__family_name")
    return Consent.objects.filter(case_id=case.pk).order_by(*ordering).values(*fields)


def case_information_requests(case: Case) -> QuerySet[InformationRequest]:
    return case.information_requests.select_related("recipient", "requested_by")


def case_recipients(case: Case) -> QuerySet[Recipient]:
    return case.recipients.all()


def case_proposals(case: Case, consents: list[Consent]) -> list:
    """The case's proposed consents, with who was asked, and as ``given`` the consents given from each, taken from
    ``consents`` (the case's consents, read already with their givers)."""
    from samenplan.consent.models import ConsentProposal

    proposals = list(
        ConsentProposal.objects.filter(case=case)
        .select_related("recipient")
        .prefetch_related("asked")
        .order_by("-proposed_at", "-pk")
    )
    for proposal in proposals:
        proposal.given = [consent for consent in consents if consent.proposal_id == proposal.pk]
    return proposals


def proposals_for_member(member):
    """Proposed consents of the member's own family that ask this member, newest first."""
    from samenplan.consent.models import ConsentProposal

    return (
        ConsentProposal.objects.filter(case__family_id=member.family_id, asked=member)
        .select_related("recipient", "case")
        .prefetch_related("consents__givers")
        .order_by("-proposed_at", "-pk")
    )


def get_proposal_for_member(member, proposal_id):
    """A proposal of the member's own family that asks this member; otherwise 404 (whether it exists or not)."""
    number = parse_id(proposal_id)
    proposal = proposals_for_member(member).filter(pk=number).first() if number is not None else None
    if proposal is None:
        raise Http404
    return proposal

"""Getting consents and information requests for a user: the record, or 404 when they may not see its case.

Who may see or change them follows the case (``cases.view_case`` / ``cases.change_case``).
"""

from __future__ import annotations

import rules
from django.db.models import QuerySet
from django.http import Http404

from samenplan.cases.models import Case
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

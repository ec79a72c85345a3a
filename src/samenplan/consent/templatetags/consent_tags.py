"""Template tags for the consent section that the dossier includes (the dossier view stays the cases app's)."""

from django import template

from samenplan.cases.access import section_rows
from samenplan.consent import access, rows

register = template.Library()


@register.simple_tag
def case_consents(case):
    """The case's consents as the dossier shows them, with ``giver_names`` (``access.dossier_consents``)."""
    return section_rows(case, "consents", lambda: access.dossier_consents(case))


@register.simple_tag
def case_information_requests(case):
    return section_rows(case, "information_requests", lambda: access.case_information_requests(case))


@register.simple_tag
def case_proposals(case, consents):
    """The proposed consents, each with the consents given from it out of ``consents`` (no query of their own)."""
    return section_rows(case, "consent_proposals", lambda: access.case_proposals(case, consents))


@register.simple_tag
def consent_items(consents, can_edit, today):
    """The consents' ``<li>`` as HTML (``rows.consent_items``)."""
    return rows.consent_items(consents, can_edit, today)

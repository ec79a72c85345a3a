"""Template tags for the consent section that the dossier includes (the dossier view stays the cases app's)."""

from django import template

from samenplan.cases.access import section_rows
from samenplan.consent import access

register = template.Library()


@register.simple_tag
def case_consents(case):
    return section_rows(case, "consents", lambda: access.case_consents(case))


@register.simple_tag
def case_information_requests(case):
    return section_rows(case, "information_requests", lambda: access.case_information_requests(case))


@register.simple_tag
def case_proposals(case, consents):
    """The proposed consents, each with the consents given from it out of ``consents`` (no query of their own)."""
    return section_rows(case, "consent_proposals", lambda: access.case_proposals(case, consents))

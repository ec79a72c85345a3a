"""Template tags for the consent section that the dossier includes (the dossier view stays the cases app's)."""

from django import template

from samenplan.consent import access

register = template.Library()


@register.simple_tag
def case_consents(case):
    return list(access.case_consents(case))


@register.simple_tag
def case_information_requests(case):
    return list(access.case_information_requests(case))


@register.simple_tag
def case_proposals(case):
    return list(access.case_proposals(case))

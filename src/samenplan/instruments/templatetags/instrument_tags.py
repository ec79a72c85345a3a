"""Template tags for the questionnaire section that the dossier includes (the dossier view stays the cases app's)."""

from django import template

from samenplan.instruments import access

register = template.Library()


@register.simple_tag
def case_administrations(case):
    return list(access.case_administrations(case))


@register.simple_tag
def case_assignments(case):
    """The questionnaires family members were asked to fill in themselves (open first)."""
    return list(access.case_assignments(case))

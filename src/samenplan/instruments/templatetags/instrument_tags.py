"""Template tags for the questionnaire section that the dossier includes (the dossier view stays the cases app's)."""

from django import template

from samenplan.cases.access import section_rows
from samenplan.instruments import access

register = template.Library()


@register.simple_tag
def case_administrations(case):
    return section_rows(case, "administrations", lambda: access.case_administrations(case))


@register.simple_tag
def case_assignments(case):
    """The questionnaires family members were asked to fill in themselves (open first)."""
    return section_rows(case, "questionnaire_assignments", lambda: access.case_assignments(case))

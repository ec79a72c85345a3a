"""The dossier's unbound form fields written without the template engine's work per option (``cases.rows``)."""

from django import template

from samenplan.cases import rows

register = template.Library()


@register.simple_tag
def select_field(field):
    """``{% include "_field.html" with field=field %}`` for a select field (``rows.select_field``)."""
    return rows.select_field(field)


@register.simple_tag
def hidden_field(field):
    """``{{ field }}`` for a hidden input (``rows.hidden_field``)."""
    return rows.hidden_field(field)


@register.simple_tag
def case_facts(case, registration, coworkers):
    """The "Case" section's facts from the phase to the child-protection measure (``rows.case_facts``)."""
    return rows.case_facts(case, registration, coworkers)

"""The case page's block "New from the family" (cases/dossier.html): what family members wrote that the case's
professionals have not marked as seen, and the family's proposals waiting for an answer."""

from django import template

register = template.Library()


@register.inclusion_tag("portal/_new_from_family.html", takes_context=True)
def new_from_family(context, case, can_edit=False):
    from samenplan.portal import access
    from samenplan.portal.rows import new_from_family_items

    found = access.new_from_family(case)
    return {
        "case": case,
        "can_edit": can_edit,
        "csrf_token": context.get("csrf_token"),
        "new_from_family": found,
        "items_html": new_from_family_items(found["entries"], case.pk),
        "open_proposals": case.open_family_proposals,  # counted on the case's own query (cases.access)
    }

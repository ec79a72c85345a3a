"""The dossier's consents (``consent/_consents.html``) as HTML, consent by consent in Python.

The markup is the template's loop; what cost was the template engine's work per fact (thirteen tags and filters
a consent, each resolving its variables and escaping): ≈ 0.5 ms for one consent (issue 14). Here the labels are
looked up once per page (the choices' by ``cases.models.label_of``, not ``get_FOO_display``) and a consent is
one f-string with its texts escaped.
"""

from __future__ import annotations

from datetime import date

from django.template.defaultfilters import capfirst, linebreaksbr
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from samenplan.cases.models import label_of
from samenplan.consent.models import DataKind, Purpose, RecipientRole
from samenplan.links import url_for_ids


def consent_items(consents: list, can_edit: bool, today: date) -> SafeString:
    """The ``<li>`` of the consents (``access.dossier_consents``: each with its recipient, the member who revoked
    it and ``giver_names``): who receives the data, the status (revoked, expired before ``today`` or valid), what
    for, which data, who gave it and when, until when, why it helps, and for who may change the case (``can_edit``)
    the link to revoke it. The labels are written as ``{% translate %}`` wrote them: not escaped (the catalogue is
    ours)."""
    revoke_url = url_for_ids("consent:revoke")
    item = '<div class="utrecht-data-list__item samenplan-facts__item"><dt class="utrecht-data-list__item-key">'
    value = '</dt><dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">'
    status, what_for, which_data = gettext("Status"), gettext("What for"), gettext("Which data")
    given_by, valid_until, why = gettext("Given by"), gettext("Valid until"), gettext("Why this helps the family")
    valid, until_revoked, revoke = gettext("Valid"), gettext("until revoked"), gettext("Revoke")
    parts = []
    for consent in consents:
        recipient = conditional_escape(consent.recipient.name)
        revoked = consent.is_revoked
        if revoked:
            when = f"{template_localtime(consent.revoked_at):%d-%m-%Y}"  # as the date filter shows it
            words = gettext("Revoked on %(date)s by %(name)s") % {
                "date": when,
                "name": conditional_escape(str(consent.revoked_by)),
            }
            reason = f": {conditional_escape(consent.revocation_reason)}" if consent.revocation_reason else ""
            shown = f"<strong>{words}</strong>{reason}"
        elif consent.expires_on and consent.expires_on < today:
            shown = f"<strong>{gettext('Expired on %(date)s') % {'date': f'{consent.expires_on:%d-%m-%Y}'}}</strong>"
        else:
            shown = valid
        kinds = capfirst("; ".join(conditional_escape(label) for label in _data_kind_labels(consent.data_kinds)))
        purpose = conditional_escape(capfirst(label_of(Purpose, consent.purpose)))
        givers = ", ".join(conditional_escape(name) for name in consent.giver_names)
        given = f'<time datetime="{consent.given_on.isoformat()}">{consent.given_on:%d-%m-%Y}</time>'
        expires = consent.expires_on
        until = f'<time datetime="{expires.isoformat()}">{expires:%d-%m-%Y}</time>' if expires else until_revoked
        link = ""
        if can_edit and not revoked:
            whose = gettext("the consent for %(name)s") % {"name": recipient}
            link = (
                f'<p class="utrecht-paragraph"><a class="utrecht-link" href="{revoke_url(consent.pk)}">{revoke}'
                f'<span class="samenplan-visually-hidden"> {whose}</span></a></p>'
            )
        parts.append(
            f'\n    <li class="samenplan-consents__item{" samenplan-consents__item--revoked" if revoked else ""}">\n'
            f'      <h3 class="utrecht-heading-3">{recipient} <span class="samenplan-consents__role">'
            f"({conditional_escape(label_of(RecipientRole, consent.recipient.role))})</span></h3>\n"
            f'      <dl class="utrecht-data-list samenplan-facts">\n'
            f"        {item}{status}{value}{shown}</dd></div>\n"
            f"        {item}{what_for}{value}{purpose}</dd></div>\n"
            f"        {item}{which_data}{value}{kinds}</dd></div>\n"
            f"        {item}{given_by}{value}{givers}, {given}</dd></div>\n"
            f"        {item}{valid_until}{value}{until}</dd></div>\n"
            f"        {item}{why}{value}{linebreaksbr(consent.benefit, autoescape=True)}</dd></div>\n"
            f"      </dl>\n"
            f"      {link}\n"
            f"    </li>\n    "
        )
    return mark_safe("".join(parts))  # noqa: S308 (every text in it escaped here)


def _data_kind_labels(kinds: list) -> list[str]:
    """``Consent.data_kind_labels()`` (the labels of the kinds still offered), without building the list of every
    kind's value for each kind."""
    labels = []
    for kind in kinds:
        try:
            labels.append(DataKind(kind).label)
        except ValueError:
            continue
    return labels

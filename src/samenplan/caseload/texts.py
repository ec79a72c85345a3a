"""The words for each group: its heading on the dashboard and its line in the reminder (counts only)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from samenplan.caseload import registry

TITLES = {
    registry.EVALUATIONS_PROVIDER_KEY: _("Evaluations due this week or overdue"),
    registry.CONSULTATIONS_PROVIDER_KEY: _("Consultations waiting or answered"),
    registry.CONSENTS_PROVIDER_KEY: _("Consents that end within 30 days"),
    registry.FAMILY_INPUT_PROVIDER_KEY: _("New from the family"),
    registry.PLANS_PROVIDER_KEY: _("Plans the family has not agreed to yet"),
    registry.INACTIVE_PROVIDER_KEY: _("Cases without activity"),
}


def title(key: str) -> str:
    return str(TITLES.get(key, key))


def digest_line(key: str, due: int, overdue: int) -> str:
    """One line of the reminder: numbers and what they are, never whose."""
    if key == registry.EVALUATIONS_PROVIDER_KEY:
        text = ngettext("%(count)s evaluation this week", "%(count)s evaluations this week", due) % {"count": due}
    elif key == registry.CONSULTATIONS_PROVIDER_KEY:
        text = ngettext("%(count)s advice received", "%(count)s pieces of advice received", due) % {"count": due}
    elif key == registry.CONSENTS_PROVIDER_KEY:
        text = ngettext("%(count)s consent ends within 30 days", "%(count)s consents end within 30 days", due) % {
            "count": due
        }
    elif key == registry.FAMILY_INPUT_PROVIDER_KEY:
        text = ngettext(
            "%(count)s case with new input from the family", "%(count)s cases with new input from the family", due
        ) % {"count": due}
    elif key == registry.PLANS_PROVIDER_KEY:
        text = ngettext(
            "%(count)s plan not yet agreed by the family", "%(count)s plans not yet agreed by the family", due
        ) % {"count": due}
    elif key == registry.INACTIVE_PROVIDER_KEY:
        text = ngettext("%(count)s case without activity", "%(count)s cases without activity", due) % {"count": due}
    else:
        text = f"{title(key)}: {due}"
    if overdue:
        text += ", " + ngettext("%(count)s overdue", "%(count)s overdue", overdue) % {"count": overdue}
    return text


def periods() -> list[tuple[str, str]]:
    """The periods a team lead can choose for the outcome figures."""
    from samenplan.caseload import outcomes_rules

    return [
        (outcomes_rules.THIS_YEAR, str(_("This year"))),
        (outcomes_rules.TWELVE_MONTHS, str(_("The last 12 months"))),
        (outcomes_rules.ALL, str(_("All time"))),
    ]

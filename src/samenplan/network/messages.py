"""Dutch messages for the refusals of ``network/rules.py``: each names the rule of the guideline it applies."""

from __future__ import annotations

from django.utils.translation import gettext as _

from samenplan.network import rules


def criterion_label(name: str) -> str:
    from samenplan.network.models import NetworkMember

    return str(NetworkMember._meta.get_field(name).verbose_name)


def criterion_required(name: str) -> str:
    return _("Answer '%(criterion)s' with yes, partly or no.") % {"criterion": criterion_label(name)}


def criterion_unknown(name: str, value) -> str:
    return _("'%(value)s' is not an answer to '%(criterion)s': choose yes, partly or no.") % {
        "value": str(value)[:40],
        "criterion": criterion_label(name),
    }


def step_refused(code: str, step: str, plan) -> str:
    """Why this step of the family group plan cannot be taken now."""
    if code == rules.UNDER_MEASURE:
        return _(
            "A family group plan is not offered: a child-protection measure applies. The family then has no legal "
            "right to make its own plan; the caseworker makes the plan together with the family."
        )
    if code == rules.NO_APPROVAL_NEEDED:
        return _("The child's safety is not at stake: the family's plan needs no approval by the caseworker.")
    if code == rules.ALREADY_APPROVED:
        return _("The family's plan has already been approved.")
    if code == rules.NOT_NOW:
        state = plan.get_state_display() if plan is not None else _("not offered yet")
        return {
            rules.OFFER: _("A family group plan has already been offered (now: %(state)s)."),
            rules.ACCEPT: _("Only an offered family group plan can be accepted or declined (now: %(state)s)."),
            rules.DECLINE: _("Only an offered family group plan can be accepted or declined (now: %(state)s)."),
            rules.RECORD: _("Only an accepted family group plan can be recorded (now: %(state)s)."),
            rules.APPROVE: _("Only a family group plan that was made can be approved (now: %(state)s)."),
        }[step] % {"state": state}
    return _("Unknown step.")

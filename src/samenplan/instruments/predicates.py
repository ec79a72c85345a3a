"""Who may do what with instruments.

Definitions hold no client data: an administrator of the organisation loads them; everyone of the organisation
sees the organisation's and the shipped ones. Administrations follow their case: whoever sees the case sees
them (``cases.view_case``), whoever may change it records them (``cases.change_case``).
"""

from __future__ import annotations

import rules

from samenplan.accounts.models import Role


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.organisation_id)


@rules.predicate
def can_manage_instruments(user) -> bool:
    return _active(user) and user.has_role(Role.ADMINISTRATOR)


@rules.predicate
def can_see_instruments(user) -> bool:
    return _active(user)


rules.add_rule("instruments.manage", can_manage_instruments)
rules.add_rule("instruments.view", can_see_instruments)

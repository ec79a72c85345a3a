"""The demo caseworker's dashboard has something in every group that exists."""

from django.utils import timezone

from samenplan import demo_data
from samenplan.accounts.models import User
from samenplan.audit import log
from samenplan.caseload import services


def test_the_demo_caseworkers_dashboard_has_items_in_every_group(db):
    demo_data.seed(families=6)
    anna = User.objects.get(username="anna")
    data = services.dashboard(anna, services.own_cases(anna), timezone.localdate())
    filled = {group.key for group in data.groups if group.items}
    assert {"consents", "family_input"} <= filled, filled
    assert data.phases
    assert log.verify()[1] is None

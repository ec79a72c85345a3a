"""The demo has a parent and a 14-year-old with a portal login, printed with the professionals' logins."""

from django.test import Client
from django.urls import reverse

from samenplan import clock, demo_data
from samenplan.audit import log
from samenplan.cases.rules import age_on
from samenplan.portal.demo import login_lines
from samenplan.portal.models import FamilyAccount


def test_the_demo_has_a_parent_and_a_14_year_old_who_can_log_in(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_data.seed()
    parent = FamilyAccount.objects.select_related("member").get(user__username="ouder")
    youth = FamilyAccount.objects.select_related("member").get(user__username="jongere")
    assert parent.member.family_id == youth.member.family_id
    assert age_on(youth.member.date_of_birth, clock.now().date()) == 14
    assert parent.member.family.cases.filter(goals__isnull=False).exists()
    lines = "\n".join(login_lines())
    assert "ouder" in lines and "jongere" in lines
    for username in ("ouder", "jongere"):
        client = Client()
        assert client.login(username=username, password=demo_data.DEMO_PASSWORD)
        assert client.get(reverse("portal:goals")).status_code == 200
    assert log.verify()[1] is None


def test_the_demo_family_has_one_open_proposal_that_the_caseworker_sees_as_new(db, settings):
    from django.utils import timezone

    from samenplan.accounts.models import User
    from samenplan.caseload import services
    from samenplan.portal.demo import DEMO_PROPOSAL
    from samenplan.portal.models import Proposal

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_data.seed(families=6)
    proposal = Proposal.objects.select_related("member").get()
    assert (proposal.status, proposal.words, proposal.member.role) == ("open", DEMO_PROPOSAL, "parent")
    anna = User.objects.get(username="anna")
    data = services.dashboard(anna, services.own_cases(anna), timezone.localdate())
    (group,) = [g for g in data.groups if g.key == "family_input"]
    assert proposal.case_id in {item.case_id for item in group.items}

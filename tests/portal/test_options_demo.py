"""The demo family (``ouder`` and ``jongere``) has options for help to react to in the portal."""

from django.test import Client
from django.urls import reverse

from samenplan import demo_data
from samenplan.audit import log
from samenplan.portal.models import FamilyAccount


def test_the_demo_parent_and_youth_see_options_to_react_to(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_data.seed()
    parent = FamilyAccount.objects.select_related("member__family").get(user__username="ouder")
    case = parent.member.family.cases.filter(options__isnull=False).distinct().first()
    assert case is not None and case.options.count() >= 3
    for username in ("ouder", "jongere"):
        client = Client()
        assert client.login(username=username, password=demo_data.DEMO_PASSWORD)
        page = client.get(reverse("portal:options")).content.decode()
        assert all(option.name in page for option in case.options.all())
        assert client.get(reverse("portal:preference")).status_code == 200
    assert log.verify()[1] is None

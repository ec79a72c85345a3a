"""The demo has enough ratings of conversations for the team lead's figure of Wijkteam Noord to show, and a consent
waiting for the demo parent's yes in the portal."""

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samenplan import demo_data
from samenplan.accounts.models import Team
from samenplan.consent.models import ConsentProposal
from samenplan.feedback import charts, services
from samenplan.portal.models import FamilyAccount


def test_the_demo_shows_the_team_figure_and_a_proposed_consent(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_data.seed()
    north = Team.objects.get(name=demo_data.NORTH)
    [found] = services.team_ratings([north.pk], "12m", timezone.localdate())
    assert found.figure.shown and found.figure.count >= 10  # the team lead (dewi) sees the figure
    assert "<svg" in charts.means_svg(found)
    parent = Client()
    assert parent.login(username="ouder", password=demo_data.DEMO_PASSWORD)
    mother = FamilyAccount.objects.get(user__username="ouder").member
    proposal = ConsentProposal.objects.get(asked=mother)
    assert reverse("portal:give_consent", args=[proposal.pk]) in parent.get(reverse("portal:consents")).content.decode()

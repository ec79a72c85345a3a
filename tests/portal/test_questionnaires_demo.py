"""The demo's 14-year-old (``jongere``) has one questionnaire to fill in in the portal."""

from django.test import Client
from django.urls import reverse

from samenplan import demo_data
from samenplan.instruments.models import Assignment


def test_the_demo_youth_has_a_questionnaire_to_fill_in(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_data.seed()
    assignment = Assignment.objects.select_related("member").get()
    assert assignment.member.portal_account.user.username == "jongere" and not assignment.is_done
    client = Client()
    assert client.login(username="jongere", password=demo_data.DEMO_PASSWORD)
    assert "Demo-vragenlijst Gezin" in client.get(reverse("portal:questionnaires")).content.decode()
    assert client.get(reverse("portal:questionnaire", args=[assignment.pk])).status_code == 200

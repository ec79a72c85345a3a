"""OpenID Connect login for family members, end to end against a real OIDC provider on loopback.

oidc-provider-mock (a Flask OpenID Connect provider) runs in a thread of the test process; django-allauth's
openid_connect provider (with PKCE) talks to it over HTTP as it would to a municipality's DigiD broker. The test
client plays the browser on samenplan's side; ``requests`` plays it on the provider's login page.
"""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.urls import reverse
from oidc_provider_mock import run_server_in_thread

from samenplan import clock
from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import MemberRole
from samenplan.portal.models import FamilyAccount, Invitation


@pytest.fixture(scope="module")
def provider():
    with run_server_in_thread(port=0) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def oidc(settings, provider):
    settings.PORTAL_OIDC_SERVER_URL = provider
    settings.PORTAL_OIDC_LINK_BY_VERIFIED_EMAIL = False
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "digid",
                    "name": "DigiD",
                    "client_id": "samenplan",
                    "secret": "geheim-voor-de-test",
                    "settings": {"server_url": provider, "scope": ["openid", "email"]},
                }
            ],
        }
    }
    settings.ACCOUNT_RATE_LIMITS = False
    return provider


def log_in_at_provider(response, sub: str) -> str:
    """The visitor is at the provider's login page: log in as ``sub``; the provider sends them back to samenplan.
    Returns samenplan's callback path (with the code and state)."""
    assert response.status_code == 302
    authorize = response["Location"]
    assert authorize.startswith("http://localhost:")
    page = requests.get(authorize, timeout=10)
    assert page.status_code == 200 and 'name="sub"' in page.text  # the provider's own login form
    answer = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert back.path == "/accounts/oidc/digid/login/callback/"
    return f"{back.path}?{back.query}"


def start_login(client):
    """The families' button on the login page."""
    page = client.get(reverse("account_login")).content.decode()
    assert "Inloggen met DigiD" in page
    return client.post("/accounts/oidc/digid/login/?process=login&next=/portal/")


def invite(client, world, member, email, capture):
    client.force_login(world.caseworker)
    with capture(execute=True):
        client.post(reverse("portal:invite", args=[world.case.pk]), {"member": member.pk, "email": email})
    client.logout()
    return next(word for word in mail.outbox[-1].body.split() if "/portal/invitation/" in word)


def test_it_links_digid_through_the_invitation_and_logs_the_parent_in_to_the_portal(
    client, world, oidc, django_capture_on_commit_callbacks
):
    parent = world.case.family.members.get(role=MemberRole.PARENT)
    link = invite(client, world, parent, "sanne@example.org", django_capture_on_commit_callbacks)
    path = urlsplit(link).path
    page = client.get(path).content.decode()
    assert "Inloggen met DigiD" in page

    # The invitation page hands over to the provider; the provider's login; the callback; the portal.
    callback = log_in_at_provider(client.post(path + "oidc/"), "digid-sanne-1")
    response = client.get(callback)
    assert response.status_code == 302 and response["Location"] == "/portal/"
    home = client.get("/portal/")
    assert home.status_code == 200
    assert "We maken veel ruzie thuis" in home.content.decode()
    account = FamilyAccount.objects.get(member=parent)
    assert SocialAccount.objects.get(uid="digid-sanne-1").user_id == account.user_id
    assert not account.user.has_usable_password()  # DigiD only: no password was chosen
    assert Invitation.objects.get(member=parent).used_at is not None  # the link is used up
    record = AccessLogRecord.objects.filter(action="portal.home").latest("seq")
    assert (record.user_id, record.role) == (account.user_id, "ouder")
    assert AccessLogRecord.objects.filter(action="portal.oidc_link", user_id=account.user_id).exists()

    # Next time: the button on the login page, the provider, and straight to the portal.
    client.logout()
    callback = log_in_at_provider(start_login(client), "digid-sanne-1")
    assert client.get(callback)["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200
    assert client.get(reverse("cases:caseload")).status_code == 404  # still a family account
    # The used invitation cannot link a second identity.
    client.logout()
    assert client.post(path + "oidc/").status_code == 404


def test_an_unknown_identity_gets_a_dutch_page_and_no_account(client, world, oidc):
    users_before = FamilyAccount.objects.count()
    callback = log_in_at_provider(start_login(client), "digid-onbekend")
    response = client.get(callback)
    assert response.status_code == 403
    page = response.content.decode()
    assert "We kennen u nog niet" in page
    assert FamilyAccount.objects.count() == users_before
    assert not SocialAccount.objects.exists()
    assert client.get("/portal/").status_code == 302  # not logged in: to the login page


def test_a_verified_email_claim_links_only_when_configured_and_verified(client, world, oidc, settings):
    parent = world.persona("parent")  # a family account with the verified address parent@example.org
    assert EmailAddress.objects.filter(user=parent, email="parent@example.org", verified=True).exists()
    requests.put(f"{oidc}/users/digid-ouder", json={"email": "parent@example.org", "email_verified": True}, timeout=5)
    requests.put(f"{oidc}/users/digid-niet", json={"email": "parent@example.org", "email_verified": False}, timeout=5)

    # Off (the default): the matching address does not link.
    assert client.get(log_in_at_provider(start_login(client), "digid-ouder")).status_code == 403
    settings.PORTAL_OIDC_LINK_BY_VERIFIED_EMAIL = True
    # On, but the broker does not vouch for the address: no link.
    assert client.get(log_in_at_provider(start_login(client), "digid-niet")).status_code == 403
    # On and verified: linked to the parent's account.
    assert client.get(log_in_at_provider(start_login(client), "digid-ouder"))["Location"] == "/portal/"
    assert SocialAccount.objects.get(uid="digid-ouder").user_id == parent.pk
    assert client.get("/portal/").status_code == 200


def test_the_login_page_has_no_digid_button_when_it_is_not_configured(client, world):
    assert "DigiD" not in client.get(reverse("account_login")).content.decode()


def test_an_expired_link_does_not_start_a_digid_login(client, world, oidc, django_capture_on_commit_callbacks):
    parent = world.case.family.members.get(role=MemberRole.PARENT)
    path = urlsplit(invite(client, world, parent, "sanne@example.org", django_capture_on_commit_callbacks)).path
    client.logout()
    expires = Invitation.objects.get(member=parent).expires_at
    with clock.as_of(expires - timedelta(seconds=1)):
        assert client.post(path + "oidc/").status_code == 302  # still valid: on to the provider
    with clock.as_of(expires):
        assert client.post(path + "oidc/").status_code == 404
    assert not FamilyAccount.objects.filter(member=parent).exists()

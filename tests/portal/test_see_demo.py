"""The demo family (logins ``ouder`` and ``jongere``) sees something on each of the portal's "what the family
sees" pages: the people around them, the steps, what was explained, the safety plan, a shared note (and not the
internal one)."""

from django.test import Client
from django.urls import reverse

from samenplan import demo_data


def test_the_demo_family_sees_something_on_every_new_page(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_data.seed()
    for username in ("ouder", "jongere"):
        client = Client()
        assert client.login(username=username, password=demo_data.DEMO_PASSWORD)

        def text(name, client=client):
            response = client.get(reverse(name))
            assert response.status_code == 200
            return response.content.decode()

        network = text("portal:network")
        assert "Ria" in network and "Iedereen op de kaart" in network and "06-21436587" not in network
        route = text("portal:route")
        assert 'aria-current="step"' in route and "De hulp" in route
        explained = text("portal:explained")
        assert "Boosheid en ruzie in het gezin" in explained and "Folder: Rust in huis" in explained
        safety = text("portal:safety")
        assert "Als het thuis te hard gaat" in safety and "Er is geen veiligheidsplan" not in safety
        assert "Nog geen datum" not in safety  # the next evaluation is planned
        notes = text("portal:notes")
        assert "voortaan op woensdag op" in notes and "verzuimmelding" not in notes

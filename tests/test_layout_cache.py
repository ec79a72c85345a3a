"""The layout keeps its menu and language switch in a per-process cache (samenplan/context_processors.py): each
user still sees the menu of their own roles, in the page's language, with the page they are on marked."""

from django.urls import reverse

from samenplan.accounts.models import Membership, Role


def menu(client, url: str) -> str:
    page = client.get(url).content.decode()
    return page.split('<nav class="samenplan-header__nav"', 1)[1].split("</nav>", 1)[0]


def switch(client, url: str) -> str:
    page = client.get(url).content.decode()
    return page.split('<form method="post" action="/language/"', 1)[1].split("</form>", 1)[0]


def test_it_shows_each_user_the_menu_of_their_own_roles(world, client):
    url = reverse("cases:caseload")
    client.force_login(world.team_lead)
    lead = menu(client, url)
    client.force_login(world.caseworker)
    worker = menu(client, url)
    assert "Teamoverzicht" in lead and "Toegangslog" in lead
    assert "Teamoverzicht" not in worker and "Toegangslog" not in worker and "Mijn trajecten" in worker
    client.force_login(world.team_lead)
    assert menu(client, url) == lead


def test_it_shows_a_role_given_or_taken_on_the_next_page(world, client):
    url = reverse("cases:caseload")
    client.force_login(world.caseworker)
    assert "Beheer" not in menu(client, url)
    role = Membership.objects.create(user=world.caseworker, team=world.north, role=Role.ADMINISTRATOR)
    assert "Beheer" in menu(client, url)
    role.delete()
    assert "Beheer" not in menu(client, url)


def test_it_speaks_the_language_of_the_page(world, client):
    url = reverse("cases:caseload")
    client.force_login(world.caseworker)
    dutch, dutch_switch = menu(client, url), switch(client, url)
    client.post(reverse("set_language"), {"language": "en", "next": url})
    english, english_switch = menu(client, url), switch(client, url)
    assert "Mijn trajecten" in dutch and "Te doen" in dutch
    assert "Caseload" in english and "To do" in english and "Mijn trajecten" not in english
    assert '<option value="nl" lang="nl" dir="ltr" selected>' in dutch_switch and "Taal" in dutch_switch
    assert '<option value="en" lang="en" dir="ltr" selected>' in english_switch and "Language" in english_switch


def test_it_marks_the_page_the_user_is_on(world, client):
    client.force_login(world.caseworker)
    caseload, dashboard = reverse("cases:caseload"), reverse("caseload:dashboard")
    on_caseload, on_dashboard = menu(client, caseload), menu(client, dashboard)
    assert f'href="{caseload}" aria-current="page"' in on_caseload and on_caseload.count("aria-current") == 1
    assert f'href="{dashboard}" aria-current="page"' in on_dashboard and on_dashboard.count("aria-current") == 1


def test_it_addresses_a_parent_and_a_youth_each_in_their_own_words(world, client):
    client.force_login(world.persona("parent"))
    parent = menu(client, reverse("portal:home"))
    client.force_login(world.persona("youth"))
    youth = menu(client, reverse("portal:home"))
    assert "Ons plan" in parent and "Jouw plan" not in parent
    assert "Jouw plan" in youth and "Ons plan" not in youth


def test_it_keeps_each_user_s_name_and_form_token_out_of_the_cache(world, client):
    url = reverse("cases:caseload")
    client.force_login(world.caseworker)
    first = client.get(url).content.decode()
    client.force_login(world.colleague)
    second = client.get(url).content.decode()
    assert str(world.caseworker) in first and str(world.colleague) in second
    assert str(world.caseworker) not in second.split("</header>", 1)[0]

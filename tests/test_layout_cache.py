"""The layout renders its shared parts once per process and key (``{% layout %}``, samenplan/layout.py): each user
still sees the menu of their own roles, in the page's language, with the page they are on marked, and their own
name, form token and address; the page is byte for byte what rendering the same template on every request gives."""

import re

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape

from samenplan.accounts.models import Membership, Role
from samenplan.layout import LayoutNode, ReadAloudNode


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
    mine, theirs = escape(str(world.caseworker)), escape(str(world.colleague))  # a name may hold an apostrophe
    assert mine in first and theirs in second
    assert mine not in second.split("</header>", 1)[0]


# What differs between two requests of the same page whatever the layout does: the masked form token, the nonce.
PER_REQUEST = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+'), r"\1TOKEN"),
    (re.compile(r'("X-CSRFToken": ")[^"]+'), r"\1TOKEN"),
    (re.compile(r'nonce="[^"]+"'), 'nonce="NONCE"'),
]


def normalised(response) -> str:
    page = response.content.decode()
    for pattern, replacement in PER_REQUEST:
        page = pattern.sub(replacement, page)
    return page


def rendered_every_time(monkeypatch):
    """The layout's parts rendered as plain template code on every request, with the page's own context."""
    monkeypatch.setattr(LayoutNode, "render", LayoutNode.render_plain)
    monkeypatch.setattr(ReadAloudNode, "render", ReadAloudNode.render_plain)


PROFESSIONAL_PAGES = [
    ("caseworker", lambda world: reverse("cases:caseload")),
    ("caseworker", lambda world: reverse("caseload:dashboard")),
    ("caseworker", lambda world: reverse("cases:dossier", args=[world.case.pk])),
    ("caseworker", lambda world: reverse("plans:plan", args=[world.case.pk])),
    ("caseworker", lambda world: reverse("cases:register")),
    ("caseworker", lambda world: reverse("cases:caseload") + '?q=<b>&scope="mine"\''),  # the address, escaped
    ("caseworker", lambda world: "/no/such/page/"),
    ("team_lead", lambda world: reverse("administration:team_overview", args=[world.north.pk])),
    ("team_lead", lambda world: reverse("handover:received")),
    ("administrator", lambda world: reverse("administration:home")),
    ("scientist", lambda world: reverse("analysis:queue")),
]
# The first four the server reads aloud (portal/readaloud.py's PAGES), the others the browser only.
PORTAL_PAGES = ["portal:home", "portal:plan", "portal:goals", "portal:consents", "portal:network", "mfa_index"]


def pages_both_ways(client, monkeypatch, urls) -> list[tuple[str, str, str]]:
    """(url, page with the parts kept, page rendered every time) for each url: the kept page from the second
    request, when the parts come from what the first one rendered."""
    kept = []
    for url in urls:
        client.get(url)
        kept.append(client.get(url))
    with monkeypatch.context() as patch:
        rendered_every_time(patch)
        plain = [client.get(url) for url in urls]
    assert [r.status_code for r in kept] == [r.status_code for r in plain]
    return [(url, normalised(a), normalised(b)) for url, a, b in zip(urls, kept, plain, strict=True)]


@pytest.mark.parametrize("language", settings.WORKBENCH_LANGUAGES)
def test_every_professional_page_is_the_same_as_rendering_the_layout_every_time(world, client, monkeypatch, language):
    for persona in sorted({persona for persona, _url in PROFESSIONAL_PAGES}):
        client.force_login(world.persona(persona))
        client.post(reverse("set_language"), {"language": language, "next": "/"})
        urls = [url(world) for name, url in PROFESSIONAL_PAGES if name == persona]
        for url, kept, plain in pages_both_ways(client, monkeypatch, urls):
            assert kept == plain, (persona, language, url)
            assert f'<html lang="{language}"' in kept and "samenplan-header__nav" in kept, url


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("persona", ["parent", "youth"])
def test_every_portal_page_is_the_same_as_rendering_the_layout_every_time(
    world, client, monkeypatch, persona, language
):
    client.force_login(world.persona(persona))
    client.post(reverse("set_language"), {"language": language, "next": "/portal/"})
    urls = [reverse(name) for name in PORTAL_PAGES]
    for url, kept, plain in pages_both_ways(client, monkeypatch, urls):
        assert kept == plain, (persona, language, url)
        assert f'<html lang="{language}"' in kept and "data-readaloud" in kept, url
        assert kept.count('aria-current="page"') == (1 if url.startswith("/portal/") else 0), url
        audio = url in [reverse(name) for name in PORTAL_PAGES[:4]]  # the pages the server reads aloud
        assert ('data-readaloud-audio="/portal/read-aloud/page-' in kept) == audio, url


def test_the_login_page_is_the_same_as_rendering_the_layout_every_time(client, monkeypatch):
    for url, kept, plain in pages_both_ways(client, monkeypatch, [reverse("account_login"), "/no/such/page/"]):
        assert kept == plain and 'action="/language/"' in kept and "samenplan-header__nav" not in kept, url


def test_each_page_keeps_its_own_address_for_the_language_switch(world, client):
    client.force_login(world.caseworker)
    first = switch(client, reverse("cases:caseload") + "?page=2")
    second = switch(client, reverse("cases:caseload") + "?q=a&b")
    assert 'name="next" value="/cases/?page=2"' in first
    assert 'name="next" value="/cases/?q=a&amp;b"' in second


def render(source: str, **context) -> str:
    return Template("{% load layout %}" + source).render(Context(context))


def test_a_part_sees_nothing_of_the_page_s_context(world, rf: RequestFactory):
    request = rf.get("/cases/?q=secret")
    request.user = world.caseworker
    source = (
        "{% layout %}[{{ family }}|{{ user.username }}|{{ user.pk }}|{{ request.GET.q }}|{{ user }}]{% endlayout %}"
    )
    page = render(source, family="Jansen", user=world.caseworker, request=request)
    assert page == f"[||||{escape(str(world.caseworker))}]"


def test_a_part_shows_each_user_their_own_name_and_token(world, rf: RequestFactory):
    template = Template("{% load layout %}{% layout %}<p>{{ user }}</p>{% csrf_token %}{{ csrf_token }}{% endlayout %}")
    pages = []
    for user, token in ((world.caseworker, "first"), (world.colleague, "second<&>")):
        pages.append(template.render(Context({"user": user, "csrf_token": token, "request": rf.get("/")})))
    assert (
        pages[0]
        == f'<p>{escape(str(world.caseworker))}</p><input type="hidden" name="csrfmiddlewaretoken" value="first">first'
    )
    escaped = "second&lt;&amp;&gt;"
    field = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escaped}">'
    assert pages[1] == f"<p>{escape(str(world.colleague))}</p>{field}{escaped}"


@pytest.mark.filterwarnings(
    "ignore::django.utils.deprecation.RemovedInDjango60Warning"
)  # Django's own tag, "NOTPROVIDED"
def test_a_part_without_a_form_token_shows_what_the_template_shows(world):
    template = Template("{% load layout %}{% layout %}[{% csrf_token %}|{{ csrf_token }}]{% endlayout %}")
    assert template.render(Context({"csrf_token": "NOTPROVIDED"})) == "[|NOTPROVIDED]"
    assert template.render(Context({})) == "[|]"


def test_a_block_cannot_be_inside_a_part():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load layout %}{% layout %}{% block title %}{% endblock %}{% endlayout %}")


def test_a_page_rendered_without_its_request_renders_the_parts_as_plain_template_code():
    from django.template.loader import get_template

    page = get_template("404.html").render({})
    assert '<input type="hidden" name="next" value="">' in page and "samenplan-header__nav" not in page

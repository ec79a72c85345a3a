"""The helper that blanks a page's random values blanks every one a real page carries."""

import re

from django.urls import reverse
from django.utils.html import escape

from tests.pagetext import shows_word, without_tokens


def test_a_real_page_keeps_no_form_token_or_nonce_after_blanking(client, world):
    client.force_login(world.caseworker)
    html = client.get(reverse("cases:dossier", args=[world.case.pk])).content.decode()
    nonces = set(re.findall(r'nonce="([^"]+)"', html))
    tokens = set(re.findall(r'value="([A-Za-z0-9]{64})"', html)) | set(re.findall(r'"X-CSRFToken": "([^"]+)"', html))
    assert nonces and tokens  # the page carries both
    blanked = without_tokens(html)
    assert not any(value in blanked for value in nonces | tokens)
    assert escape(world.case.family.name) in blanked  # what the page shows stays


def test_a_word_is_found_whole_and_as_the_page_escapes_it():
    page = '<p nonce="xMensy">Mensen om u heen</p><p>Wijkteam Noord, D&#x27;Souza</p>'
    assert not shows_word(page, "Mens") and not shows_word(page, "Wijk")
    assert shows_word(page, "Noord") and shows_word(page, "D'Souza") and shows_word(page, "Mensen om u heen")

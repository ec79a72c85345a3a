"""``{% readaloud %}``: the read-aloud controls ("Voorlezen", pause, stop) for the whole portal page;
``{% readaloud "plan-safety" %}`` for one part, placed inside the element with ``data-readaloud-block`` of that
id. The browser's own voice reads where it has one for the page's language; otherwise the server's audio
(portal/views_readaloud.py) plays. The script is ``static/samenplan/readaloud.js``.
"""

from __future__ import annotations

from django import template
from django.urls import reverse

from samenplan.portal import readaloud as rules

register = template.Library()


@register.inclusion_tag("portal/_readaloud.html", takes_context=True)
def readaloud(context, block: str = ""):
    request = context.get("request")
    whole_page = not block
    if whole_page and request is not None and request.resolver_match is not None:
        match = request.resolver_match
        if match.app_name == "portal":
            block = rules.page_block(match.url_name, match.kwargs)
    return {
        "whole_page": whole_page,
        "block": block,
        "audio_url": reverse("portal:read_aloud", args=[block]) if rules.parse_block(block) else "",
        "portal_voice": context.get("portal_voice"),
    }

"""Read-aloud made on the server: a block of a portal page spoken by espeak-ng (portal/readaloud.py)."""

from __future__ import annotations

import subprocess

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import resolve, reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from samenplan.audit.log import record
from samenplan.audit.models import Event
from samenplan.portal import access, readaloud


@require_http_methods(["GET", "HEAD"])
@login_required
@access.family_member_required
def read_aloud(request, block: str):
    """The block (never a text from the browser) as WAV audio, in the page's language. The page is rendered for
    this member by its own view, so its access checks (404) and its read record apply; this read is logged too."""
    wanted = readaloud.parse_block(block)
    voice = readaloud.espeak_voice(get_language())
    if wanted is None or voice is None:
        raise Http404
    match = resolve(reverse(f"portal:{wanted.page}", kwargs=wanted.kwargs))
    page = match.func(request, **match.kwargs)  # raises Http404 for what this member may not see
    if page.status_code != 200 or not page.get("Content-Type", "").startswith("text/html"):
        raise Http404
    if hasattr(page, "render"):
        page.render()
    text = readaloud.text_of(page.content.decode(), element=wanted.element)
    if not text:
        raise Http404
    try:
        audio = readaloud.speech(text, voice)
    except (OSError, subprocess.SubprocessError):
        return HttpResponse(status=503)  # espeak-ng missing or failing: the button says it cannot read aloud
    member = request.member
    record(request.user, Event.READ, "portal.read_aloud", family=member.family, member=member, detail=f"block={block}")
    response = HttpResponse(audio, content_type="audio/wav")
    response["Cache-Control"] = "private, no-store"
    return response

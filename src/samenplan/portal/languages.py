"""The language a page speaks (issue 12). Family members read the portal in any of settings.LANGUAGES; their
choice is stored on their cases.Member and wins for their whole session. Professionals read the workbench in
settings.WORKBENCH_LANGUAGES only (the other languages have catalogues of the family-facing texts only).

``LanguageMiddleware`` runs after Django's LocaleMiddleware (cookie, then Accept-Language) and the authentication
middleware; ``languages`` is the context processor for the language switch (templates/_language_switch.html)."""

from __future__ import annotations

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils import translation

from samenplan.portal import rules
from samenplan.portal.middleware import LANGUAGE_KEY, family_member_id


def codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def chosen_language(request) -> str:
    """The logged-in family member's stored language ("" when they never chose one); read at login with the rest
    of their session (portal.middleware), looked up here only for a session from before that."""
    if LANGUAGE_KEY not in request.session:
        from samenplan.cases.models import Member

        member_id = family_member_id(request)
        found = Member.objects.filter(pk=member_id).values_list("language", flat=True).first() if member_id else ""
        request.session[LANGUAGE_KEY] = found or ""
    return request.session[LANGUAGE_KEY]


def remember(request, code: str) -> None:
    """After the family member chose ``code``: this session speaks it from now on."""
    if hasattr(request, "session"):
        request.session[LANGUAGE_KEY] = code


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        authenticated = bool(user is not None and user.is_authenticated and hasattr(request, "session"))
        family = authenticated and family_member_id(request) is not None
        code = rules.page_language(
            requested=translation.get_language() or settings.LANGUAGE_CODE,
            chosen=chosen_language(request) if family else "",
            family=family,
            professional=authenticated and not family,
            codes=codes(),
            workbench=settings.WORKBENCH_LANGUAGES,
            default=settings.LANGUAGE_CODE,
        )
        if code != translation.get_language():
            translation.activate(code)
            request.LANGUAGE_CODE = code
        return self.get_response(request)


def language_name(code: str) -> str:
    """The language's own name ("العربية", "ትግርኛ"), for lists a family member or an interpreter planner reads."""
    info = LANG_INFO.get(code)
    return info["name_local"] if info else code


def language_label(code: str) -> str:
    """The language's name in the reader's language ("Arabisch" on a Dutch page), with its own name after it when
    that differs ("Arabisch (العربية)"); the code itself for a language Django does not know."""
    info = LANG_INFO.get(code)
    if not info:
        return code
    name = translation.gettext(info["name"])
    return name if name == info["name_local"] else f"{name} ({info['name_local']})"


def languages(request) -> dict:
    """Context processor: the choices of the language switch, each in its own language and script, and
    ``language_choices_key``, which names them for the cached switch (templates/_language_switch.html)."""
    user = getattr(request, "user", None)
    professional = bool(user is not None and user.is_authenticated and family_member_id(request) is None)
    choices = rules.language_choices(
        professional=professional, languages=settings.LANGUAGES, workbench=settings.WORKBENCH_LANGUAGES
    )
    return {
        "language_choices": [
            {"code": code, "name": name, "bidi": LANG_INFO.get(code, {}).get("bidi", False)} for code, name in choices
        ],
        "language_choices_key": ",".join(f"{code}={name}" for code, name in choices),
    }

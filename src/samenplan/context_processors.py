"""The main menu, and forgetting the parts of pages that many requests share when settings change.

The layout (templates/base.html) renders its parts once per worker process and key (``{% layout %}``,
samenplan/layout.py): the menu under the page's language, ``menu_key`` (every value ``navigation`` gives the template,
so other roles or teams give another key) and the page's URL name and app (``aria-current``); the language switch's
choices (``portal.languages.languages``); the style sheets. Per-request values are put in on each request: the user's
name, the form tokens, the nonce and the address to return to. Other fragments (the team overview's headings) use
``{% cache … using="fragments" %}`` (settings ``CACHES["fragments"]``). Changed settings (tests, the benchmark) empty
both (``forget_fragments`` here, ``layout.forget``)."""

from contextlib import suppress

import rules
from django.core.cache import InvalidCacheBackendError, caches
from django.core.signals import setting_changed
from django.dispatch import receiver

from samenplan.catalogue.access import reads_catalogue

FRAGMENTS = "fragments"


def navigation(request):
    """What the main menu offers this user, and ``menu_key``: all of it in one string, the menu's cache key."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from samenplan.portal.access import portal_navigation

    menu = portal_navigation(request)
    if menu is None:
        menu = {
            "perms_can_register": rules.test_rule("cases.register_family", user),
            "perms_can_read_log": rules.test_rule("audit.view_log", user),
            "perms_can_decide_requests": rules.test_rule("privacy.decide_requests", user),
            "perms_can_use_emergency": rules.test_rule("emergency.open", user),
            "perms_can_review_emergency": rules.test_rule("emergency.review", user),
            "perms_can_consult": rules.test_rule("analysis.view_queue", user),
            "perms_can_manage_instruments": rules.test_rule("instruments.manage", user),
            "perms_can_administer": rules.test_rule("administration.administer", user),
            "perms_can_view_team_overview": rules.test_rule("administration.view_team_overview", user),
            "perms_can_read_catalogue": reads_catalogue(user),
        }  # a family account gets the portal's menu instead, none of the professional links
    return {**menu, "menu_key": ",".join(f"{name}={value}" for name, value in sorted(menu.items()))}


@receiver(setting_changed, dispatch_uid="samenplan.forget_fragments")
def forget_fragments(**kwargs) -> None:
    """A cached fragment holds URLs and static paths made under the settings of its time."""
    with suppress(InvalidCacheBackendError):  # settings without this cache (a test of CACHES): nothing was kept
        caches[FRAGMENTS].clear()

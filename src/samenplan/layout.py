"""``{% layout %}…{% endlayout %}``: the parts of the page layout (templates/base.html) that many requests share,
rendered once per worker process and key, with the few values of each request put in afterwards.

A part is rendered in a context of its own that holds only what its key names (the language, whether someone is
logged in, the menu's ``menu_key``, the page's URL name and app for ``aria-current``, the language switch's
``language_choices_key``, the demo banner), never the page's context: a part cannot show the page's data or its
user's. The values of each request stand in it as markers while it is rendered, and are put in, escaped as the
template would have escaped them, on every request: the user's name (``{{ user }}``), the form token
(``{{ csrf_token }}``, ``{% csrf_token %}``), the nonce of the Content-Security-Policy (``{{ CSP_NONCE }}``) and the
address to return to (``{{ request.get_full_path }}``). Anything else of the user or the request is not there to be
shown. Blocks cannot sit inside a part (parse error): ``{% extends %}`` then never walks the parts' nodes, one
more saving on every page.

The rendered parts are kept on the template's node (a changed template file, parsed again, starts empty) and
forgotten when settings change (tests, the benchmark)."""

from __future__ import annotations

import re
import weakref
from types import SimpleNamespace

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import Node
from django.template.context import Context
from django.template.loader_tags import BlockNode
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

# What a part may read of the page's context: each is in the key, or follows from a value in it (the menu's
# permissions and the portal's wording from ``menu_key``, the switch's choices from ``language_choices_key``).
KEYED = ("LANGUAGE_CODE", "LANGUAGE_BIDI", "menu_key", "language_choices_key", "samenplan_demo_mode")
FOLLOWING = (
    "portal_family",
    "portal_voice",
    "perms_can_register",
    "perms_can_read_log",
    "perms_can_decide_requests",
    "perms_can_use_emergency",
    "perms_can_review_emergency",
    "perms_can_consult",
    "perms_can_manage_instruments",
    "perms_can_administer",
    "perms_can_view_team_overview",
    "perms_can_read_catalogue",
    "language_choices",
)
MAX_KEYS = 2000  # per part: languages by menus by URL names stay far below; past it, start again

_MARK = "\x00{}\x00"  # escaping leaves these alone, and no template holds them
_MARKS = re.compile("\x00([a-z_]+)\x00")
_TOKEN = "csrf_token"  # noqa: S105 (the name of the context value, not a secret)
_NONCE = "nonce"
_USER = "user"
_PATH = "path"

_parts: weakref.WeakSet[LayoutNode] = weakref.WeakSet()


class _Reader:
    """The user while a shared part is rendered: whether someone is logged in, and a marker for their name."""

    def __init__(self, authenticated: bool):
        self.is_authenticated = authenticated

    def __str__(self) -> str:
        return _MARK.format(_USER)


class _Page:
    """The request while a shared part is rendered: the page's URL name and app, and a marker for its address."""

    def __init__(self, match):
        self.resolver_match = match

    def get_full_path(self) -> str:
        return _MARK.format(_PATH)


def _escaped(value) -> str:
    """As ``{{ value }}`` shows a string or an object that is not a number or a date."""
    return conditional_escape(value if isinstance(value, str) else str(value))


def _split(html: str) -> tuple[tuple[str, str], ...]:
    """Rendered markup as (text, name of the marker after it) pairs; the last name is ""."""
    split = _MARKS.split(html)  # text, name, text, name, …, text
    split.append("")
    return tuple((split[i], split[i + 1]) for i in range(0, len(split), 2))


class LayoutNode(Node):
    child_nodelists = ()  # it holds no block: {% extends %}'s search for blocks need not walk its nodes

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.rendered: dict[tuple, tuple[tuple[tuple[str, str], ...], bool]] = {}
        _parts.add(self)

    def render(self, context):
        request = context.get("request")
        if request is None:  # a page rendered without its request (an error page): nothing to key it by
            return self.render_plain(context)
        user = context.get("user")
        match = getattr(request, "resolver_match", None)
        authenticated = bool(user is not None and user.is_authenticated)
        names = (match.url_name, match.app_name) if match is not None else None
        key = (get_language(), authenticated, names, *(context.get(name) for name in KEYED))
        found = self.rendered.get(key)
        if found is None:
            if len(self.rendered) >= MAX_KEYS:
                self.rendered.clear()
            found = self.rendered[key] = self._render_shared(context, authenticated, names)
        pieces, with_token = found
        token = None
        if with_token:
            token = context.get(_TOKEN)
            if not token or token == "NOTPROVIDED":  # noqa: S105 {% csrf_token %} shows nothing then, {{ csrf_token }} does
                return self.render_plain(context)
        out = []
        for text, name in pieces:
            out.append(text)
            if name == _TOKEN:
                out.append(_escaped(token))
            elif name == _NONCE:
                out.append(_escaped(context.get("CSP_NONCE", "")))
            elif name == _USER:
                out.append(_escaped(user))
            elif name == _PATH:
                out.append(_escaped(request.get_full_path()))
        return "".join(out)

    def _render_shared(self, context, authenticated: bool, names):
        """The part as (text, marker name that follows it) pairs, and whether it holds the form token."""
        values = {name: context.get(name) for name in KEYED + FOLLOWING if name in context}
        match = SimpleNamespace(url_name=names[0], app_name=names[1]) if names else None
        shared = Context(
            {
                **values,
                "user": _Reader(authenticated),
                "request": _Page(match),
                "csrf_token": _MARK.format(_TOKEN),
                "CSP_NONCE": _MARK.format(_NONCE),
            },
            autoescape=context.autoescape,
            use_l10n=context.use_l10n,
            use_tz=context.use_tz,
        )
        with shared.bind_template(context.template):
            html = self.nodelist.render(shared)
        pieces = _split(html)
        return pieces, any(name == _TOKEN for _text, name in pieces)

    def render_plain(self, context):
        """The part as plain template code in the page's context, as it was rendered before it was kept."""
        return self.nodelist.render(context)


class ReadAloudNode(Node):
    """``{% readaloud %}`` of a whole portal page (portal/templatetags/readaloud.py) with its markup rendered once
    per language, voice and whether the server can read the page aloud; the page's own audio address put in."""

    TEMPLATE = "portal/_readaloud.html"
    rendered: dict[tuple, tuple[tuple[str, str], ...]] = {}

    def render(self, context):
        from samenplan.portal.templatetags.readaloud import readaloud

        values = readaloud(context)
        audio, block = values["audio_url"], values["block"]
        key = (get_language(), values["whole_page"], values["portal_voice"], bool(audio))
        pieces = self.rendered.get(key)
        if pieces is None:
            marked = {**values, "audio_url": _MARK.format("audio") if audio else "", "block": _MARK.format("block")}
            template = context.template.engine.get_template(self.TEMPLATE)
            pieces = self.rendered[key] = _split(template.render(context.new(marked)))
        out = []
        for text, name in pieces:
            out.append(text)
            if name:
                out.append(_escaped(audio if name == "audio" else block))
        return "".join(out)

    def render_plain(self, context):
        """As the inclusion tag renders it, on every request."""
        from samenplan.portal.templatetags.readaloud import readaloud

        template = context.template.engine.get_template(self.TEMPLATE)
        return template.render(context.new(readaloud(context)))


@register.tag("readaloud_page")
def readaloud_page(parser, token):
    """``{% readaloud_page %}``: ``{% readaloud %}`` for the whole page, kept per language (see ReadAloudNode)."""
    return ReadAloudNode()


@register.tag("layout")
def layout(parser, token):
    """``{% layout %}…{% endlayout %}``: a part of the layout rendered once per process and key (see above)."""
    nodelist = parser.parse(("endlayout",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError("a {% block %} cannot be inside {% layout %}: it is rendered once")
    return LayoutNode(nodelist)


@receiver(setting_changed, dispatch_uid="samenplan.layout.forget")
def forget(**kwargs) -> None:
    """Every rendered part: they hold URLs and static paths made under the settings of their time."""
    for part in list(_parts):
        part.rendered.clear()
    ReadAloudNode.rendered.clear()

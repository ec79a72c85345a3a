"""``{% load i18n once %}``: parts of the dossier's templates rendered once per process, language and autoescaping.

- ``{% translate "…" %}`` of a string literal: Django's tag (``do_translate``) makes a lazy translation on every
  render and resolves it, some 8 µs, thirty-odd times a dossier. Loaded after ``i18n``, this library takes the
  names ``translate`` and ``trans`` in that template only: a translation of a variable, with filters, a context or
  ``as`` stays Django's node; one of a literal is Django's node rendered once per language and kept.
  ``makemessages`` finds the messages as before (it reads the template's text).
- ``{% per_language %}…{% endper_language %}``: what ``{% cache None "name" LANGUAGE_CODE %}`` kept (markup that
  depends on nothing but the language, such as an unbound form's fixed fields), kept on the node instead of in a
  cache (whose key, look-up and unpickling cost some 25 µs).

The first rendering is the one kept, so what is shown is what the template renders. Kept on the nodes (a changed
template, parsed again, starts empty), forgotten when settings change (tests, the benchmark).
"""

from __future__ import annotations

import weakref

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader_tags import BlockNode
from django.templatetags.i18n import TranslateNode, do_translate
from django.utils.translation import get_language

register = template.Library()

_kept: weakref.WeakSet[KeptNode] = weakref.WeakSet()


class KeptNode(template.Node):
    """``nodelist`` rendered once per language and autoescaping: the first rendering kept."""

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.rendered: dict[tuple, str] = {}
        _kept.add(self)

    def render(self, context):
        key = (get_language(), context.autoescape)
        found = self.rendered.get(key)
        if found is None:
            found = self.rendered[key] = self.nodelist.render(context)
        return found


def _literal(node: TranslateNode) -> bool:
    """Whether the tag translates a string literal, without filters, a message context or ``as``."""
    expression = node.filter_expression
    variable = expression.var
    return (
        not expression.filters
        and isinstance(variable, template.Variable)
        and variable.lookups is None
        and isinstance(variable.literal, str)
        and node.message_context is None
        and node.asvar is None
    )


@register.tag("translate")
@register.tag("trans")
def translate(parser, token):
    """Django's ``{% translate %}``; of a string literal, kept per language (see above)."""
    node = do_translate(parser, token)
    if isinstance(node, TranslateNode) and _literal(node):
        return KeptNode(template.NodeList([node]))
    return node


@register.tag("per_language")
def per_language(parser, token):
    """``{% per_language %}…{% endper_language %}``: markup that depends on the language alone (see above)."""
    nodelist = parser.parse(("endper_language",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError("a {% block %} cannot be inside {% per_language %}: it is rendered once")
    return KeptNode(nodelist)


@receiver(setting_changed, dispatch_uid="samenplan.cases.once.forget")
def forget(**kwargs) -> None:
    """Everything kept: a changed setting (languages, catalogues, URLs, static files) may render otherwise."""
    for node in list(_kept):
        node.rendered.clear()

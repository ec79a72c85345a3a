"""The three questions about a conversation, in samenplan's own words (in the style of CollaboRATE, not its text).

Parents are addressed with "u", youth with "je" (msgctxt "parent" / "youth"); the team lead reads the short names.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

QUESTIONS = {
    "parent": {
        "understand": pgettext_lazy(
            "parent", "How much did we do in this conversation to make your situation clear to you?"
        ),
        "listen": pgettext_lazy("parent", "How much did we do to hear what is most important to you?"),
        "include": pgettext_lazy(
            "parent", "How much did we do to take what is most important to you into the next steps?"
        ),
    },
    "youth": {
        "understand": pgettext_lazy(
            "youth", "How much did we do in this conversation to make your situation clear to you?"
        ),
        "listen": pgettext_lazy("youth", "How much did we do to hear what is most important to you?"),
        "include": pgettext_lazy(
            "youth", "How much did we do to take what is most important to you into the next steps?"
        ),
    },
}

SHORT = {
    "understand": _("Making the situation clear"),
    "listen": _("Hearing what matters most"),
    "include": _("Taking what matters most into the next steps"),
}

SCALE_HELP = _("0 means: nothing at all. 9 means: everything we could.")

COMMENT = {
    "parent": pgettext_lazy("parent", "Anything you want to add?"),
    "youth": pgettext_lazy("youth", "Anything you want to add?"),
}

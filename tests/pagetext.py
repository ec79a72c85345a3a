"""What a page shows, without the random values it carries.

A page holds a form token and a nonce: random letters and digits, in which a short name ("Bo", "Jan") turns up now
and then. A test that says "this name is not on the page" looks at the page without them.
"""

import re

from django.utils.html import escape

RANDOM_VALUES = re.compile(r'(?P<lead>nonce="|name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]*"')


def without_tokens(html: str) -> str:
    """The page with every form token and nonce blanked."""
    return RANDOM_VALUES.sub(lambda m: m.group("lead") + '"', html)


def shows_word(html: str, word: str) -> bool:
    """Whether the page, without its random values, holds ``word`` (as HTML escapes it) as a word of its own: a
    surname "Mens" is not found in "Mensen", nor "Wijk" in "Wijkteam"."""
    pattern = rf"(?<!\w){re.escape(escape(word))}(?!\w)"
    return re.search(pattern, without_tokens(html)) is not None

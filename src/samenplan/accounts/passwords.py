"""Password rules beyond Django's own validators (ASVS 5.0 V6.2): no composition rules, a local list only.

Django's CommonPasswordValidator compares the whole password with ~20,000 passwords from breaches; only 187 of
them are 12 characters or longer, so with a minimum length of 12 it rarely fires. ``CommonCoreValidator`` also
refuses a common password or a word everybody tries here (``wachtwoord``, ``welkom``, ``samenplan``…) dressed up
with digits and signs around it or repeated (``Welkom2024!!``, ``zomerzomer12``). Both lists ship with the code:
nothing is looked up over the network.
"""

from __future__ import annotations

import re
from functools import cache

from django.contrib.auth import password_validation
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Words that people in Dutch youth care reach for first; lowercase, letters only.
LOCAL_WORDS = frozenset(
    [
        "wachtwoord",
        "paswoord",
        "welkom",
        "samenplan",
        "samenbeslissen",
        "jeugdzorg",
        "jeugdhulp",
        "wijkteam",
        "buurtteam",
        "gemeente",
        "rivierstad",
        "cjg",
        "zorg",
        "veilig",
        "thuis",
        "kinderen",
        "gezin",
        "familie",
        "voorjaar",
        "zomer",
        "herfst",
        "winter",
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
        "zaterdag",
        "zondag",
        "geheim",
        "nederland",
        "amsterdam",
        "rotterdam",
        "utrecht",
        "ajax",
        "feyenoord",
        "psv",
        "qwerty",
        "azerty",
        "password",
    ]
)
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")


@cache
def _common() -> frozenset[str]:
    return frozenset(CommonPasswordValidator().passwords) | LOCAL_WORDS


def core_of(password: str) -> str:
    """The password without digits and signs at its ends, lowercased, and one copy of a repeated word."""
    core = _EDGES.sub("", password.strip().lower())
    match = re.fullmatch(r"(.+?)\1+", core)
    return match.group(1) if match else core


class CommonCoreValidator:
    def validate(self, password: str, user=None) -> None:
        core = core_of(password)
        if core in _common() or password.strip().lower() in _common():
            raise ValidationError(
                _("This password is too easy to guess: it is a common word or password with a few characters added."),
                code="password_too_common",
            )

    def get_help_text(self) -> str:
        return _("Your password cannot be a common word or password with a few digits or signs added.")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with its message in our catalogue (Django 5.2's Dutch catalogue lacks the new msgid)."""

    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short: use at least %(min_length)d character.",
            "This password is too short: use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class MaximumLengthValidator:
    """Long passphrases are welcome; only absurd lengths (that cost hashing time) are refused."""

    def __init__(self, max_length: int = 4096) -> None:
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "This password is too long: use at most %(max_length)d character.",
                    "This password is too long: use at most %(max_length)d characters.",
                    self.max_length,
                ),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self) -> str:
        return ngettext(
            "Your password can be a long sentence, up to %(max_length)d character.",
            "Your password can be a long sentence, up to %(max_length)d characters.",
            self.max_length,
        ) % {"max_length": self.max_length}

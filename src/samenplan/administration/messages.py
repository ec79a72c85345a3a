"""The Dutch words for the codes of ``rules.py`` (msgids in English, translated in the catalogue)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The numbers in the texts are rules.AGE_MAX, SCALE_MIN and SCALE_MAX (a test checks that they agree).
MESSAGES = {
    "age_range": _("Give an age from 0 to 18."),
    "ages_ascend": _("This age must be higher than the age from which the youth consents together with the parents."),
    "not_positive": _("Give a number of 1 or more."),
    "too_long": _("This is longer than samenplan allows; give a smaller number."),
    "unknown_choice": _("Choose one of the options."),
    "name_missing": _("Give this level a name, or empty both fields to remove the level."),
    "name_twice": _("Another level already has this name."),
    "too_few_levels": _("A scale needs at least 2 levels."),
    "advice_too_long": _("Use at most 300 characters."),
    "too_many_levels": _("A scale has at most 10 levels."),
}


def as_error(problems) -> ValidationError:
    errors: dict[str, list[ValidationError]] = {}
    for field, code in problems:
        errors.setdefault(field, []).append(ValidationError(MESSAGES[code], code=code))
    return ValidationError(errors)

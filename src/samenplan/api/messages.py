"""DRF messages that DRF's own Dutch catalogue leaves untranslated. Listed here so `makemessages` puts them in
samenplan's catalogue, which Django reads before DRF's (LOCALE_PATHS come first): the API answers in Dutch.
tests/api/test_errors.py checks every default message of DRF's fields and exceptions."""

from django.utils.translation import gettext_noop

DRF_MESSAGES = (
    gettext_noop("A valid biginteger is required."),
    gettext_noop("Datetime value out of range."),
    gettext_noop("Ensure this field has at least {min_length} elements."),
    gettext_noop("Ensure this field has no more than {max_length} elements."),
    gettext_noop('Enter a valid "slug" consisting of Unicode letters, numbers, underscores, or hyphens.'),
    gettext_noop("Integer value too large to convert to float"),
    gettext_noop('Invalid datetime for the timezone "{timezone}".'),
    gettext_noop("Invalid input."),
    gettext_noop("Must be a valid UUID."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Not a valid string."),
    gettext_noop("This dictionary may not be empty."),
)

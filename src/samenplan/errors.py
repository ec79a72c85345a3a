"""Errors that actions raise, mapped to form errors by views and to structured JSON by the API."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _


class StaleVersion(ValidationError):
    """Somebody else changed the record since it was loaded (optimistic locking)."""

    def __init__(self):
        super().__init__(
            _("Someone else changed this in the meantime. Reload the page to see their change, then try again."),
            code="stale_version",
        )


def check_version(obj, expected_version) -> None:
    """Optimistic locking: every change names the version it was based on; a missing one is refused too."""
    if expected_version is None or expected_version == "":
        raise ValidationError(
            {
                "version": ValidationError(
                    _("The version of what you changed is missing. Reload the page, then try again."),
                    code="required",
                )
            }
        )
    if int(expected_version) != obj.version:
        raise StaleVersion()


READ_ONLY = "read-only"  # the 403 page says "you may see this, but not change it" only for this refusal


def read_only() -> PermissionDenied:
    """The refusal of a change to something the user may see; any other 403 says they have no access."""
    return PermissionDenied(READ_ONLY)

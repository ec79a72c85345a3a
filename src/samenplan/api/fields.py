"""Serializer fields that check input as the web forms do (``samenplan.validation``): text without invisible
padding, plausible dates, strict JSON booleans, and bounded lists of ids looked up in one query."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from samenplan.ids import parse_id
from samenplan.validation import check_count, check_date, clean_text


def _drf_error(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(
        [serializers.ErrorDetail(str(m), code=error.code or "invalid") for m in error.messages]
    )


class CharField(serializers.CharField):
    """Text; invisible characters around it are removed, so a text of only those counts as empty (blank)."""

    def run_validation(self, data=serializers.empty):
        if isinstance(data, str):
            try:
                data = clean_text(data)
            except DjangoValidationError as error:
                raise _drf_error(error) from error
        return super().run_validation(data)


class DateField(serializers.DateField):
    """A date (YYYY-MM-DD) inside samenplan's window, or narrower: ``earliest``/``latest`` (dates or functions)."""

    def __init__(self, *, earliest=None, latest=None, **kwargs):
        self.earliest, self.latest = earliest, latest
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        value = super().to_internal_value(value)
        try:
            check_date(value, *[b() if callable(b) else b for b in (self.earliest, self.latest)])
        except DjangoValidationError as error:
            raise _drf_error(error) from error
        return value


class BooleanField(serializers.BooleanField):
    """JSON true or false (or null where allowed), nothing else: "maybe", "yes", 1 and "on" are refused."""

    default_error_messages = {"invalid": _("Give true or false.")}

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        self.fail("invalid", input=data)


class QueryBooleanField(serializers.BooleanField):
    """A yes/no query parameter: "true" or "false"."""

    default_error_messages = {"invalid": _("Give true or false.")}

    def to_internal_value(self, data):
        if data in ("true", "false", True, False):
            return data in ("true", True)
        self.fail("invalid", input=data)


@extend_schema_field({"type": "array", "items": {"type": "integer"}})
class IdListField(serializers.Field):
    """A list of at most ``max_count`` ids of ``queryset``, looked up in one query; ``too_many_message`` names
    the limit. An id that is not in the queryset is refused like any unknown id."""

    default_error_messages = {
        "not_a_list": _("Give a list of ids."),
        "does_not_exist": _("Unknown or not available: %(ids)s."),
        "incorrect_type": _("An id is a whole number."),
    }

    def __init__(self, *, queryset, max_count: int, too_many_message, **kwargs):
        self.queryset, self.max_count, self.too_many_message = queryset, max_count, too_many_message
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list")
        try:
            check_count(data, self.max_count, self.too_many_message)
        except DjangoValidationError as error:
            raise _drf_error(error) from error
        if any(isinstance(value, bool) or not isinstance(value, (int, str)) for value in data):
            self.fail("incorrect_type")
        ids = [parse_id(value) for value in data]
        found = {obj.pk: obj for obj in self.queryset.filter(pk__in=[i for i in ids if i is not None])}
        missing = [str(value)[:20] for value, i in zip(data, ids, strict=True) if i not in found]
        if missing:
            raise serializers.ValidationError(
                self.error_messages["does_not_exist"] % {"ids": ", ".join(missing)}, code="does_not_exist"
            )
        return [found[i] for i in dict.fromkeys(ids)]

    def to_representation(self, value):
        return [obj.pk for obj in value]


class IdField(serializers.PrimaryKeyRelatedField):
    """One id of ``queryset``; an id no database can hold is refused like an unknown one."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, str)) or not str(data).lstrip("-").isdigit():
            self.fail("incorrect_type", data_type=type(data).__name__)
        if parse_id(data) is None:
            self.fail("does_not_exist", pk_value=str(data)[:20])
        return super().to_internal_value(parse_id(data))

"""Structured API errors: {"errors": [{"field": ..., "code": ..., "message": ...}]}, messages in Dutch.

Django's ``ValidationError`` (raised by the actions) becomes 400 with one item per field, ``StaleVersion``
becomes 409 with code "stale_version", ``Http404`` 404 and ``PermissionDenied`` 403. DRF's own messages come
from DRF's Dutch catalogue; ours are English msgids translated in samenplan's catalogue.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from samenplan.api.parsers import InvalidJSON, PayloadTooLarge, TooDeep
from samenplan.errors import StaleVersion

NON_FIELD = "non_field_errors"


def _join(field: str | None, key) -> str | None:
    if key == NON_FIELD:
        return field
    if isinstance(key, int):
        return f"{field or ''}[{key}]"
    return str(key) if field is None else f"{field}.{key}"


def _flatten(detail, field: str | None = None) -> list[dict]:
    items: list[dict] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            items.extend(_flatten(value, _join(field, key)))
    elif isinstance(detail, list):
        for i, value in enumerate(detail):
            # A list of nested objects (many=True) has one dict per item, empty for items without errors.
            items.extend(_flatten(value, _join(field, i) if isinstance(value, dict) else field))
    else:
        items.append({"field": field, "code": getattr(detail, "code", "invalid"), "message": str(detail)})
    return items


def django_validation_to_drf(
    exc: DjangoValidationError, rename: dict[str, str] | None = None
) -> exceptions.APIException:
    """The DRF exception for an action's ValidationError; ``rename`` maps its field names to the API's."""
    if isinstance(exc, StaleVersion):
        return Conflict(exc.messages[0])
    if hasattr(exc, "error_dict"):
        rename = rename or {}
        detail = {
            (NON_FIELD if field == "__all__" else rename.get(field, field)): [
                exceptions.ErrorDetail(str(m), code=e.code or "invalid") for e in errs for m in e.messages
            ]
            for field, errs in exc.error_dict.items()
        }
    else:
        detail = [exceptions.ErrorDetail(str(m), code=e.code or "invalid") for e in exc.error_list for m in e.messages]
    return exceptions.ValidationError(detail)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "stale_version"
    default_detail = _("Someone else changed this in the meantime. Reload it to see their change, then try again.")


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = django_validation_to_drf(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, exceptions.ParseError) and not isinstance(exc, (InvalidJSON, TooDeep)):
        # DRF's own parse errors carry an English decoder message; say it in Dutch instead.
        exc = InvalidJSON()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data if isinstance(exc, exceptions.ValidationError) else getattr(exc, "detail", response.data)
    items = _flatten(detail)
    for item in items:
        if item["field"] is None and item["code"] == "null":
            # DRF says "No data provided" (untranslated) when the body is empty or JSON null.
            item["message"] = str(_("No data was sent: send a JSON object."))
    response.data = {"errors": items}
    return response


def error_response(status_code: int, code: str, message: str) -> Response:
    return Response({"errors": [{"field": None, "code": code, "message": message}]}, status=status_code)


class ErrorSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True,
        help_text=_("The input field, e.g. members[0].role; null for the request as a whole."),
    )
    code = serializers.CharField(help_text=_("A stable code, e.g. required, invalid_choice, stale_version."))
    message = serializers.CharField(help_text=_("What went wrong, in Dutch."))


class ErrorsSerializer(serializers.Serializer):
    errors = ErrorSerializer(many=True)


_ERROR_DESCRIPTIONS = {
    400: _("The input is not valid; each error names its field."),
    401: _("Not logged in: send a session cookie or an 'Authorization: Token …' header."),
    403: _("Not allowed: you may see this but not change it, or your role may not do this."),
    404: _("Not found, or not yours to see."),
    409: _("Someone else changed this since you read it (stale version)."),
    413: _("The request body is larger than the server accepts."),
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """OpenAPI responses for the given error status codes (401 and 403 are always possible)."""
    return {
        code: OpenApiResponse(ErrorsSerializer, description=_ERROR_DESCRIPTIONS[code])
        for code in sorted({401, 403, *codes})
    }

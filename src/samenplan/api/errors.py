"""Structured API errors: {"errors": [{"field": ..., "code": ..., "message": ...}]}, messages in Dutch."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from samenplan.errors import StaleVersion

NON_FIELD = "non_field_errors"


def _flatten(detail, field: str | None = None) -> list[dict]:
    items: list[dict] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            sub = key if field is None else f"{field}.{key}"
            items.extend(_flatten(value, None if key == NON_FIELD and field is None else sub))
    elif isinstance(detail, list):
        for i, value in enumerate(detail):
            if isinstance(value, dict):
                items.extend(_flatten(value, f"{field}[{i}]" if field else f"[{i}]"))
            else:
                items.extend(_flatten(value, field))
    else:
        items.append({"field": field, "code": getattr(detail, "code", "invalid"), "message": str(detail)})
    return items


def django_validation_to_drf(exc: DjangoValidationError) -> exceptions.ValidationError:
    if isinstance(exc, StaleVersion):
        return Conflict(exc.messages[0])
    if hasattr(exc, "error_dict"):
        detail = {
            (NON_FIELD if field == "__all__" else field): [
                exceptions.ErrorDetail(str(m), code=e.code or "invalid") for e in errs for m in e.messages
            ]
            for field, errs in exc.error_dict.items()
        }
    else:
        detail = [exceptions.ErrorDetail(str(m), code=exc.code or "invalid") for m in exc.messages]
    return exceptions.ValidationError(detail)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "stale_version"


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = django_validation_to_drf(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data if isinstance(exc, exceptions.ValidationError) else getattr(exc, "detail", response.data)
    response.data = {"errors": _flatten(detail)}
    return response


def error_response(status_code: int, code: str, message: str) -> Response:
    return Response({"errors": [{"field": None, "code": code, "message": message}]}, status=status_code)

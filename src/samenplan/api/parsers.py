"""The API's JSON parser: a body of at most DATA_UPLOAD_MAX_MEMORY_SIZE bytes, nested at most MAX_DEPTH deep.

DRF's own parser reads the request stream without a limit and lets a deeply nested body exhaust Python's
recursion limit; this one answers both with a structured error (413 and 400).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser as DRFJSONParser
from rest_framework.utils.json import strict_constant

MAX_DEPTH = 20  # our deepest input is a registration's list of members: 3 levels


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"
    default_detail = _("The request is too large.")


class TooDeep(exceptions.ParseError):
    default_code = "too_deep"
    default_detail = _("The JSON is nested too deeply.")


class InvalidJSON(exceptions.ParseError):
    default_detail = _("The request body is not valid JSON.")


def _depth_exceeds(data, limit: int) -> bool:
    """Whether ``data`` nests deeper than ``limit`` lists/objects, without recursion."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in (value.values() if isinstance(value, dict) else value))
    return False


class JSONParser(DRFJSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = b"" if stream is None else stream.read(limit + 1)
        if len(body) > limit:
            raise PayloadTooLarge()
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(body.decode(encoding), parse_constant=strict_constant if self.strict else None)
        except RecursionError as error:
            raise TooDeep() from error
        except (ValueError, LookupError) as error:  # includes UnicodeDecodeError and JSONDecodeError
            raise InvalidJSON() from error
        if _depth_exceeds(data, MAX_DEPTH):
            raise TooDeep()
        return data

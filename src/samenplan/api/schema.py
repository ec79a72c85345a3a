"""The OpenAPI description lists OPTIONS on every path too, so clients and the schema tests see every method
the API really accepts."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.generators import EndpointEnumerator as SpectacularEnumerator
from drf_spectacular.generators import SchemaGenerator as SpectacularGenerator
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework.serializers import ListSerializer

from samenplan.api.errors import error_responses
from samenplan.api.metadata import OptionsSerializer


class EndpointEnumerator(SpectacularEnumerator):
    def get_allowed_methods(self, callback):
        methods = super().get_allowed_methods(callback)
        if callback.cls.__module__.startswith("drf_spectacular"):  # the schema itself is not described
            return methods
        return [*methods, "OPTIONS"]


class SchemaGenerator(SpectacularGenerator):
    endpoint_inspector_cls = EndpointEnumerator


class AutoSchema(SpectacularAutoSchema):
    def _options(self) -> bool:
        return self.method == "OPTIONS"

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None or method != "OPTIONS":
            return operation
        # A view's @extend_schema covers all its methods: OPTIONS answers the same whatever it says.
        operation["summary"] = str(_("Which methods this path accepts"))
        operation.pop("description", None)
        operation.pop("requestBody", None)
        operation["parameters"] = [p for p in operation.get("parameters", []) if p.get("in") == "path"]
        if not operation["parameters"]:
            del operation["parameters"]
        responses = {200: OptionsSerializer, **error_responses(*([404] if "{" in path else []))}
        operation["responses"] = {str(c): self._get_response_for_code(r, str(c)) for c, r in responses.items()}
        return operation

    def get_operation_id(self) -> str:
        if self._options():
            return re.sub(r"[^a-z0-9]+", "_", self.path.lower()).strip("_") + "_options"
        return super().get_operation_id()

    def get_summary(self):
        return _("Which methods this path accepts") if self._options() else super().get_summary()

    def get_description(self):
        return "" if self._options() else super().get_description()

    def get_request_serializer(self):
        return None if self._options() else super().get_request_serializer()

    def get_response_serializers(self):
        if self._options():
            return {200: OptionsSerializer, **error_responses()}
        return super().get_response_serializers()

    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        # Answers any operation of its kind can give, whatever the view declares: a body that cannot be read
        # or is too large, a page number past the end of a list.
        extra = []
        if self.method in ("POST", "PUT", "PATCH"):
            extra += [400, 413]
        if self.method == "GET" and self._paginated():
            extra.append(404)
        for code, response in error_responses(*extra).items():
            if str(code) not in bodies:
                bodies[str(code)] = self._get_response_for_code(response, str(code), direction=direction)
        return dict(sorted(bodies.items()))

    def _paginated(self) -> bool:
        responses = self.get_response_serializers()
        return isinstance(responses, dict) and isinstance(responses.get(200), ListSerializer)

    def get_filter_backends(self):
        return [] if self._options() else super().get_filter_backends()

    def _is_list_view(self, serializer=None) -> bool:
        return False if self._options() else super()._is_list_view(serializer)

    def get_override_parameters(self):
        return [] if self._options() else super().get_override_parameters()

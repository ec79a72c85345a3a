"""The OpenAPI description lists OPTIONS on every path too, so clients and the schema tests see every method
the API really accepts."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.generators import EndpointEnumerator as SpectacularEnumerator
from drf_spectacular.generators import SchemaGenerator as SpectacularGenerator
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

from samenplan.api.errors import ErrorsSerializer
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
            return {200: OptionsSerializer, 401: ErrorsSerializer, 403: ErrorsSerializer}
        return super().get_response_serializers()

    def get_filter_backends(self):
        return [] if self._options() else super().get_filter_backends()

    def _is_list_view(self, serializer=None) -> bool:
        return False if self._options() else super()._is_list_view(serializer)

    def get_override_parameters(self):
        return [] if self._options() else super().get_override_parameters()

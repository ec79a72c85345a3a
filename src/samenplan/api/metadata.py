"""What OPTIONS answers on every API endpoint: the methods it accepts and the media types it speaks.

DRF's default builds a form description from the view's serializer_class, which our views do not have (each
method names its own serializer, described in /api/v1/openapi.json). It also would say nothing the schema
does not.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.metadata import BaseMetadata


class OptionsSerializer(serializers.Serializer):
    methods = serializers.ListField(child=serializers.CharField(), help_text=_("The HTTP methods this path accepts."))
    renders = serializers.ListField(child=serializers.CharField(), help_text=_("Media types of the answers."))
    parses = serializers.ListField(child=serializers.CharField(), help_text=_("Media types of request bodies."))
    schema = serializers.CharField(help_text=_("Where the OpenAPI description of every operation is."))


class Metadata(BaseMetadata):
    def determine_metadata(self, request, view):
        return {
            "methods": list(view.allowed_methods),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
            "schema": "/api/v1/openapi.json",
        }

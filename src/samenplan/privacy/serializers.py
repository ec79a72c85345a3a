"""API shapes of the privacy app (for the schema; the export itself is built in actions.member_export)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class AccessSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    username = serializers.CharField()
    role = serializers.CharField()
    on_behalf_of = serializers.CharField()
    event = serializers.CharField()
    action = serializers.CharField()
    channel = serializers.CharField()
    case_id = serializers.IntegerField(allow_null=True)
    member_id = serializers.IntegerField(allow_null=True)


class MemberExportSerializer(serializers.Serializer):
    exported_at = serializers.DateTimeField()
    member = serializers.IntegerField()
    family = serializers.IntegerField()
    records = serializers.DictField(
        child=serializers.ListField(child=serializers.DictField()),
        help_text=_("Per kind of record (app.Model): the records, each with model, id and fields."),
    )
    accessed_by = AccessSerializer(many=True, help_text=_("Who accessed the family's file, from the access log."))

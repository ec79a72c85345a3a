"""API serializers for the tables: shapes only; the actions check the rules."""

from __future__ import annotations

from rest_framework import serializers

from samenplan.api.fields import CharField
from samenplan.tables.actions import TEXT_MAX
from samenplan.tables.models import AgendaItem, TableKind


class AgendaItemSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(source="table.kind", choices=TableKind.choices, read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "case", "kind", "question", "put_at", "outcome", "decided_at", "version"]
        read_only_fields = fields


class PutOnAgendaSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=TableKind.choices)
    question = CharField(max_length=TEXT_MAX)


class OutcomeSerializer(serializers.Serializer):
    outcome = CharField(max_length=TEXT_MAX)
    version = serializers.IntegerField(min_value=0, max_value=2**31 - 1)

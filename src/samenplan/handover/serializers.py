"""API serializers for the warm handover: shapes only; the actions check the rules."""

from __future__ import annotations

from rest_framework import serializers

from samenplan.accounts.models import Team, User
from samenplan.api.fields import CharField, IdField
from samenplan.handover.actions import TEXT_MAX
from samenplan.handover.models import Handover


class HandoverSerializer(serializers.ModelSerializer):
    class Meta:
        model = Handover
        fields = ["id", "case", "from_team", "to_team", "reason", "requested_at", "accepted", "decided_at", "note",
                  "version"]  # fmt: skip
        read_only_fields = fields


class RequestSerializer(serializers.Serializer):
    to_team = IdField(queryset=Team.objects.none())
    reason = CharField(max_length=TEXT_MAX)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.context.get("case")  # none while the schema is drawn
        org = case.team.organisation_id if case is not None else None
        self.fields["to_team"].queryset = Team.objects.filter(organisation_id=org)


class DecideSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    caseworker = IdField(queryset=User.objects.none(), required=False, allow_null=True, default=None)
    note = CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(min_value=0, max_value=2**31 - 1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        handover = self.context.get("handover")
        org = handover.to_team.organisation_id if handover is not None else None
        self.fields["caseworker"].queryset = User.objects.filter(organisation_id=org)

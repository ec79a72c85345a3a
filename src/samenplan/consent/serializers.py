"""API serializers for consent and information requests: shape of input and output; the actions check the rules."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from samenplan.cases.models import Member
from samenplan.cases.serializers import RefSerializer
from samenplan.consent.models import (
    Consent,
    DataKind,
    InformationRequest,
    Purpose,
    Recipient,
    RecipientKind,
    RecipientRole,
)


class RecipientSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recipient
        fields = ["id", "name", "kind", "role", "contact"]
        read_only_fields = fields


class ConsentSerializer(serializers.ModelSerializer):
    recipient = RecipientSerializer(read_only=True)
    givers = RefSerializer(many=True, read_only=True)
    revoked_by = RefSerializer(read_only=True, allow_null=True)
    data_kinds = serializers.ListField(child=serializers.ChoiceField(choices=DataKind.choices), read_only=True)

    class Meta:
        model = Consent
        fields = [
            "id",
            "case",
            "recipient",
            "purpose",
            "data_kinds",
            "benefit",
            "givers",
            "given_on",
            "expires_on",
            "recorded_at",
            "revoked_at",
            "revoked_by",
            "revocation_reason",
            "version",
        ]
        read_only_fields = fields


class RecipientInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, label=_("With whom may the data be shared?"))
    kind = serializers.ChoiceField(choices=RecipientKind.choices, label=_("Organisation or person"))
    role = serializers.ChoiceField(choices=RecipientRole.choices, label=_("Role of the recipient"))
    contact = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class RecordConsentSerializer(serializers.Serializer):
    """A consent. ``givers`` are ids of members of the case's family; the age rules decide who may give it."""

    recipient = RecipientInputSerializer()
    purpose = serializers.ChoiceField(choices=Purpose.choices, label=_("What for?"))
    data_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=DataKind.choices), min_length=1, max_length=len(DataKind.values)
    )
    benefit = serializers.CharField(max_length=5000, label=_("Why does sharing help the family?"))
    givers = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.none(), many=True, label=_("Who gives consent?")
    )
    given_on = serializers.DateField(required=False, allow_null=True, default=None, label=_("Date of consent"))
    expires_on = serializers.DateField(required=False, allow_null=True, default=None, label=_("Valid until"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        family = self.context.get("family")
        if family is not None:
            self.fields["givers"].child_relation.queryset = family.members.all()

    def action_arguments(self) -> dict:
        data = dict(self.validated_data)
        recipient = data.pop("recipient")
        return {
            **data,
            "recipient_name": recipient["name"],
            "recipient_kind": recipient["kind"],
            "recipient_role": recipient["role"],
            "recipient_contact": recipient["contact"],
        }


class RevokeConsentSerializer(serializers.Serializer):
    revoked_by = serializers.PrimaryKeyRelatedField(queryset=Member.objects.none(), label=_("Who revokes the consent?"))
    reason = serializers.CharField(max_length=5000, label=_("Why?"))
    version = serializers.IntegerField(min_value=1, help_text=_("The version of the consent you last read."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        family = self.context.get("family")
        if family is not None:
            self.fields["revoked_by"].queryset = family.members.all()


class InformationRequestSerializer(serializers.ModelSerializer):
    recipient = RecipientSerializer(read_only=True)
    requested_by = RefSerializer(read_only=True)
    data_kinds = serializers.ListField(child=serializers.ChoiceField(choices=DataKind.choices), read_only=True)

    class Meta:
        model = InformationRequest
        fields = ["id", "case", "recipient", "data_kinds", "question", "reason", "requested_on", "requested_by"]
        read_only_fields = fields


class RequestInformationSerializer(serializers.Serializer):
    """A request for information; refused (400, code no_consent / consent_expired / consent_revoked …) without
    the family's valid consent to ask this recipient for these data."""

    recipient = serializers.PrimaryKeyRelatedField(queryset=Recipient.objects.none(), label=_("Whom do you ask?"))
    data_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=DataKind.choices), min_length=1, max_length=len(DataKind.values)
    )
    question = serializers.CharField(max_length=5000, label=_("What do you ask?"))
    reason = serializers.CharField(max_length=5000, label=_("Why does this help the family?"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.context.get("case")
        if case is not None:
            self.fields["recipient"].queryset = case.recipients.all()

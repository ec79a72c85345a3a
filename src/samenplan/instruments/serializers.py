"""API serializers for instruments: shape of input and output; the actions check the rules (the answers against
the definition, the informant, the dates)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from samenplan.api.fields import CharField, DateField, IdField
from samenplan.cases.models import Member
from samenplan.cases.serializers import RefSerializer
from samenplan.instruments.models import Administration, Definition, Informant, NormSex

MAX_ANSWERS = 500  # the most items a definition may have


class DefinitionSerializer(serializers.ModelSerializer):
    shipped = serializers.BooleanField(source="is_shipped", read_only=True)
    definition = serializers.JSONField(read_only=True, help_text=_("The definition as loaded (docs/instruments.md)."))

    class Meta:
        model = Definition
        fields = ["id", "code", "version", "name", "shipped", "licence", "loaded_at", "definition"]
        read_only_fields = fields


class DefinitionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Definition
        fields = ["id", "code", "version", "name"]
        read_only_fields = fields


class AdministrationSerializer(serializers.ModelSerializer):
    definition = DefinitionRefSerializer(read_only=True)
    member = RefSerializer(read_only=True, allow_null=True)
    informant_member = RefSerializer(read_only=True, allow_null=True)
    informant_user = RefSerializer(read_only=True, allow_null=True)
    answers = serializers.JSONField(read_only=True)
    scores = serializers.JSONField(
        read_only=True, help_text=_("Per subscale: score (null when not scored), band, norm group, note.")
    )
    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Administration
        fields = [
            "id",
            "case",
            "definition",
            "member",
            "informant",
            "informant_member",
            "informant_user",
            "informant_name",
            "administered_on",
            "age",
            "sex",
            "answers",
            "scores",
            "warnings",
            "recorded_at",
            "version",
        ]
        read_only_fields = fields


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"oneOf": [{"type": "integer"}, {"type": "string"}], "nullable": True},
        "description": "Item id → the value of the chosen option (open items: text); null or absent: not answered.",
    }
)
class AnswersField(serializers.Field):
    default_error_messages = {
        "not_an_object": _("Give the answers as an object: item id → answer."),
        "too_many": _("At most %(maximum)d answers."),
    }

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            self.fail("not_an_object")
        if len(data) > MAX_ANSWERS:
            self.fail("too_many", maximum=MAX_ANSWERS)
        return data

    def to_representation(self, value):
        return value


class AdministerSerializer(serializers.Serializer):
    """One filling-in of a questionnaire. ``answers`` are checked against the definition: an unknown item or a
    value outside the item's scale is an error on ``answers.<item id>``."""

    definition = IdField(queryset=Definition.objects.none(), label=_("Questionnaire"))
    member = IdField(queryset=Member.objects.none(), required=False, allow_null=True, default=None)
    informant = serializers.ChoiceField(choices=Informant.choices, label=_("Who filled it in?"))
    informant_member = IdField(queryset=Member.objects.none(), required=False, allow_null=True, default=None)
    informant_name = CharField(max_length=200, required=False, allow_blank=True, default="")
    administered_on = DateField(required=False, allow_null=True, default=None, latest=timezone.localdate)
    sex = serializers.ChoiceField(choices=NormSex.choices, required=False, default=NormSex.UNKNOWN)
    answers = AnswersField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.context.get("case")
        definitions = self.context.get("definitions")
        if case is not None:
            self.fields["member"].queryset = case.family.members.all()
            self.fields["informant_member"].queryset = case.family.members.all()
        if definitions is not None:
            self.fields["definition"].queryset = definitions

"""API serializers for the analysis: they parse and check the shape; the actions check the rules.

Member ids are looked up only among the case's family, recipients among the case's, scientists among the
organisation's behavioural scientists (``context["case"]``): an id outside these is a field error.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from samenplan.accounts.models import User
from samenplan.analysis.models import (
    Circumstance,
    CoherentPicture,
    Consultation,
    Factor,
    FactorDomain,
    FactorKind,
    FactorSource,
    FamilyAgreement,
    FamilyView,
    InvestigationQuestion,
    Method,
    PsychoEducation,
    SpecialCircumstance,
)
from samenplan.api.fields import BooleanField, CharField, DateField, IdField, IdListField
from samenplan.cases.models import Member
from samenplan.cases.serializers import RefSerializer
from samenplan.consent.models import DataKind, Recipient
from samenplan.instruments.models import Definition

TEXT = 5000
MEMBERS = {"max_count": 50, "too_many_message": _("Choose at most %(maximum)d family members.")}


class MemberField(IdField):
    def __init__(self, **kwargs):
        super().__init__(queryset=Member.objects.none(), **kwargs)


class MembersField(IdListField):
    def __init__(self, **kwargs):
        super().__init__(queryset=Member.objects.none(), **MEMBERS, **kwargs)


class RecipientField(IdField):
    def __init__(self, **kwargs):
        super().__init__(queryset=Recipient.objects.none(), **kwargs)


class ScientistField(IdField):
    def __init__(self, **kwargs):
        super().__init__(queryset=User.objects.none(), **kwargs)


class InstrumentField(IdField):
    def __init__(self, **kwargs):
        super().__init__(queryset=Definition.objects.none(), **kwargs)


class _CaseScoped(serializers.Serializer):
    """Limits member, recipient and scientist fields to what belongs to ``context["case"]``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.context.get("case")
        if case is None:
            return
        from samenplan.analysis.actions import scientists_for
        from samenplan.instruments.access import definitions_for

        for field in self._walk(self.fields):
            if isinstance(field, (MemberField, MembersField)):
                field.queryset = case.family.members.all()
            elif isinstance(field, RecipientField):
                field.queryset = case.recipients.all()
            elif isinstance(field, ScientistField):
                field.queryset = scientists_for(case)
            elif isinstance(field, InstrumentField):
                field.queryset = definitions_for(case.family.organisation_id)

    def _walk(self, fields):
        for field in fields.values():
            if isinstance(field, serializers.ListSerializer):
                yield from self._walk(field.child.fields)
            else:
                yield field


# ── output ───────────────────────────────────────────────────────────────────────────────────────────────


class CircumstanceSerializer(serializers.ModelSerializer):
    member = RefSerializer(read_only=True)

    class Meta:
        model = SpecialCircumstance
        fields = ["id", "member", "code", "language", "note", "recorded_at"]
        read_only_fields = fields


class InstrumentRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Definition
        fields = ["id", "code", "version", "name"]
        read_only_fields = fields


class QuestionSerializer(serializers.ModelSerializer):
    instrument = InstrumentRefSerializer(read_only=True, allow_null=True)
    about = RefSerializer(read_only=True, allow_null=True)
    made_with = RefSerializer(many=True, read_only=True)
    recipient = RefSerializer(read_only=True, allow_null=True)
    data_kinds = serializers.ListField(child=serializers.ChoiceField(choices=DataKind.choices), read_only=True)
    warnings = serializers.SerializerMethodField(help_text=_("Why the instrument may not suit this member."))

    class Meta:
        model = InvestigationQuestion
        fields = [
            "id", "question", "information_needed", "method", "about", "instrument", "recipient", "data_kinds",
            "made_with", "recorded_at", "warnings",
        ]  # fmt: skip
        read_only_fields = fields

    def get_warnings(self, question) -> list[str]:
        return self.context.get("warnings", {}).get(question.pk, [])


class FactorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Factor
        fields = ["description", "kind", "domain", "source"]
        read_only_fields = fields


class FamilyViewSerializer(serializers.ModelSerializer):
    member = RefSerializer(read_only=True)

    class Meta:
        model = FamilyView
        fields = ["member", "agreement", "words"]
        read_only_fields = fields


class PictureSerializer(serializers.ModelSerializer):
    factors = FactorSerializer(many=True, read_only=True)
    family_views = FamilyViewSerializer(many=True, read_only=True)

    class Meta:
        model = CoherentPicture
        fields = [
            "id", "number", "current", "nature_severity", "safety", "strengths", "resources", "multiple_and_complex",
            "factors", "family_views", "recorded_at", "shared_at", "finalised_at", "override_reason", "version",
        ]  # fmt: skip
        read_only_fields = fields


class ConsultationSerializer(serializers.ModelSerializer):
    scientist = RefSerializer(read_only=True)
    requested_by = RefSerializer(read_only=True)
    agreed_by = RefSerializer(many=True, read_only=True)
    family = serializers.CharField(source="case.family.name", read_only=True)
    picture_number = serializers.IntegerField(source="picture.number", read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id", "case", "family", "picture", "picture_number", "scientist", "question", "agreed_by", "conditions",
            "requested_by", "requested_at", "status", "advice", "answered_at", "version",
        ]  # fmt: skip
        read_only_fields = fields


class PsychoEducationSerializer(serializers.ModelSerializer):
    given_to = RefSerializer(many=True, read_only=True)

    class Meta:
        model = PsychoEducation
        fields = ["id", "topic", "explained", "given_to", "material_title", "material_description", "given_on"]
        read_only_fields = fields


class AnalysisSerializer(serializers.Serializer):
    """Everything of a case's analysis in one answer."""

    phase = serializers.CharField()
    circumstances = CircumstanceSerializer(many=True)
    plan = QuestionSerializer(many=True)
    picture = PictureSerializer(allow_null=True)
    earlier_pictures = PictureSerializer(many=True)
    consultations = ConsultationSerializer(many=True)
    psycho_education = PsychoEducationSerializer(many=True)


# ── input ────────────────────────────────────────────────────────────────────────────────────────────────


class CircumstanceInputSerializer(_CaseScoped):
    member = MemberField(label=_("Family member"))
    code = serializers.ChoiceField(choices=Circumstance.choices)
    language = CharField(max_length=100, required=False, allow_blank=True, default="")
    note = CharField(max_length=500, required=False, allow_blank=True, default="")


class QuestionInputSerializer(_CaseScoped):
    question = CharField(max_length=TEXT)
    information_needed = CharField(max_length=TEXT)
    method = serializers.ChoiceField(choices=Method.choices)
    made_with = MembersField(help_text=_("With whom the plan was made."))
    about = MemberField(required=False, allow_null=True, default=None)
    instrument = InstrumentField(
        required=False, allow_null=True, default=None, help_text=_("The id of a questionnaire's definition.")
    )
    recipient = RecipientField(required=False, allow_null=True, default=None)
    data_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=DataKind.choices), required=False, default=list, max_length=20
    )


class FactorInputSerializer(serializers.Serializer):
    description = CharField(max_length=TEXT)
    kind = serializers.ChoiceField(choices=FactorKind.choices)
    domain = serializers.ChoiceField(choices=FactorDomain.choices)
    source = serializers.ChoiceField(choices=FactorSource.choices)


class PictureInputSerializer(serializers.Serializer):
    nature_severity = CharField(max_length=TEXT)
    safety = CharField(max_length=TEXT)
    strengths = CharField(max_length=TEXT)
    resources = CharField(max_length=TEXT, required=False, allow_blank=True, default="")
    multiple_and_complex = BooleanField(required=False, default=False)
    factors = FactorInputSerializer(many=True, max_length=30)
    version = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, default=None,
        help_text=_("The version of the current picture you last read; required when there is one."),
    )  # fmt: skip

    def to_action(self) -> dict:
        data = dict(self.validated_data)
        data["expected_version"] = data.pop("version")
        return data


class ViewInputSerializer(_CaseScoped):
    member = MemberField()
    agreement = serializers.ChoiceField(choices=FamilyAgreement.choices)
    words = CharField(max_length=TEXT, required=False, allow_blank=True, default="", help_text=_("In their words."))


class ShareInputSerializer(_CaseScoped):
    views = ViewInputSerializer(many=True, max_length=50)
    version = serializers.IntegerField(min_value=1)


class VersionInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text=_("The version you last read."))


class OverrideInputSerializer(VersionInputSerializer):
    reason = CharField(max_length=TEXT)


class ConsultationInputSerializer(_CaseScoped):
    scientist = ScientistField()
    question = CharField(max_length=TEXT)
    agreed_by = MembersField()
    conditions = CharField(max_length=TEXT)


class AnswerInputSerializer(VersionInputSerializer):
    advice = CharField(max_length=TEXT)


class PsychoEducationInputSerializer(_CaseScoped):
    topic = CharField(max_length=200)
    explained = CharField(max_length=TEXT)
    given_to = MembersField()
    material_title = CharField(max_length=200, required=False, allow_blank=True, default="")
    material_description = CharField(max_length=TEXT, required=False, allow_blank=True, default="")
    given_on = DateField(required=False, allow_null=True, default=None)


class SkipInputSerializer(VersionInputSerializer):
    reason = CharField(max_length=TEXT)

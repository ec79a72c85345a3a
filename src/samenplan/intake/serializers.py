"""API serializers for the intake: they parse and check the shape; the actions check the rules.

Member ids are looked up only among the case's family (``context["case"]``), professionals among the
organisation's, severity levels among the organisation's own scale: an id outside these is a field error.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from samenplan.accounts.models import User
from samenplan.cases.models import Member
from samenplan.cases.serializers import RefSerializer
from samenplan.intake.models import (
    Agreement,
    Assessment,
    Clarification,
    Contribution,
    Conversation,
    ConversationStep,
    CrisisIntervention,
    Place,
    Problem,
    Route,
    RouteAgreement,
    RouteDecision,
    Safety,
    SeverityLevel,
    Step,
)
from samenplan.intake.scales import levels_for


class _CaseScoped(serializers.Serializer):
    """Limits member, professional and severity fields to what belongs to ``context["case"]``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.context.get("case")
        if case is None:
            return
        for field in self._walk(self.fields):
            if isinstance(field, MemberField):
                field.queryset = case.family.members.all()
            elif isinstance(field, ProfessionalField):
                field.queryset = User.objects.filter(organisation_id=case.family.organisation_id, is_active=True)
            elif isinstance(field, SeverityField):
                field.queryset = levels_for(case.family.organisation_id)

    def _walk(self, fields):
        for field in fields.values():
            if isinstance(field, serializers.ManyRelatedField):
                yield field.child_relation
            elif isinstance(field, serializers.ListSerializer):
                yield from self._walk(field.child.fields)
            elif isinstance(field, serializers.Serializer):
                yield from self._walk(field.fields)
            else:
                yield field


class MemberField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {"does_not_exist": _("Choose a member of this family.")}

    def __init__(self, **kwargs):
        super().__init__(queryset=Member.objects.none(), **kwargs)


class ProfessionalField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        super().__init__(queryset=User.objects.none(), **kwargs)


class SeverityField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {"does_not_exist": _("Choose a level of your organisation's scale.")}

    def __init__(self, **kwargs):
        super().__init__(queryset=SeverityLevel.objects.none(), **kwargs)


# ── input ────────────────────────────────────────────────────────────────────────────────────────────────


class StepInputSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=Step.choices, help_text=_("0 is the welcome, 1 to 8 the steps."))
    notes = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")
    skipped = serializers.BooleanField(required=False, default=False)
    skip_reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ContributionInputSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=Step.choices)
    speaker = MemberField(help_text=_("The family member who said it (present in the conversation)."))
    text = serializers.CharField(max_length=10000, help_text=_("In their own words."))


class ConversationInputSerializer(_CaseScoped):
    held_on = serializers.DateField(label=_("Date"))
    place = serializers.ChoiceField(choices=Place.choices)
    members = MemberField(many=True, allow_empty=False, help_text=_("Family members present."))
    professionals = ProfessionalField(many=True, required=False, default=list)
    steps = StepInputSerializer(many=True, required=False, default=list)
    contributions = ContributionInputSerializer(many=True, required=False, default=list)
    evaluation = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")
    open_questions = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")
    interpreter_language = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("The language an interpreter interpreted; empty when no interpreter took part."),
    )

    def validate_steps(self, steps):
        numbers = [s["step"] for s in steps]
        if len(numbers) != len(set(numbers)):
            raise serializers.ValidationError(_("Each step appears once."), code="duplicate")
        return steps

    def to_action(self) -> dict:
        data = dict(self.validated_data)
        data["steps"] = {s.pop("step"): s for s in data["steps"]}
        return data


class ProblemInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=2000, help_text=_("In their own words."))
    burden = serializers.IntegerField(min_value=1, max_value=10, help_text=_("How heavy it weighs: 1 to 10."))


class ParticipantInputSerializer(serializers.Serializer):
    member = MemberField()
    help_question = serializers.CharField(max_length=5000, help_text=_("In their own words."))
    problems = ProblemInputSerializer(many=True, required=False, default=list)
    goes_well = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    exceptions = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class AssessmentInputSerializer(serializers.Serializer):
    nature = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    severity = SeverityField(required=False, allow_null=True, default=None)
    family_view = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("How the child and the parents see the nature and severity, in their own words."),
    )
    safety = serializers.ChoiceField(choices=Safety.choices, help_text=_("Is the child safe at home?"))
    safety_explanation = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    safety_assessed_by = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ClarifyInputSerializer(_CaseScoped):
    conversation = serializers.PrimaryKeyRelatedField(
        queryset=Conversation.objects.none(), required=False, allow_null=True, default=None
    )
    participants = ParticipantInputSerializer(many=True, required=False, default=list)
    assessment = AssessmentInputSerializer(required=False, allow_null=True, default=None)
    version = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.context.get("case")
        if case is not None:
            self.fields["conversation"].queryset = case.conversations.all()


class AgreementInputSerializer(serializers.Serializer):
    member = MemberField()
    agreement = serializers.ChoiceField(choices=Agreement.choices)
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class CrisisInputSerializer(serializers.Serializer):
    what = serializers.CharField(max_length=5000)
    by_whom = serializers.CharField(max_length=200)
    on = serializers.DateField()
    placement_referral = serializers.BooleanField(required=False, default=False)
    placement_referral_note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class RouteInputSerializer(_CaseScoped):
    route = serializers.ChoiceField(choices=Route.choices)
    rationale = serializers.CharField(max_length=5000, help_text=_("Why this route, decided together."))
    agreements = AgreementInputSerializer(many=True, allow_empty=False, help_text=_("Each participant's agreement."))
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)
    light_help = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    other_route_reason = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    analysis_skip_reason = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    crisis = CrisisInputSerializer(required=False, allow_null=True, default=None)
    version = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)


# ── output ───────────────────────────────────────────────────────────────────────────────────────────────


class StepSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConversationStep
        fields = ["step", "notes", "skipped", "skip_reason"]
        read_only_fields = fields


class ContributionSerializer(serializers.ModelSerializer):
    speaker = RefSerializer(read_only=True)

    class Meta:
        model = Contribution
        fields = ["step", "speaker", "text"]
        read_only_fields = fields


class ConversationSerializer(serializers.ModelSerializer):
    members = RefSerializer(many=True, read_only=True)
    professionals = RefSerializer(many=True, read_only=True)
    steps = StepSerializer(many=True, read_only=True)
    contributions = ContributionSerializer(many=True, read_only=True)

    class Meta:
        model = Conversation
        fields = [
            "id",
            "held_on",
            "place",
            "members",
            "professionals",
            "steps",
            "contributions",
            "evaluation",
            "open_questions",
            "interpreter_language",
            "recorded_at",
        ]
        read_only_fields = fields


class ProblemSerializer(serializers.ModelSerializer):
    class Meta:
        model = Problem
        fields = ["description", "burden"]
        read_only_fields = fields


class ClarificationSerializer(serializers.ModelSerializer):
    member = RefSerializer(read_only=True)
    author = RefSerializer(read_only=True)
    problems = ProblemSerializer(many=True, read_only=True)

    class Meta:
        model = Clarification
        fields = ["id", "conversation", "member", "help_question", "problems", "goes_well", "exceptions"]
        fields += ["author", "recorded_at"]
        read_only_fields = fields


class SeverityLevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = SeverityLevel
        fields = ["id", "rank", "name", "description"]
        read_only_fields = fields


class AssessmentSerializer(serializers.ModelSerializer):
    severity = SeverityLevelSerializer(read_only=True, allow_null=True)
    author = RefSerializer(read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "conversation",
            "nature",
            "severity",
            "family_view",
            "safety",
            "safety_explanation",
            "safety_assessed_by",
        ]
        fields += ["author", "recorded_at"]
        read_only_fields = fields


class ClarificationOverviewSerializer(serializers.Serializer):
    participants = ClarificationSerializer(many=True, read_only=True)
    assessments = AssessmentSerializer(many=True, read_only=True)


class AgreementSerializer(serializers.ModelSerializer):
    member = RefSerializer(read_only=True)

    class Meta:
        model = RouteAgreement
        fields = ["member", "agreement", "comment"]
        read_only_fields = fields


class CrisisSerializer(serializers.ModelSerializer):
    class Meta:
        model = CrisisIntervention
        fields = ["what", "by_whom", "on", "placement_referral", "placement_referral_note"]
        read_only_fields = fields


class RouteDecisionSerializer(serializers.ModelSerializer):
    agreements = AgreementSerializer(many=True, read_only=True)
    crisis = serializers.SerializerMethodField()
    author = RefSerializer(read_only=True)

    class Meta:
        model = RouteDecision
        fields = ["id", "route", "decided_on", "rationale", "light_help", "other_route_reason"]
        fields += ["analysis_skip_reason", "current", "agreements", "crisis", "author", "recorded_at"]
        read_only_fields = fields

    def get_crisis(self, decision: RouteDecision) -> CrisisSerializer(allow_null=True):  # type: ignore[valid-type]
        crisis = getattr(decision, "crisis", None)
        return CrisisSerializer(crisis).data if crisis is not None else None

"""API serializers of the family plan: they parse and check the shape; the actions check the rules."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from samenplan.api.fields import BooleanField, CharField, DateField
from samenplan.cases.models import Member
from samenplan.plans import rules, services
from samenplan.plans.models import Agreement, PlanAgreement, PlanVersion

VOICE_MESSAGE = _("Choose whose words these are: the family's or the professional's.")


def _text(**kwargs):
    return CharField(required=False, allow_blank=True, default="", max_length=rules.TEXT_MAX, **kwargs)


def _voice(default):
    return serializers.ChoiceField(
        choices=rules.VOICES,
        default=default,
        error_messages={"invalid_choice": VOICE_MESSAGE},
        help_text=_("Whose words: family or professional."),
    )


class TextSectionSerializer(serializers.Serializer):
    text = _text()
    voice = _voice(rules.FAMILY)


class AftercareSerializer(TextSectionSerializer):
    voice = _voice(rules.PROFESSIONAL)


class SafetySerializer(serializers.Serializer):
    needed = BooleanField(default=False, help_text=_("Whether the plan has a safety plan."))
    voice = _voice(rules.FAMILY)
    when_unsafe = _text(help_text=_("What to do when someone feels unsafe."))
    signals = _text()
    day_contacts = _text(help_text=_("Whom to call during the day: names and phone numbers."))
    night_contacts = _text(help_text=_("Whom to call at night and at the weekend."))


class EvaluationSerializer(serializers.Serializer):
    next_on = DateField(required=False, allow_null=True, default=None)
    how = _text()
    with_whom = _text()


class ContentInputSerializer(serializers.Serializer):
    """The sections written in the plan; the goals and the help are copied from their records when it is saved."""

    own = TextSectionSerializer(required=False)
    network = TextSectionSerializer(required=False)
    safety = SafetySerializer(required=False)
    evaluation = EvaluationSerializer(required=False)
    aftercare = AftercareSerializer(required=False)


def content_from(data: dict) -> dict:
    """The plan content of a validated ``ContentInputSerializer``: the sections left out are empty."""
    content = rules.empty_content()
    for key in rules.EDITABLE:
        if key in data:
            section = dict(data[key])
            if key == rules.EVALUATION:
                section["next_on"] = section["next_on"].isoformat() if section.get("next_on") else ""
            content[key] = section
    return content


class NewVersionInputSerializer(serializers.Serializer):
    based_on_version = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, help_text=_("The number of the version you started from (0 for the first).")
    )
    content = ContentInputSerializer(help_text=_("The whole content of the new version."))
    reason = _text(help_text=_("What changed, and why."))


class PlanAgreementSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="member_id")
    member_name = serializers.CharField(source="member.__str__")

    class Meta:
        model = PlanAgreement
        fields = ["member", "member_name", "agreement", "words", "recorded_at"]


class PlanVersionSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.__str__")
    agreements = PlanAgreementSerializer(many=True, read_only=True)
    agreed_by_family = serializers.SerializerMethodField()

    class Meta:
        model = PlanVersion
        fields = ["number", "based_on", "author", "created_at", "reason", "content", "agreements", "agreed_by_family"]

    def get_agreed_by_family(self, version) -> bool:
        people = [m.pk for m in services.participants(version.plan.case)]
        return rules.agreed_by_family(people, {a.member_id: a.agreement for a in version.agreements.all()})


class PlanVersionSummarySerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.__str__")

    class Meta:
        model = PlanVersion
        fields = ["number", "based_on", "author", "created_at", "reason"]


class PlanSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    newest_version = serializers.IntegerField(help_text=_("0 while the plan has no version."))
    current = PlanVersionSerializer(allow_null=True)
    versions = PlanVersionSummarySerializer(many=True)


class PlanAgreementInputSerializer(serializers.Serializer):
    member = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.none(),
        error_messages={
            "does_not_exist": _("Choose a parent or youth of this family."),
            "incorrect_type": _("Choose a parent or youth of this family."),
        },
    )
    agreement = serializers.ChoiceField(choices=Agreement.choices)
    words = _text()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.context.get("case")  # absent only when the OpenAPI schema is drawn
        if case is not None:
            people = [m.pk for m in services.participants(case)]
            self.fields["member"].queryset = Member.objects.filter(pk__in=people)


class PieceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[rules.SAME, rules.ADDED, rules.REMOVED])
    text = serializers.CharField()


class LineSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[rules.SAME, rules.ADDED, rules.REMOVED, "changed"])
    pieces = PieceSerializer(many=True)


class DiffSectionSerializer(serializers.Serializer):
    section = serializers.ChoiceField(choices=rules.SECTIONS)
    lines = LineSerializer(many=True)


class DiffSerializer(serializers.Serializer):
    from_version = serializers.IntegerField()
    to_version = serializers.IntegerField()
    sections = DiffSectionSerializer(many=True)


class StaleSerializer(serializers.Serializer):
    errors = serializers.ListField(child=serializers.DictField())
    current_version = PlanVersionSerializer()

"""API serializers of deciding together: the shape of input and output; the actions check the rules (a decision
without options, a level outside 1 to 5, a crucial decision without consultation, a stale version) in Dutch."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from samenplan.api.fields import BooleanField, CharField, DateField, IdField, IdListField
from samenplan.cases.models import Member
from samenplan.cases.serializers import RefSerializer
from samenplan.catalogue.models import HelpOffer, Intensity
from samenplan.decisions.models import (
    Decision,
    DecisionAgreement,
    HelpDeployment,
    HelpStatus,
    Option,
    OptionReaction,
    OptionSource,
    Preference,
    PreferenceKind,
)
from samenplan.goals.models import Goal
from samenplan.network.models import NetworkMember

TEXT = 10000


def _text(help_text=None, max_length: int = TEXT):
    return CharField(max_length=max_length, required=False, allow_blank=True, default="", help_text=help_text)


def _in_case(serializer, field: str, queryset) -> None:
    serializer.fields[field].queryset = queryset


class OptionReactionSerializer(serializers.ModelSerializer):
    """What one family member wrote about the option in the portal: the pros and cons in their own words."""

    member = RefSerializer(read_only=True)

    class Meta:
        model = OptionReaction
        fields = ["member", "pros", "cons", "recorded_at", "version"]
        read_only_fields = fields


class OptionSerializer(serializers.ModelSerializer):
    family_speaker = RefSerializer(read_only=True, allow_null=True)
    reactions = OptionReactionSerializer(many=True, read_only=True)  # written by family members in the portal
    heavy = serializers.BooleanField(source="is_heavy", read_only=True)
    effective = serializers.BooleanField(source="is_effective", read_only=True)

    class Meta:
        model = Option
        fields = [
            "id", "case", "source", "offer", "network_member", "name", "description", "intensity", "evidence_level",
            "effective", "heavy", "waiting_weeks", "professional_pros", "professional_cons", "professional_results",
            "family_pros", "family_cons", "family_results", "family_speaker", "recommended",
            "recommendation_reasons", "tried_before", "reactions", "recorded_at", "changed_at", "version",
        ]  # fmt: skip
        read_only_fields = fields


class OptionInputSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=OptionSource.choices)
    offer = IdField(queryset=HelpOffer.objects.none(), required=False, allow_null=True, default=None)
    network_member = IdField(queryset=NetworkMember.objects.none(), required=False, allow_null=True, default=None)
    name = _text(_("For the network or the family's own idea; from the catalogue the offer's name."), 200)
    description = _text()
    waiting_weeks = serializers.IntegerField(min_value=0, max_value=520, required=False, allow_null=True, default=None)
    professional_pros = _text()
    professional_cons = _text()
    professional_results = _text()
    family_pros = _text(_("In the family's own words."))
    family_cons = _text(_("In the family's own words."))
    family_results = _text(_("In the family's own words."))
    family_speaker = IdField(queryset=Member.objects.none(), required=False, allow_null=True, default=None)
    recommended = BooleanField(required=False, default=False)
    recommendation_reasons = _text()
    tried_before = _text(_("What the family tried before, and how it went."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.context.get("case")
        if case is not None:
            _in_case(self, "offer", HelpOffer.objects.filter(organisation_id=case.family.organisation_id, active=True))
            _in_case(self, "network_member", NetworkMember.objects.filter(case=case))
            _in_case(self, "family_speaker", case.family.members.all())


class OptionChangeSerializer(OptionInputSerializer):
    version = serializers.IntegerField(min_value=0, help_text=_("The version you read: a stale one gives 409."))


class PreferenceSerializer(serializers.ModelSerializer):
    member = RefSerializer(read_only=True)
    ranking = serializers.ListField(child=serializers.IntegerField(), read_only=True)

    class Meta:
        model = Preference
        fields = ["id", "member", "kind", "ranking", "preferred", "reasons", "recorded_at", "version"]
        read_only_fields = fields


class PreferenceInputSerializer(serializers.Serializer):
    member = IdField(queryset=Member.objects.none(), help_text=_("A member of the case's family."))
    kind = serializers.ChoiceField(choices=PreferenceKind.choices)
    ranking = IdListField(
        queryset=Option.objects.none(), max_count=50, too_many_message=_("At most 50 options."), required=False,
        default=list, help_text=_("With kind order: every option of the case, the most preferred first."),
    )  # fmt: skip
    preferred = IdField(queryset=Option.objects.none(), required=False, allow_null=True, default=None)
    reasons = _text(_("Their reasons, in their own words."))
    seen_options = IdListField(
        queryset=Option.objects.none(), max_count=50, too_many_message=_("At most 50 options."),
        help_text=_("The ids of the options the participant saw: when the options changed since, 400 stale_options."),
    )  # fmt: skip
    version = serializers.IntegerField(min_value=0, help_text=_("The version of their preference read; 0 for none."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.context.get("case")
        if case is not None:
            _in_case(self, "member", case.family.members.all())
            _in_case(self, "preferred", Option.objects.filter(case=case))
            for name in ("ranking", "seen_options"):
                self.fields[name].queryset = Option.objects.filter(case=case)


class DecisionAgreementSerializer(serializers.ModelSerializer):
    member = RefSerializer(read_only=True)

    class Meta:
        model = DecisionAgreement
        fields = ["member", "agreement", "words"]
        read_only_fields = fields


class DecisionSerializer(serializers.ModelSerializer):
    options = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    agreements = DecisionAgreementSerializer(many=True, read_only=True)
    participation_label = serializers.CharField(source="level_label", read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id", "case", "decided_at", "options", "summary", "arguments", "participation_level",
            "participation_label", "crucial", "out_of_home", "against_family_wish", "consultation", "agreements",
            "family_position", "professional_position", "resolved_by", "resolution", "safety_conditions",
            "evaluation_on", "evaluation_agreement", "aftercare_agreement", "recorded_at", "version",
        ]  # fmt: skip
        read_only_fields = fields


class DecisionAgreementInputSerializer(serializers.Serializer):
    member = IdField(queryset=Member.objects.none())
    agreement = serializers.ChoiceField(choices=DecisionAgreement.Answer.choices)
    words = _text(_("Required with partly or no."))


class DecisionInputSerializer(serializers.Serializer):
    options = IdListField(queryset=Option.objects.none(), max_count=50, too_many_message=_("At most 50 options."))
    summary = CharField(max_length=TEXT)
    arguments = _text()
    participation_level = serializers.IntegerField(
        help_text=_("1 informing, 2 consulting, 3 advising, 4 deciding together, 5 the family decides.")
    )
    out_of_home = BooleanField(required=False, default=False)
    against_family_wish = BooleanField(required=False, default=False)
    agreements = DecisionAgreementInputSerializer(many=True, required=False, default=list, max_length=50)
    family_position = _text()
    professional_position = _text()
    resolved_by = _text(max_length=300)
    resolution = _text()
    safety_conditions = _text()
    evaluation_on = DateField()
    evaluation_agreement = CharField(max_length=TEXT)
    aftercare_agreement = _text()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.context.get("case")
        if case is not None:
            self.fields["options"].queryset = Option.objects.filter(case=case)
            self.fields["agreements"].child.fields["member"].queryset = case.family.members.all()


class HelpSerializer(serializers.ModelSerializer):
    goals = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = HelpDeployment
        fields = [
            "id", "case", "decision", "offer", "description", "intensity", "provider", "contact_person", "starts_on",
            "ends_on", "status", "goals", "recorded_at", "changed_at", "version",
        ]  # fmt: skip
        read_only_fields = fields


class HelpInputSerializer(serializers.Serializer):
    description = CharField(max_length=300)
    intensity = serializers.ChoiceField(choices=Intensity.choices)
    provider = _text(max_length=200)
    contact_person = _text(max_length=200)
    starts_on = DateField(required=False, allow_null=True, default=None)
    ends_on = DateField(required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(choices=HelpStatus.choices, required=False, default=HelpStatus.PLANNED)
    goals = IdListField(
        queryset=Goal.objects.none(), max_count=100, too_many_message=_("At most 100 goals."), required=False,
        default=list,
    )  # fmt: skip
    decision = IdField(queryset=Decision.objects.none(), required=False, allow_null=True, default=None)
    offer = IdField(queryset=HelpOffer.objects.none(), required=False, allow_null=True, default=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.context.get("case")
        if case is not None:
            self.fields["goals"].queryset = case.goals.all()
            _in_case(self, "decision", Decision.objects.filter(case=case))
            _in_case(self, "offer", HelpOffer.objects.filter(organisation_id=case.family.organisation_id))


class HelpChangeSerializer(HelpInputSerializer):
    version = serializers.IntegerField(min_value=0, help_text=_("The version you read: a stale one gives 409."))

"""API serializers for own strength, the network and the family group plan: the shape of input and output; the
actions check the rules (an unknown criterion, a plan under a measure, a stale version) with Dutch messages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from samenplan.api.fields import CharField, DateField, IdField, IdListField
from samenplan.cases.models import Member
from samenplan.cases.serializers import RefSerializer
from samenplan.consent.models import Recipient
from samenplan.goals.models import Goal
from samenplan.network import rules
from samenplan.network.models import (
    OWN_STRENGTH_FIELDS,
    Circle,
    FamilyGroupPlan,
    NetworkMember,
    OwnStrength,
    PlanPart,
    SupportKind,
    YouthWish,
)

TEXT = 10000


def _answer(help_text=None):
    return CharField(max_length=TEXT, required=False, allow_blank=True, default="", help_text=help_text)


# ── own strength ───────────────────────────────────────────────────────────────────────────────────────────


class OwnStrengthSerializer(serializers.ModelSerializer):
    member = RefSerializer(read_only=True)

    class Meta:
        model = OwnStrength
        fields = ["id", "member", *OWN_STRENGTH_FIELDS, "recorded_at", "changed_at", "version"]
        read_only_fields = fields


class OwnStrengthAnswerSerializer(serializers.Serializer):
    member = IdField(queryset=Member.objects.none(), help_text=_("A member of the case's family."))
    tried = _answer(_("What have you already tried to make this problem smaller or to prevent it?"))
    helps = _answer(_("What can you already do, or what do you already have, that helps you reach your goals?"))
    works_against = _answer(_("What could work against you in reaching your goals?"))
    needs = _answer(_("What do you need to reach your goals?"))
    who_can_help = _answer(_("Who can help you reach your goals?"))
    by_when = _answer(_("When do you want to have reached your goals?"))
    version = serializers.IntegerField(
        min_value=0, help_text=_("The version of this person's answers you read; 0 when there were none yet.")
    )


class OwnStrengthInputSerializer(serializers.Serializer):
    answers = OwnStrengthAnswerSerializer(many=True, allow_empty=False, max_length=50)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.context.get("case")
        if case is not None:
            self.fields["answers"].child.fields["member"].queryset = case.family.members.all()


# ── network members ────────────────────────────────────────────────────────────────────────────────────────


class NetworkMemberSerializer(serializers.ModelSerializer):
    support = serializers.ListField(child=serializers.ChoiceField(choices=SupportKind.choices), read_only=True)
    goals = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text=_("The goals they help with."))
    responds = serializers.CharField(read_only=True, help_text="yes, partly, no")
    effective = serializers.CharField(read_only=True, help_text="yes, partly, no")
    accessible = serializers.CharField(read_only=True, help_text="yes, partly, no")
    reliable = serializers.CharField(read_only=True, help_text="yes, partly, no")
    strength = serializers.ChoiceField(
        choices=[rules.STRONG, rules.MODERATE, rules.WEAK],
        read_only=True,
        help_text=_("From the four criteria: yes counts 2, partly 1; weak when not reliable."),
    )

    class Meta:
        model = NetworkMember
        fields = [
            "id",
            "case",
            "name",
            "relation",
            "circle",
            "contact",
            "support",
            *rules.CRITERIA,
            "strength",
            "youth_wish",
            "part_in_plan",
            "part_from_family_plan",
            "goals",
            "recorded_at",
            "version",
        ]
        read_only_fields = fields


class CriterionField(CharField):
    """yes, partly or no; any other value is refused by the action with a message naming the criterion."""

    def __init__(self, **kwargs):
        super().__init__(max_length=40, allow_blank=True, **kwargs)


NAME_MESSAGE = _("Write down the person's name.")


class NetworkMemberInputSerializer(serializers.Serializer):
    name = CharField(max_length=200, error_messages={"blank": NAME_MESSAGE, "required": NAME_MESSAGE})
    relation = CharField(max_length=200, help_text=_("For example: grandmother."))
    circle = serializers.ChoiceField(choices=Circle.choices)
    contact = CharField(max_length=200, required=False, allow_blank=True, default="")
    support = serializers.ListField(
        child=serializers.ChoiceField(choices=SupportKind.choices), required=False, default=list, max_length=3
    )
    responds = CriterionField(help_text=_("Responds to requests for help"))
    effective = CriterionField(help_text=_("Gives real, effective help"))
    accessible = CriterionField(help_text=_("Is easy to reach"))
    reliable = CriterionField(help_text=_("Is reliable"))
    youth_wish = serializers.ChoiceField(choices=YouthWish.choices, required=False, default=YouthWish.NOT_ASKED)
    part_in_plan = CharField(max_length=TEXT, required=False, allow_blank=True, default="")
    goals = IdListField(
        queryset=Goal.objects.none(),
        max_count=50,
        too_many_message=_("Choose at most %(maximum)d goals."),
        required=False,
        default=list,
        help_text=_("Ids of the case's goals this person helps with."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.context.get("case")
        if case is not None:
            self.fields["goals"].queryset = case.goals.all()


class NetworkMemberChangeSerializer(NetworkMemberInputSerializer):
    """The fields to change (the others stay as they are) and the version read."""

    version = serializers.IntegerField(min_value=1, help_text=_("The version of the network member you read."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False
                field.default = serializers.empty


class SharedNetworkMemberSerializer(serializers.Serializer):
    """A network member as shared with someone outside the team: contact details only with consent."""

    name = serializers.CharField()
    relation = serializers.CharField()
    support = serializers.ListField(child=serializers.CharField())
    part_in_plan = serializers.CharField()
    contact = serializers.CharField(allow_null=True, help_text=_("null when the family did not consent."))


class SharedNetworkSerializer(serializers.Serializer):
    recipient = serializers.CharField()
    contact_details_shared = serializers.BooleanField()
    withheld_because = serializers.ListField(child=serializers.CharField())
    people = SharedNetworkMemberSerializer(many=True)


class NetworkShareInputSerializer(serializers.Serializer):
    recipient = IdField(queryset=Recipient.objects.none(), help_text=_("A recipient of this case (see consents)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.context.get("case")
        if case is not None:
            self.fields["recipient"].queryset = case.recipients.all()


# ── family group plan ──────────────────────────────────────────────────────────────────────────────────────


class PlanPartSerializer(serializers.ModelSerializer):
    network_member = RefSerializer(read_only=True, allow_null=True)
    goal = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = PlanPart
        fields = ["id", "text", "network_member", "goal"]
        read_only_fields = fields


class FamilyGroupPlanSerializer(serializers.ModelSerializer):
    parts = PlanPartSerializer(many=True, read_only=True)
    approved_by = RefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = FamilyGroupPlan
        fields = [
            "id",
            "case",
            "state",
            "offered_on",
            "offer_note",
            "answered_on",
            "family_reason",
            "made_on",
            "made_by",
            "coordinator",
            "content",
            "parts",
            "approved_by",
            "approved_on",
            "approval_note",
            "version",
        ]
        read_only_fields = fields


class FamilyGroupPlanOverviewSerializer(serializers.Serializer):
    offered = serializers.BooleanField(
        help_text=_("False under a child-protection measure: then no family group plan is offered.")
    )
    approval_needed = serializers.BooleanField(help_text=_("The child's safety is at stake (the clarification)."))
    plans = FamilyGroupPlanSerializer(many=True, help_text=_("Newest first; the first is the current one."))


class FamilyGroupPlanStepSerializer(serializers.Serializer):
    """One step: ``offer`` (offered_on, offer_note), ``accept`` or ``decline`` (answered_on, family_reason),
    ``record`` (made_on, made_by, coordinator, content, parts), ``approve`` (approved_on, approval_note)."""

    step = serializers.ChoiceField(choices=rules.PLAN_STEPS)
    version = serializers.IntegerField(
        min_value=0, help_text=_("The version of the current plan you read; 0 when there was none.")
    )
    offered_on = DateField(required=False, allow_null=True, default=None)
    offer_note = CharField(max_length=TEXT, required=False, allow_blank=True, default="")
    answered_on = DateField(required=False, allow_null=True, default=None)
    family_reason = CharField(max_length=TEXT, required=False, allow_blank=True, default="")
    made_on = DateField(required=False, allow_null=True, default=None)
    made_by = CharField(max_length=20, required=False, allow_blank=True, default="", help_text="family, conference")
    coordinator = CharField(max_length=200, required=False, allow_blank=True, default="")
    content = CharField(max_length=TEXT, required=False, allow_blank=True, default="")
    parts = serializers.ListField(child=CharField(max_length=2000), required=False, default=list, max_length=30)
    approved_on = DateField(required=False, allow_null=True, default=None)
    approval_note = CharField(max_length=TEXT, required=False, allow_blank=True, default="")

    _FIELDS = {
        rules.OFFER: ("offered_on", "offer_note"),
        rules.ACCEPT: ("answered_on", "family_reason"),
        rules.DECLINE: ("answered_on", "family_reason"),
        rules.RECORD: ("made_on", "made_by", "coordinator", "content", "parts"),
        rules.APPROVE: ("approved_on", "approval_note"),
    }

    def action_arguments(self) -> tuple[str, dict]:
        data = self.validated_data
        step = data["step"]
        arguments = {name: data[name] for name in self._FIELDS[step]}
        arguments["expected_version"] = data["version"]
        if step in (rules.ACCEPT, rules.DECLINE):
            arguments["accepted"] = step == rules.ACCEPT
        return step, arguments


class TakePartSerializer(serializers.Serializer):
    into = serializers.ChoiceField(choices=["goal", "network"], default="network")
    network_member = IdField(queryset=NetworkMember.objects.none(), required=False, allow_null=True, default=None)
    version = serializers.IntegerField(min_value=1, help_text=_("The version of the family group plan you read."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.context.get("case")
        if case is not None:
            self.fields["network_member"].queryset = case.network_members.all()

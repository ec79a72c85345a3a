"""API serializers of evaluating, closing and reopening: they parse and check the shape; the actions check the
rules. Goals, members and professionals are looked up only within ``context["case"]``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from samenplan.api.fields import BooleanField, CharField, DateField, IdField
from samenplan.cases.serializers import RefSerializer
from samenplan.evaluations.models import (
    Closing,
    ClosingGoal,
    ClosingReason,
    Evaluation,
    GoalOutcome,
    Outcome,
    Reopening,
)
from samenplan.goals.models import Goal
from samenplan.goals.serializers import (
    SCORE_MESSAGE,
    GoalSerializer,
    MemberField,
    ProfessionalField,
    _CaseScoped,
    _scale_field,
)

TEXT = 5000
GOAL_MESSAGE = _("Choose a goal of this case.")


def _text(**kwargs):
    return CharField(max_length=TEXT, required=False, allow_blank=True, default="", **kwargs)


class GoalField(IdField):
    default_error_messages = {"does_not_exist": GOAL_MESSAGE, "incorrect_type": GOAL_MESSAGE}

    def __init__(self, **kwargs):
        super().__init__(queryset=Goal.objects.none(), **kwargs)


class _GoalScoped(_CaseScoped):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.context.get("case")
        if case is None:
            return
        for field in _goal_fields(self.fields):
            field.queryset = Goal.objects.filter(case=case)


def _goal_fields(fields):
    for field in fields.values():
        if isinstance(field, serializers.ListSerializer):
            yield from _goal_fields(field.child.fields)
        elif isinstance(field, GoalField):
            yield field


class PlanInputSerializer(serializers.Serializer):
    planned_on = DateField()
    how = CharField(max_length=200, required=False, allow_blank=True, default="")
    with_whom = CharField(max_length=300, required=False, allow_blank=True, default="")


class EvaluationScoreInput(serializers.Serializer):
    goal = GoalField()
    member = MemberField(required=False, allow_null=True, default=None, help_text=_("A family member who scores."))
    professional = ProfessionalField(
        required=False, allow_null=True, default=None, help_text=_("Or a professional of the case who scores.")
    )
    score = _scale_field(SCORE_MESSAGE, help_text=_("0 is the worst moment, 10 is: the goal is reached."))


class HoldInputSerializer(_GoalScoped):
    held_on = DateField()
    helps = _text(help_text=_("Does the help help? In the family's own words."))
    should_change = _text(help_text=_("What should change? In the family's own words."))
    situation_changed = BooleanField(required=False, default=False)
    situation_words = _text()
    outcome = serializers.ChoiceField(choices=Outcome.choices, help_text=_("continue, adjust or end."))
    outcome_reason = _text()
    adjustment = _text(help_text=_("What changes in the goals or the help; required with adjust."))
    conversation_went = _text(help_text=_("How the conversation itself went."))
    open_questions = _text()
    scores = EvaluationScoreInput(many=True, required=False, default=list, max_length=200)


class HoldPlannedInputSerializer(HoldInputSerializer):
    version = serializers.IntegerField(min_value=1, help_text=_("The version of the planned evaluation."))


class GoalOutcomeInput(serializers.Serializer):
    goal = GoalField()
    outcome = serializers.ChoiceField(choices=GoalOutcome.choices)


class CloseInputSerializer(_GoalScoped):
    reason = serializers.ChoiceField(
        choices=ClosingReason.choices,
        error_messages={
            "required": _("Choose the reason for closing."),
            "invalid_choice": _("Choose the reason for closing."),
        },
    )
    reason_other = _text()
    other_help = _text(help_text=_("Which other help was discussed; required when the family does not manage yet."))
    family_view = _text(help_text=_("The family's view of the help, in their own words."))
    goal_outcomes = GoalOutcomeInput(many=True, required=False, default=list, max_length=200)
    aftercare_what = _text()
    aftercare_until = DateField(required=False, allow_null=True, default=None)
    aftercare_contact = CharField(max_length=300, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(min_value=1, help_text=_("The version of the case."))


class ReopenInputSerializer(serializers.Serializer):
    reason = CharField(max_length=TEXT, help_text=_("Why the family comes back."))
    version = serializers.IntegerField(min_value=1, help_text=_("The version of the case."))


class ReturnInputSerializer(serializers.Serializer):
    reason = CharField(max_length=TEXT, help_text=_("Why the family comes back."))


# ── output ───────────────────────────────────────────────────────────────────────────────────────────────


class EvaluationSerializer(serializers.ModelSerializer):
    held_by = RefSerializer(read_only=True, allow_null=True)
    outcome = serializers.ChoiceField(
        choices=Outcome.choices, allow_blank=True, read_only=True, help_text=_("Empty while the evaluation is planned.")
    )

    class Meta:
        model = Evaluation
        fields = ["id", "planned_on", "how", "with_whom", "held_on", "held_by", "helps", "should_change"]
        fields += ["situation_changed", "situation_words", "outcome", "outcome_reason", "adjustment"]
        fields += ["conversation_went", "open_questions", "version", "recorded_at"]
        read_only_fields = fields


class ClosingGoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClosingGoal
        fields = ["goal", "outcome"]
        read_only_fields = fields


class ClosingSerializer(serializers.ModelSerializer):
    goal_outcomes = ClosingGoalSerializer(many=True, read_only=True)

    class Meta:
        model = Closing
        fields = [
            "id",
            "closed_on",
            "reason",
            "reason_other",
            "other_help",
            "family_view",
            "goal_outcomes",
            "aftercare_what",
        ]
        fields += ["aftercare_until", "aftercare_contact", "recorded_at"]
        read_only_fields = fields


class ReopeningSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reopening
        fields = ["id", "case", "previous_case", "reason", "recorded_at"]
        read_only_fields = fields


class ProgressSerializer(serializers.Serializer):
    goals = GoalSerializer(many=True, read_only=True, help_text=_("In priority order, with their scale scores."))
    summary = serializers.ListField(child=serializers.CharField(), read_only=True, help_text=_("Per goal, in words."))
    evaluations = EvaluationSerializer(many=True, read_only=True)
    closings = ClosingSerializer(many=True, read_only=True)
    reopenings = ReopeningSerializer(many=True, read_only=True)

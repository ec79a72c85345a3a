"""API serializers of the goals step: they parse and check the shape; the actions check the rules.

Member ids are looked up only among the case's family, professionals only among the case's caseworker and
co-workers (``context["case"]``): an id outside these is a field error, never someone else's record.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from samenplan.accounts.models import User
from samenplan.analysis.models import Factor
from samenplan.api.fields import CharField, DateField, IdListField
from samenplan.cases.models import Member
from samenplan.cases.serializers import RefSerializer
from samenplan.goals import actions
from samenplan.goals.models import (
    Agreement,
    Drieluik,
    Goal,
    GoalStatus,
    MiracleAnswer,
    ProblemAgreement,
    ScaleScore,
    SignsOfSafety,
    Term,
    Whose,
)

TEXT = 5000
MAX_FACTORS = 50
SCORE_MESSAGE = _("The score is a whole number from 0 (the worst moment) to 10 (goal reached).")
SCORER_MESSAGE = _("Choose a member of this family or a professional of this case.")
WORDS_MESSAGE = _("Write down the goal in the family's own words.")
WORDS_ERRORS = {"blank": WORDS_MESSAGE, "required": WORDS_MESSAGE, "null": WORDS_MESSAGE}


def _scale_field(message, **kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=0,
        max_value=10,
        error_messages={"min_value": message, "max_value": message, "invalid": message, "max_string_length": message},
        **kwargs,
    )


class MemberField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("Choose a member of this family."),
        "incorrect_type": _("Choose a member of this family."),
    }

    def __init__(self, **kwargs):
        super().__init__(queryset=Member.objects.none(), **kwargs)


class ProfessionalField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {"does_not_exist": SCORER_MESSAGE, "incorrect_type": SCORER_MESSAGE}

    def __init__(self, **kwargs):
        super().__init__(queryset=User.objects.none(), **kwargs)


class _CaseScoped(serializers.Serializer):
    """Limits member and professional fields (nested ones too) to ``context["case"]``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.context.get("case")
        if case is None:
            return
        for field in _walk(self.fields):
            if isinstance(field, MemberField):
                field.queryset = case.family.members.all()
            elif isinstance(field, FactorsField):
                field.queryset = Factor.objects.filter(picture__case=case, picture__current=True)
            elif isinstance(field, ProfessionalField):
                field.queryset = User.objects.filter(pk__in=[p.pk for p in actions.case_professionals(case)])


class FactorsField(IdListField):
    """Ids of factors of the case's current coherent picture (``context["case"]``); another case's is unknown."""

    default_error_messages = {
        "does_not_exist": _("Choose factors of this case's current coherent picture. Unknown here: %(ids)s."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", _("Ids of changeable (maintaining) or protective factors of the case's current picture.")
        )
        super().__init__(
            queryset=Factor.objects.none(),
            max_count=MAX_FACTORS,
            too_many_message=_("Choose at most %(maximum)d factors."),
            **kwargs,
        )


def _walk(fields):
    for field in fields.values():
        if isinstance(field, serializers.ListSerializer):
            yield from _walk(field.child.fields)
        elif isinstance(field, serializers.Serializer):
            yield from _walk(field.fields)
        else:
            yield field


# ── input ────────────────────────────────────────────────────────────────────────────────────────────────


class AgreementAnswerInput(serializers.Serializer):
    member = MemberField()
    agreement = serializers.ChoiceField(choices=Agreement.choices, help_text=_("yes, partly or no."))
    words = CharField(max_length=TEXT, required=False, allow_blank=True, default="", help_text=_("In their own words."))


class AgreementsInputSerializer(_CaseScoped):
    answers = AgreementAnswerInput(many=True, allow_empty=False, max_length=50)


class GoalInputSerializer(_CaseScoped):
    words = CharField(max_length=TEXT, help_text=_("The goal in the family's own words."), error_messages=WORDS_ERRORS)
    professional_words = CharField(max_length=TEXT, required=False, allow_blank=True, default="")
    whose = serializers.ChoiceField(choices=Whose.choices, required=False, default=Whose.FAMILY)
    member = MemberField(required=False, allow_null=True, default=None, help_text=_("With whose = member."))
    term = serializers.ChoiceField(choices=Term.choices, required=False, default=Term.SHORT)
    target_date = DateField(required=False, allow_null=True, default=None)
    marked_as_family_own = serializers.BooleanField(required=False, default=False)
    factors = FactorsField(required=False, default=list)


class GoalChangeSerializer(_CaseScoped):
    words = CharField(max_length=TEXT, help_text=_("The goal in the family's own words."), error_messages=WORDS_ERRORS)
    professional_words = CharField(max_length=TEXT, required=False, allow_blank=True, default="")
    whose = serializers.ChoiceField(choices=Whose.choices)
    member = MemberField(required=False, allow_null=True, default=None)
    term = serializers.ChoiceField(choices=Term.choices)
    target_date = DateField(required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(choices=GoalStatus.choices)
    status_reason = CharField(max_length=TEXT, required=False, allow_blank=True, default="")
    factors = FactorsField(required=False, help_text=_("Left out: the goal keeps its factors."))
    version = serializers.IntegerField(min_value=1, help_text=_("The version of the goal you changed."))


class MoveInputSerializer(serializers.Serializer):
    goal = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    direction = serializers.ChoiceField(choices=[("up", "up"), ("down", "down")])
    order = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        allow_empty=False,
        max_length=200,
        help_text=_("The goal ids in the order you saw them; refused (stale_order) when it changed since."),
    )


class ScoreInputSerializer(_CaseScoped):
    member = MemberField(required=False, allow_null=True, default=None, help_text=_("A family member who scores."))
    professional = ProfessionalField(
        required=False, allow_null=True, default=None, help_text=_("Or a professional of the case who scores.")
    )
    score = _scale_field(SCORE_MESSAGE, help_text=_("0 is the worst moment, 10 is: the goal is reached."))
    desired = _scale_field(
        _("The desired score is a whole number from 0 to 10."), required=False, allow_null=True, default=None
    )
    one_point_higher = CharField(max_length=TEXT, required=False, allow_blank=True, default="")
    scored_on = DateField()


class MiracleAnswerInput(serializers.Serializer):
    member = MemberField()
    words = CharField(max_length=TEXT, help_text=_("In their own words."))


class MiracleInputSerializer(_CaseScoped):
    answers = MiracleAnswerInput(many=True, allow_empty=False, max_length=50)


class DrieluikInputSerializer(serializers.Serializer):
    nothing_changes = CharField(max_length=TEXT, required=False, allow_blank=True, default="")
    wished = CharField(max_length=TEXT, required=False, allow_blank=True, default="")
    what_we_do = CharField(max_length=TEXT, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, default=None, help_text=_("Required when changing.")
    )


class SignsOfSafetyInputSerializer(serializers.Serializer):
    worries = CharField(max_length=TEXT, required=False, allow_blank=True, default="")
    goes_well = CharField(max_length=TEXT, required=False, allow_blank=True, default="")
    must_happen = CharField(max_length=TEXT, required=False, allow_blank=True, default="")
    safety_score = _scale_field(
        _("The safety score is a whole number from 0 to 10."), required=False, allow_null=True, default=None
    )
    version = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, default=None, help_text=_("Required when changing.")
    )


# ── output ───────────────────────────────────────────────────────────────────────────────────────────────


class ProblemAgreementSerializer(serializers.ModelSerializer):
    member = RefSerializer(read_only=True)

    class Meta:
        model = ProblemAgreement
        fields = ["id", "member", "agreement", "words", "recorded_at"]
        read_only_fields = fields


class ScaleScoreSerializer(serializers.ModelSerializer):
    member = RefSerializer(read_only=True, allow_null=True)
    professional = RefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = ScaleScore
        fields = ["id", "member", "professional", "score", "desired", "one_point_higher", "scored_on", "recorded_at"]
        read_only_fields = fields


class GoalSerializer(serializers.ModelSerializer):
    member = RefSerializer(read_only=True, allow_null=True)
    scores = ScaleScoreSerializer(many=True, read_only=True)
    factors = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text=_("Ids of the factors of the coherent picture this goal aims at.")
    )

    class Meta:
        model = Goal
        fields = ["id", "words", "professional_words", "whose", "member", "term", "position", "target_date"]
        fields += ["status", "status_reason", "marked_as_family_own", "factors", "version", "scores", "recorded_at"]
        read_only_fields = fields


class MiracleAnswerSerializer(serializers.ModelSerializer):
    member = RefSerializer(read_only=True)

    class Meta:
        model = MiracleAnswer
        fields = ["id", "member", "words", "recorded_at"]
        read_only_fields = fields


class DrieluikSerializer(serializers.ModelSerializer):
    class Meta:
        model = Drieluik
        fields = ["nothing_changes", "wished", "what_we_do", "version", "recorded_at"]
        read_only_fields = fields


class SignsOfSafetySerializer(serializers.ModelSerializer):
    class Meta:
        model = SignsOfSafety
        fields = ["worries", "goes_well", "must_happen", "safety_score", "version", "recorded_at"]
        read_only_fields = fields


class GoalsOverviewSerializer(serializers.Serializer):
    agreements = ProblemAgreementSerializer(many=True, read_only=True, help_text=_("Each participant's latest."))
    goals = GoalSerializer(many=True, read_only=True, help_text=_("In priority order."))
    miracle_answers = MiracleAnswerSerializer(many=True, read_only=True)
    drieluik = DrieluikSerializer(read_only=True, allow_null=True)
    signs_of_safety = SignsOfSafetySerializer(read_only=True, allow_null=True)
    safety = serializers.CharField(
        read_only=True, allow_null=True, help_text=_("The latest safety answer of the clarification.")
    )
    techniques = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=_("The conversation techniques that apply.")
    )

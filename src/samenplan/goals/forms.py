"""Web forms of the goals step: they parse the shape and build the actions' input; the actions check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samenplan.cases.forms import DateInput
from samenplan.cases.models import Member
from samenplan.forms import (
    CharField,
    DateField,
    MemberAnswersMixin,
    ModelChoiceField,
    ModelMultipleChoiceField,
    UtrechtFormMixin,
    style_widgets,
)
from samenplan.goals import actions
from samenplan.goals.models import Agreement, GoalStatus, Term, Whose

TEXT = 5000
SCALE = [("", "-")] + [(str(n), str(n)) for n in range(11)]


def _textarea(rows: int = 3):
    return forms.Textarea(attrs={"rows": rows})


class AgreementForm(MemberAnswersMixin, UtrechtFormMixin, forms.Form):
    """Per participant: agrees with the question and the problem (yes / partly / no) and their own words.

    A participant left unanswered is not recorded (not asked this time).
    """

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_member_answers(
            members,
            label=_("Agrees with the question and the problem?"),
            choices=Agreement.choices,
            words_help=_("Required with partly or no: what do they see differently?"),
        )
        style_widgets(self.fields.values())

    def clean(self):
        data = super().clean()
        if self.members and not any(data.get(f"m{m.pk}-agreement") for m in self.members):
            raise forms.ValidationError(_("Record the answer of at least one participant."), code="required")
        return data

    def to_action(self) -> list[dict]:
        return self.member_answers()

    def field_for(self, name: str) -> str:
        """``answers[1].words`` (the action's name) is the field of the second participant."""
        return self.member_field_for("answers", name) or name


MAX_FACTORS = 50


class FactorsField(ModelMultipleChoiceField):
    default_error_messages = {
        "invalid_choice": _("Choose factors of this case's current coherent picture."),
        "invalid_pk_value": _("Choose factors of this case's current coherent picture."),
    }

    def label_from_instance(self, obj) -> str:
        return f"{obj.get_kind_display()}: {obj.description}"


class GoalForm(UtrechtFormMixin, forms.Form):
    words = CharField(
        label=_("The goal in the family's own words"),
        max_length=TEXT,
        widget=_textarea(3),
        help_text=_("Write down what the family said, as they said it."),
        error_messages={"required": _("Write down the goal in the family's own words.")},
    )
    professional_words = CharField(
        label=_("The professional's wording"),
        required=False,
        max_length=TEXT,
        widget=_textarea(2),
        help_text=_("Only when it differs from the family's words."),
    )
    whose = forms.ChoiceField(label=_("Whose goal is this?"), choices=Whose.choices, widget=forms.RadioSelect)
    member = ModelChoiceField(
        label=_("Family member"),
        queryset=Member.objects.none(),
        required=False,
        help_text=_("When the goal is one family member's: whose."),
    )
    term = forms.ChoiceField(label=_("Term"), choices=Term.choices, widget=forms.RadioSelect)
    target_date = DateField(label=_("Target date"), required=False, widget=DateInput())
    factors = FactorsField(
        label=_("Which factors of the coherent picture does this goal aim at?"),
        queryset=actions.Factor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        max_count=MAX_FACTORS,
        too_many_message=_("Choose at most %(maximum)d factors."),
        help_text=_("Only factors that can change (maintaining) or that protect."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = case.family.members.all()
        self.fields["member"].empty_label = _("(not one member)")
        choices = actions.goal_factor_choices(case)
        if choices.exists():  # only when the case has a coherent picture with factors a goal may aim at
            self.fields["factors"].queryset = choices
        else:
            del self.fields["factors"]

    def to_action(self) -> dict:
        return dict(self.cleaned_data)


class ChangeGoalForm(GoalForm):
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices, widget=forms.RadioSelect)
    status_reason = CharField(
        label=_("Why"),
        required=False,
        max_length=TEXT,
        widget=_textarea(2),
        help_text=_("Required when the goal is dropped."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def to_action(self) -> dict:
        data = dict(self.cleaned_data)
        data["expected_version"] = data.pop("version")
        return data


class MoveForm(forms.Form):
    """A move up or down button: the goal, the direction and the order the user saw (ids, comma-separated)."""

    goal = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
    order = forms.CharField(max_length=2000)

    def clean_order(self):
        parts = [p.strip() for p in self.cleaned_data["order"].split(",") if p.strip()]
        if not parts or not all(p.isdigit() and len(p) < 11 for p in parts):
            raise forms.ValidationError(_("The order of the goals is not valid. Reload the page."), code="invalid")
        return [int(p) for p in parts]


class ScoreForm(UtrechtFormMixin, forms.Form):
    """A scale score: who gives it (a family member, or a professional of the case), the score and the date."""

    scorer = forms.ChoiceField(
        label=_("Who gives the score?"),
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("Choose a member of this family or a professional of this case."),
            "required": _("Choose who gives the score: a family member or the professional."),
        },
    )
    score = forms.TypedChoiceField(
        label=_("Score"),
        choices=SCALE[1:],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("0 is the worst moment, 10 is: the goal is reached."),
        error_messages={
            "invalid_choice": _("The score is a whole number from 0 (the worst moment) to 10 (goal reached)."),
            "required": _("Choose a score from 0 to 10."),
        },
    )
    desired = forms.TypedChoiceField(
        label=_("Desired score"),
        choices=SCALE,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Which score would be good enough?"),
        error_messages={"invalid_choice": _("The desired score is a whole number from 0 to 10.")},
    )
    one_point_higher = CharField(
        label=_("What would one point higher look like?"),
        required=False,
        max_length=TEXT,
        widget=_textarea(2),
        help_text=_("In their own words."),
    )
    scored_on = DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args, case, professionals, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {f"m{m.pk}": m for m in case.family.members.all()}
        self.professionals = {f"p{p.pk}": p for p in professionals}
        self.fields["scorer"].choices = [(key, str(m)) for key, m in self.people.items()] + [
            (key, _("%(name)s (professional)") % {"name": p}) for key, p in self.professionals.items()
        ]

    def to_action(self) -> dict:
        data = dict(self.cleaned_data)
        key = data.pop("scorer")
        return {**data, "member": self.people.get(key), "professional": self.professionals.get(key)}


class MiracleForm(UtrechtFormMixin, forms.Form):
    """The miracle question: per participant their answer, in their own words (empty: not asked this time)."""

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for m in self.members:
            self.fields[f"m{m.pk}-words"] = CharField(
                label=str(m), required=False, max_length=TEXT, widget=_textarea(3)
            )
        style_widgets(self.fields.values())

    def clean(self):
        data = super().clean()
        if not any(data.get(f"m{m.pk}-words") for m in self.members):
            raise forms.ValidationError(_("Write down the answer of at least one participant."), code="required")
        return data

    def to_action(self) -> list[dict]:
        data = self.cleaned_data
        return [{"member": m, "words": data[f"m{m.pk}-words"]} for m in self.members if data.get(f"m{m.pk}-words")]


class DrieluikForm(UtrechtFormMixin, forms.Form):
    nothing_changes = CharField(
        label=_("In six months, if nothing changes"), required=False, max_length=TEXT, widget=_textarea(4)
    )
    wished = CharField(label=_("How would you like it to be?"), required=False, max_length=TEXT, widget=_textarea(4))
    what_we_do = CharField(label=_("What we will do"), required=False, max_length=TEXT, widget=_textarea(4))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def to_action(self) -> dict:
        data = dict(self.cleaned_data)
        data["expected_version"] = data.pop("version")
        return data


class SignsOfSafetyForm(UtrechtFormMixin, forms.Form):
    worries = CharField(label=_("Worries"), required=False, max_length=TEXT, widget=_textarea(4))
    goes_well = CharField(label=_("What goes well"), required=False, max_length=TEXT, widget=_textarea(4))
    must_happen = CharField(label=_("What must happen"), required=False, max_length=TEXT, widget=_textarea(4))
    safety_score = forms.TypedChoiceField(
        label=_("Safety (0 to 10)"),
        choices=SCALE,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("0: the child is certainly not safe. 10: everyone is sure the child is safe enough."),
        error_messages={"invalid_choice": _("The safety score is a whole number from 0 to 10.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def to_action(self) -> dict:
        data = dict(self.cleaned_data)
        data["expected_version"] = data.pop("version")
        return data

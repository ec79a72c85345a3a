"""Web forms of evaluating, closing and reopening: they parse the shape and build the actions' input; the actions
check the rules."""

from __future__ import annotations

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from samenplan.cases.forms import DateInput
from samenplan.evaluations.models import ClosingReason, GoalOutcome, Outcome
from samenplan.forms import BooleanField, CharField, DateField, UtrechtFormMixin, style_widgets

TEXT = 5000


class FixedChoices(BaseChoiceIterator):
    """Choices already in the form Django normalises them to, kept as they are. A choice field and its widget
    normalise a list of choices each time they are made or copied, so for every form again (a third of building
    and checking the evaluation form, whose score fields are one per goal and person); an iterator they leave
    as it is. Nothing changes it: a copy is the same object."""

    def __init__(self, choices):
        self.choices = tuple((value, label) for value, label in choices)

    def __iter__(self):
        return iter(self.choices)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


SCALE = FixedChoices([("", "-")] + [(str(n), str(n)) for n in range(11)])
SCORE_MESSAGE = _("The score is a whole number from 0 (the worst moment) to 10 (goal reached).")


def _textarea(rows: int = 3):
    return forms.Textarea(attrs={"rows": rows})


def _text(label, help_text="", rows=3, max_length=TEXT):
    return CharField(label=label, required=False, max_length=max_length, widget=_textarea(rows), help_text=help_text)


class PlanForm(UtrechtFormMixin, forms.Form):
    planned_on = DateField(label=_("Date of the evaluation"), widget=DateInput())
    how = CharField(label=_("How"), required=False, max_length=200, help_text=_("For example: a conversation at home."))
    with_whom = CharField(label=_("With whom"), required=False, max_length=300)

    def to_action(self) -> dict:
        return dict(self.cleaned_data)


class EvaluationForm(UtrechtFormMixin, forms.Form):
    """One screen per conversation: the family's experience, per goal a score input per person, the outcome."""

    held_on = DateField(label=_("Date of the conversation"), widget=DateInput())
    helps = _text(_("Does the help help?"), _("In the family's own words."))
    should_change = _text(_("What should change?"), _("In the family's own words."))
    situation_changed = BooleanField(label=_("The situation or the question changed"), required=False)
    situation_words = _text(_("What changed?"), _("Required when the situation or the question changed."), rows=2)
    outcome = forms.ChoiceField(
        label=_("What do you decide together?"),
        choices=FixedChoices(Outcome.choices),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose: continue, adjust or end the help."),
            "invalid_choice": _("Choose: continue, adjust or end the help."),
        },
    )
    outcome_reason = _text(_("Why"), rows=2)
    adjustment = _text(_("What changes in the goals or the help?"), _("Required with adjust."))
    conversation_went = _text(
        _("How did the conversation go?"), _("Evaluate the conversation itself together."), rows=2
    )
    open_questions = _text(_("Open questions"), rows=2)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, goals, members, professional, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        self.people = [(f"m{m.pk}", m, str(m)) for m in members]
        if professional is not None:
            self.people.append(
                (f"p{professional.pk}", professional, _("%(name)s (professional)") % {"name": professional})
            )
        for goal in self.goals:
            for key, _person, label in self.people:
                self.fields[f"g{goal.pk}-{key}"] = forms.TypedChoiceField(
                    label=label,
                    choices=SCALE,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    error_messages={"invalid_choice": SCORE_MESSAGE},
                )
        style_widgets(self.fields.values())

    def goal_rows(self):
        """Per goal: the goal and its score fields, one per person (for the template)."""
        return [(goal, [self[f"g{goal.pk}-{key}"] for key, _p, _l in self.people]) for goal in self.goals]

    def to_action(self) -> dict:
        data = dict(self.cleaned_data)
        data["expected_version"] = data.pop("version")
        scores = []
        for goal in self.goals:
            for key, person, _label in self.people:
                value = data.pop(f"g{goal.pk}-{key}", None)
                if value is None:
                    continue
                who = (
                    {"member": person, "professional": None}
                    if key[0] == "m"
                    else {"member": None, "professional": person}
                )
                scores.append({"goal": goal, "score": value, **who})
        data["scores"] = scores
        self._score_keys = [
            f"g{goal.pk}-{key}"
            for goal in self.goals
            for key, _p, _l in self.people
            if self.cleaned_data.get(f"g{goal.pk}-{key}") is not None
        ]
        return data

    def field_for(self, name: str) -> str:
        """``scores[2].score`` (the action's name) is the third score given on this page."""
        if name.startswith("scores["):
            index = name[len("scores[") :].partition("]")[0]
            keys = getattr(self, "_score_keys", [])
            if index.isdigit() and int(index) < len(keys):
                return keys[int(index)]
            return "__all__"
        return name


class CloseForm(UtrechtFormMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Why does the help end?"),
        choices=ClosingReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the reason for closing."),
            "invalid_choice": _("Choose the reason for closing."),
        },
    )
    reason_other = _text(_("The reason in words"), _("Required with other."), rows=2)
    other_help = _text(
        _("Which other help did you discuss?"),
        _(
            "Required when the family does not manage without youth care yet: referred, the family ends the "
            "contact, or another reason."
        ),
        rows=2,
    )
    family_view = _text(_("The family's view of the help"), _("In the family's own words."))
    aftercare_what = _text(
        _("Aftercare: what do you agree?"), _("For example: a phone call after three months."), rows=2
    )
    aftercare_until = DateField(label=_("Aftercare until"), required=False, widget=DateInput())
    aftercare_contact = CharField(
        label=_("Who can the family call?"), required=False, max_length=300, help_text=_("Name and phone number.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        for goal in self.goals:
            self.fields[f"goal-{goal.pk}"] = forms.ChoiceField(
                label=goal.words,
                choices=GoalOutcome.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose reached, partly reached or not reached."),
                    "invalid_choice": _("Choose reached, partly reached or not reached."),
                },
            )
        style_widgets(self.fields.values())

    def goal_fields(self):
        return [self[f"goal-{goal.pk}"] for goal in self.goals]

    def to_action(self) -> dict:
        data = dict(self.cleaned_data)
        data["expected_version"] = data.pop("version")
        data["goal_outcomes"] = [{"goal": g, "outcome": data.pop(f"goal-{g.pk}")} for g in self.goals]
        return data

    def field_for(self, name: str) -> str:
        if name.startswith("goal_outcomes["):
            index = name[len("goal_outcomes[") :].partition("]")[0]
            if index.isdigit() and int(index) < len(self.goals):
                return f"goal-{self.goals[int(index)].pk}"
        return "__all__" if name == "goal_outcomes" else name


class ReopenForm(UtrechtFormMixin, forms.Form):
    reason = CharField(label=_("Why does the family come back?"), max_length=TEXT, widget=_textarea(3))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def to_action(self) -> dict:
        data = dict(self.cleaned_data)
        data["expected_version"] = data.pop("version")
        return data

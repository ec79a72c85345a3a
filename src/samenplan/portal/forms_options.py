"""The family's own reaction to an option and their own preference, in the portal (u for parents, je for youth)."""

from __future__ import annotations

from django import forms
from django.utils.translation import pgettext_lazy

from samenplan.decisions import rules as decision_rules
from samenplan.forms import CharField, UtrechtFormMixin

LEAVE = decision_rules.LEAVE_TO_PROFESSIONAL

TEXTS = {
    "parent": {
        "pros": pgettext_lazy("parent", "What do you think is good about it?"),
        "cons": pgettext_lazy("parent", "What do you think is less good about it?"),
        "pros_help": pgettext_lazy("parent", "In your own words. For example: what it brings you."),
        "cons_help": pgettext_lazy("parent", "In your own words. Did you try it before? Say how it went."),
        "empty": pgettext_lazy("parent", "Write down what you think is good or less good about it."),
        "choice": pgettext_lazy("parent", "Which option do you prefer?"),
        "leave": pgettext_lazy("parent", "I would rather leave the choice to the professional"),
        "reasons": pgettext_lazy("parent", "Why? In your own words"),
        "reasons_help": pgettext_lazy("parent", "Needed when you choose an option."),
        "reasons_missing": pgettext_lazy("parent", "Write down why you prefer this option."),
        "choose": pgettext_lazy("parent", "Choose an option, or leave the choice to the professional."),
    },
    "youth": {
        "pros": pgettext_lazy("youth", "What do you think is good about it?"),
        "cons": pgettext_lazy("youth", "What do you think is less good about it?"),
        "pros_help": pgettext_lazy("youth", "In your own words. For example: what it brings you."),
        "cons_help": pgettext_lazy("youth", "In your own words. Did you try it before? Say how it went."),
        "empty": pgettext_lazy("youth", "Write down what you think is good or less good about it."),
        "choice": pgettext_lazy("youth", "Which option do you prefer?"),
        "leave": pgettext_lazy("youth", "I would rather leave the choice to the professional"),
        "reasons": pgettext_lazy("youth", "Why? In your own words"),
        "reasons_help": pgettext_lazy("youth", "Needed when you choose an option."),
        "reasons_missing": pgettext_lazy("youth", "Write down why you prefer this option."),
        "choose": pgettext_lazy("youth", "Choose an option, or leave the choice to the professional."),
    },
}

VERSION = {"min_value": 0, "max_value": 2**31 - 1, "widget": forms.HiddenInput}


class ReactionForm(UtrechtFormMixin, forms.Form):
    """What the member sees as good and less good about one option."""

    pros = CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    cons = CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    option_version = forms.IntegerField(**VERSION)  # the version of the option the member read
    version = forms.IntegerField(required=False, **VERSION)  # their earlier reaction's version (0: none)

    def __init__(self, *args, voice: str = "parent", **kwargs):
        super().__init__(*args, **kwargs)
        self.texts = TEXTS["youth" if voice == "youth" else "parent"]
        for name in ("pros", "cons"):
            self.fields[name].label = self.texts[name]
            self.fields[name].help_text = self.texts[f"{name}_help"]

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("pros") or cleaned.get("cons")):
            self.add_error("pros", self.texts["empty"])
        return cleaned


class FamilyPreferenceForm(UtrechtFormMixin, forms.Form):
    """The member's own preference: one option, or leaving the choice to the professional, with their reasons."""

    choice = forms.ChoiceField(choices=(), widget=forms.RadioSelect)
    reasons = CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    seen_options = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, **VERSION)

    def __init__(self, *args, options, voice: str = "parent", **kwargs):
        super().__init__(*args, **kwargs)
        self.texts = TEXTS["youth" if voice == "youth" else "parent"]
        self.options = {str(o.pk): o for o in options}
        field = self.fields["choice"]
        field.choices = [(str(o.pk), o.name) for o in options] + [(LEAVE, self.texts["leave"])]
        field.label = self.texts["choice"]
        field.error_messages = {"required": self.texts["choose"], "invalid_choice": self.texts["choose"]}
        self.fields["reasons"].label = self.texts["reasons"]
        self.fields["reasons"].help_text = self.texts["reasons_help"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("choice") not in (None, LEAVE) and not cleaned.get("reasons"):
            self.add_error("reasons", self.texts["reasons_missing"])
        return cleaned

    def to_action(self) -> dict:
        data = self.cleaned_data
        chosen = self.options.get(data["choice"])
        seen = [part for part in (data.get("seen_options") or "").split(",") if part.strip()]
        return {
            "kind": decision_rules.PREFERRED if chosen is not None else LEAVE,
            "preferred": chosen,
            "reasons": data.get("reasons") or "",
            "seen_options": seen,
            "expected_version": data.get("version"),
        }

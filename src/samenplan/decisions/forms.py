"""Web forms of deciding together: they parse the shape and build the actions' input; the actions check the rules."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from samenplan.cases.forms import DateInput
from samenplan.cases.models import Member
from samenplan.catalogue.models import HelpOffer, Intensity
from samenplan.decisions import rules
from samenplan.decisions.models import Decision, DecisionAgreement, HelpStatus, Option, OptionSource, PreferenceKind
from samenplan.forms import (
    BooleanField,
    CharField,
    DateField,
    MemberAnswersMixin,
    ModelChoiceField,
    ModelMultipleChoiceField,
    UtrechtFormMixin,
    style_widgets,
)
from samenplan.goals.models import Goal
from samenplan.network.models import NetworkMember

TEXT = 5000


def _textarea(rows: int = 3):
    return forms.Textarea(attrs={"rows": rows})


def _text(label, *, help_text=None, rows: int = 2, required: bool = False):
    return CharField(label=label, required=required, max_length=TEXT, widget=_textarea(rows), help_text=help_text)


def _ids(value: str) -> list[int]:
    parts = [p.strip() for p in (value or "").split(",") if p.strip()]
    if not all(p.isdigit() and len(p) < 11 for p in parts):
        raise forms.ValidationError(_("The list of options is not valid. Reload the page."), code="invalid")
    return [int(p) for p in parts]


class VersionMixin:
    def pop_version(self, data: dict) -> dict:
        data["expected_version"] = data.pop("version")
        return data


class OptionForm(VersionMixin, UtrechtFormMixin, forms.Form):
    source = forms.ChoiceField(
        label=_("Where does the option come from?"), choices=OptionSource.choices, widget=forms.RadioSelect
    )
    offer = ModelChoiceField(
        label=_("Help from the catalogue"),
        queryset=HelpOffer.objects.none(),
        required=False,
        help_text=_("Only when the option comes from the catalogue."),
    )
    network_member = ModelChoiceField(
        label=_("Someone of the network"),
        queryset=NetworkMember.objects.none(),
        required=False,
        help_text=_("Only when the option comes from the network; may stay empty."),
    )
    name = CharField(
        label=_("Short name"),
        required=False,
        max_length=200,
        help_text=_("For the network or the family's own idea. From the catalogue: the offer's name."),
    )
    description = _text(_("What is it?"), help_text=_("In plain words. From the catalogue: its description."))
    waiting_weeks = forms.IntegerField(label=_("Waiting time in weeks"), required=False, min_value=0, max_value=520)
    professional_pros = _text(_("What is good about it, says the professional"))
    professional_cons = _text(_("What is less good, says the professional"))
    professional_results = _text(_("What will it bring, says the professional"))
    family_pros = _text(_("What is good about it, says the family"), help_text=_("In their own words."))
    family_cons = _text(_("What is less good, says the family"), help_text=_("In their own words."))
    family_results = _text(_("What will it bring, says the family"), help_text=_("In their own words."))
    family_speaker = ModelChoiceField(label=_("In the words of"), queryset=Member.objects.none(), required=False)
    tried_before = _text(
        _("Tried before? How did it go?"), help_text=_("What the family tried before, and how it went.")
    )
    recommended = BooleanField(label=_("The professional recommends this option"), required=False)
    recommendation_reasons = _text(_("Why the professional recommends it"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers
        self.fields["network_member"].queryset = NetworkMember.objects.filter(case=case)
        self.fields["family_speaker"].queryset = case.family.members.all()
        self.fields["family_speaker"].empty_label = _("(the family together)")

    def to_action(self) -> dict:
        return self.pop_version(dict(self.cleaned_data))


class PreferenceForm(VersionMixin, UtrechtFormMixin, forms.Form):
    """One participant's preference: an order of the options, one preferred, or leaving the choice."""

    member = ModelChoiceField(label=_("Participant"), queryset=Member.objects.none(), widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("What is their answer?"), choices=PreferenceKind.choices, widget=forms.RadioSelect)
    preferred = ModelChoiceField(
        label=_("Preferred option"), queryset=Option.objects.none(), required=False, widget=forms.RadioSelect
    )
    reasons = _text(_("Why? In their own words"), rows=3)
    seen_options = forms.CharField(widget=forms.HiddenInput, max_length=2000, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = list(options)
        self.fields["member"].queryset = case.family.members.all()
        self.fields["preferred"].queryset = Option.objects.filter(case=case)
        self.fields["preferred"].empty_label = None
        places = [("", "-")] + [(str(n), str(n)) for n in range(1, len(self.options) + 1)]
        for option in self.options:
            self.fields[f"rank-{option.pk}"] = forms.TypedChoiceField(
                label=option.name, choices=places, coerce=int, empty_value=None, required=False
            )
        style_widgets(self.fields.values())

    def rank_fields(self):
        return [self[f"rank-{o.pk}"] for o in self.options]

    def clean_seen_options(self):
        return _ids(self.cleaned_data.get("seen_options", ""))

    def clean(self):
        data = super().clean()
        if data.get("kind") == rules.ORDER:
            places = {o.pk: data.get(f"rank-{o.pk}") for o in self.options}
            if None in places.values() or len(set(places.values())) != len(places):
                raise forms.ValidationError(_("Give every option its own place: 1 is the most preferred."))
        return data

    def to_action(self) -> dict:
        data = self.cleaned_data
        ranking = sorted(self.options, key=lambda o: data.get(f"rank-{o.pk}") or 0)
        return {
            "member": data["member"],
            "kind": data["kind"],
            "ranking": [o.pk for o in ranking],
            "preferred": data.get("preferred"),
            "reasons": data.get("reasons", ""),
            "seen_options": data.get("seen_options", []),
            "expected_version": data.get("version"),
        }

    def field_for(self, name: str) -> str:
        return {"options": "__all__", "ranking": "__all__"}.get(name, name)


class DecisionForm(MemberAnswersMixin, UtrechtFormMixin, forms.Form):
    options = ModelMultipleChoiceField(
        label=_("Which option or options are chosen?"),
        queryset=Option.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        max_count=50,
        too_many_message=_("Choose at most 50 options."),
        error_messages={"required": _("Choose at least one option.")},
    )
    summary = _text(
        _("What was decided, in concrete words"),
        help_text=_("What will happen, who does it, from when. Words the family understands."),
        rows=3,
        required=True,
    )
    arguments = _text(_("The arguments, summarised"), help_text=_("Or let the family summarise them."), rows=3)
    participation_level = forms.TypedChoiceField(
        label=_("Participation level: how did the family take part in the decision?"),
        choices=[
            (str(n), format_lazy("{}. {}: {}", n, _(label), _(meaning)))
            for n, label, meaning in rules.PARTICIPATION_LEVELS
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("The participation level is a number from 1 to 5.")},
    )
    out_of_home = BooleanField(label=_("The child will live somewhere else (out-of-home placement)"), required=False)
    against_family_wish = BooleanField(label=_("The decision goes against the family's wish"), required=False)
    family_position = _text(_("The family's position"), help_text=_("Only when someone does not agree."))
    professional_position = _text(_("The professional's position"))
    resolved_by = CharField(label=_("Who decided?"), required=False, max_length=300)
    resolution = _text(_("Why, and how was it resolved?"))
    safety_conditions = _text(_("Under which safety conditions?"))
    evaluation_on = DateField(label=_("Evaluation on"), widget=DateInput())
    evaluation_agreement = _text(
        _("Evaluation: how and with whom?"), help_text=_("For example: a conversation at home with both parents."),
        required=True,
    )  # fmt: skip
    aftercare_agreement = _text(_("Aftercare: what after the help ends?"))

    def __init__(self, *args, case, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["options"].queryset = Option.objects.filter(case=case)
        self.add_member_answers(
            members,
            label=_("Agrees with the decision?"),
            choices=DecisionAgreement.Answer.choices,
            words_help=_("Required with partly or no."),
        )
        style_widgets(self.fields.values())

    def clean(self):
        data = super().clean()
        for m in self.members:
            disagrees = data.get(f"m{m.pk}-agreement") in (rules.AGREE_PARTLY, rules.AGREE_NO)
            if disagrees and not data.get(f"m{m.pk}-words"):
                message = _("Write down in their own words what they do not agree with.")
                self.add_error(f"m{m.pk}-words", forms.ValidationError(message, code="required"))
        return data

    def to_action(self) -> dict:
        agreements = self.member_answers()
        data = {k: v for k, v in self.cleaned_data.items() if k in self.base_fields}
        return {**data, "agreements": agreements}

    def field_for(self, name: str) -> str:
        return self.member_field_for("agreements", name) or {"crucial": "__all__"}.get(name, name)


class OverrideForm(UtrechtFormMixin, forms.Form):
    reason = _text(_("Why is no consultation needed?"), rows=4, required=True)


class HelpForm(VersionMixin, UtrechtFormMixin, forms.Form):
    description = CharField(label=_("What help?"), max_length=300)
    intensity = forms.ChoiceField(label=_("How heavy is it?"), choices=Intensity.choices)
    provider = CharField(label=_("Given by"), required=False, max_length=200, help_text=_("Organisation or person."))
    contact_person = CharField(label=_("Contact person"), required=False, max_length=200)
    starts_on = DateField(label=_("Starts on"), required=False, widget=DateInput())
    ends_on = DateField(label=_("Ends on"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=HelpStatus.choices, widget=forms.RadioSelect)
    goals = ModelMultipleChoiceField(
        label=_("Which goals does it serve?"),
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        max_count=100,
        too_many_message=_("Choose at most 100 goals."),
    )
    decision = ModelChoiceField(label=_("Decided in"), queryset=Decision.objects.none(), required=False)
    offer = ModelChoiceField(label=_("From the catalogue"), queryset=HelpOffer.objects.none(), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = case.goals.all()
        self.fields["decision"].queryset = Decision.objects.filter(case=case)
        self.fields["decision"].empty_label = _("(no decision)")
        self.fields["offer"].queryset = offers
        self.fields["offer"].empty_label = _("(not from the catalogue)")

    def to_action(self) -> dict:
        return self.pop_version(dict(self.cleaned_data))

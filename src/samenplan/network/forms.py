"""Web forms for own strength, the network and the family group plan: they check the shape and build the
actions' input; the actions check the rules (an unknown criterion, a plan under a measure, a stale version)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenplan.cases.forms import DateInput
from samenplan.consent.models import Recipient
from samenplan.forms import (
    CharField,
    DateField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    UtrechtFormMixin,
    style_widgets,
)
from samenplan.goals.models import Goal
from samenplan.network import messages, rules
from samenplan.network.models import (
    OWN_STRENGTH_QUESTIONS,
    Circle,
    Judgement,
    MadeBy,
    NetworkMember,
    SupportKind,
    YouthWish,
)


def _text_area(label, *, help_text="", required=False, rows=2):
    return CharField(
        label=label,
        required=required,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class OwnStrengthForm(UtrechtFormMixin, forms.Form):
    """Per participant the six own-strength questions, in their own words, each with the version read."""

    def __init__(self, *args, members, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        self.records = {r.member_id: r for r in records}
        for m in self.members:
            record = self.records.get(m.pk)
            for name, question in OWN_STRENGTH_QUESTIONS:
                self.fields[f"m{m.pk}-{name}"] = _text_area(question)
                if record is not None and not self.is_bound:
                    self.initial[f"m{m.pk}-{name}"] = getattr(record, name)
            self.fields[f"m{m.pk}-version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
            self.initial.setdefault(f"m{m.pk}-version", record.version if record else 0)
        style_widgets(self.fields.values())

    def participants(self):
        return [
            {"member": m, "fields": [self[f"m{m.pk}-{name}"] for name, _q in OWN_STRENGTH_QUESTIONS]}
            for m in self.members
        ]

    def to_action(self) -> dict:
        data = self.cleaned_data
        return {
            "answers": [
                {
                    "member": m,
                    "version": data.get(f"m{m.pk}-version"),
                    **{name: data.get(f"m{m.pk}-{name}", "") for name, _q in OWN_STRENGTH_QUESTIONS},
                }
                for m in self.members
            ]
        }

    def field_for(self, name: str) -> str | None:
        """``answers[2].member`` → the participant's first field; ``answers`` → the form as a whole."""
        if name.startswith("answers[") and "]" in name:
            index = int(name[len("answers[") : name.index("]")])
            if index < len(self.members):
                return f"m{self.members[index].pk}-{OWN_STRENGTH_QUESTIONS[0][0]}"
        return None


class NetworkMemberForm(UtrechtFormMixin, forms.Form):
    """Someone around the family. The four criteria are plain choice fields: the action refuses an unknown answer
    with a message naming the criterion."""

    name = CharField(label=_("Name"), max_length=200, error_messages={"required": _("Write down the person's name.")})
    relation = CharField(
        label=_("Who is this to the family?"), max_length=200, help_text=_("For example: grandmother, neighbour.")
    )
    circle = forms.ChoiceField(label=_("Circle"), choices=Circle.choices, widget=forms.RadioSelect)
    contact = CharField(
        label=_("How to reach them"),
        max_length=200,
        required=False,
        help_text=_("Phone number or e-mail address. Only shared outside the team with the family's consent."),
    )
    support = forms.MultipleChoiceField(
        label=_("Which support does this person give?"),
        choices=SupportKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    responds = forms.CharField(label=_("Responds to requests for help"), widget=forms.RadioSelect)
    effective = forms.CharField(label=_("Gives real, effective help"), widget=forms.RadioSelect)
    accessible = forms.CharField(label=_("Is easy to reach"), widget=forms.RadioSelect)
    reliable = forms.CharField(label=_("Is reliable"), widget=forms.RadioSelect)
    youth_wish = forms.ChoiceField(
        label=_("Does the youth want this person involved?"), choices=YouthWish.choices, widget=forms.RadioSelect
    )
    part_in_plan = _text_area(
        _("Their part in the plan"), help_text=_("What this person will do, for which goal. In the family's words.")
    )
    goals = ModelMultipleChoiceField(
        label=_("Helps with the goals"),
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        max_count=50,
        too_many_message=_("Choose at most %(maximum)d goals."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = case.goals.all()
        self.fields["goals"].label_from_instance = lambda goal: goal.words
        for name in rules.CRITERIA:
            self.fields[name].widget.choices = Judgement.choices
            self.fields[name].error_messages["required"] = messages.criterion_required(name)
        style_widgets(self.fields.values())
        self.initial.setdefault("youth_wish", YouthWish.NOT_ASKED)

    def clean(self):
        data = super().clean()
        for name in rules.CRITERIA:  # the same message the action gives, also when another field is missing
            value = data.get(name)
            if value and value not in rules.CRITERION_VALUES:
                self.add_error(name, forms.ValidationError(messages.criterion_unknown(name, value), "invalid_choice"))
        return data

    @classmethod
    def initial_for(cls, member: NetworkMember) -> dict:
        names = [n for n in cls.base_fields if n not in ("version", "goals")]
        return {**{n: getattr(member, n) for n in names}, "goals": list(member.goals.all()), "version": member.version}

    def to_action(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class OfferForm(UtrechtFormMixin, forms.Form):
    offered_on = DateField(label=_("Offered on"), widget=DateInput(), latest=timezone.localdate)
    offer_note = _text_area(
        _("What was explained"), help_text=_("For example: what a family group plan is, and who can help make it.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AnswerForm(UtrechtFormMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("The family's answer"),
        choices=[("accept", _("The family accepts: it makes its own plan")), ("decline", _("The family declines"))],
        widget=forms.RadioSelect,
    )
    answered_on = DateField(label=_("Answered on"), widget=DateInput(), latest=timezone.localdate)
    family_reason = _text_area(
        _("The family's reasons, in their own words"), help_text=_("Required when the family declines.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def to_action(self) -> dict:
        data = dict(self.cleaned_data)
        return {
            "accepted": data.pop("answer") == "accept",
            "expected_version": data.pop("version"),
            **data,
        }


class RecordPlanForm(UtrechtFormMixin, forms.Form):
    made_on = DateField(label=_("Made on"), widget=DateInput(), latest=timezone.localdate)
    made_by = forms.ChoiceField(label=_("How was the plan made?"), choices=MadeBy.choices, widget=forms.RadioSelect)
    coordinator = CharField(
        label=_("Independent coordinator"),
        max_length=200,
        required=False,
        help_text=_("Required for a Family Group Conference."),
    )
    content = _text_area(_("The family's plan, in their own words"), required=True, rows=5)
    parts = _text_area(
        _("Parts of the plan"),
        help_text=_("One part per line, e.g. 'Oma Ria picks Mees up from school on Wednesdays'."),
        rows=4,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def to_action(self) -> dict:
        data = dict(self.cleaned_data)
        data["parts"] = [line for line in (data.get("parts") or "").splitlines() if line.strip()]
        data["expected_version"] = data.pop("version")
        return data


class ApproveForm(UtrechtFormMixin, forms.Form):
    approved_on = DateField(label=_("Approved on"), widget=DateInput(), latest=timezone.localdate)
    approval_note = _text_area(_("What did you weigh? How does the plan keep the child safe?"), required=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TakePartForm(UtrechtFormMixin, forms.Form):
    into = forms.ChoiceField(
        label=_("Take this part into"),
        choices=[("network", _("an agreement with someone of the network")), ("goal", _("a goal, in these words"))],
        widget=forms.RadioSelect,
    )
    network_member = ModelChoiceField(
        label=_("Agreed with"), queryset=NetworkMember.objects.none(), required=False, help_text=_("For an agreement.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network_member"].queryset = case.network_members.all()


class ShareForm(UtrechtFormMixin, forms.Form):
    """Share the network with a recipient of the case, to coordinate help (only with the family's consent)."""

    recipient = ModelChoiceField(
        label=_("Share with"),
        queryset=Recipient.objects.none(),
        help_text=_("A recipient the family gave consent for. Contact details go along only when that is agreed too."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = case.recipients.order_by("name", "pk")

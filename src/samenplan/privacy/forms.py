"""Forms for requests for destruction: they check the shape; the actions check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samenplan.cases.forms import DateInput
from samenplan.cases.models import Case, Member
from samenplan.forms import ModelChoiceField, ModelMultipleChoiceField, UtrechtFormMixin
from samenplan.privacy.models import RefusalGround, Scope

DECISION_CHOICES = [
    ("granted", _("Granted: destroy what was asked")),
    ("partly", _("Partly granted: destroy some cases, keep the rest")),
    ("refused", _("Refused: keep the file")),
]


class DestructionRequestForm(UtrechtFormMixin, forms.Form):
    requested_by = ModelChoiceField(
        label=_("Who asks?"),
        queryset=Member.objects.none(),
        empty_label=None,
        help_text=_("A parent or the youth, who asked you to destroy (part of) the file."),
    )
    requested_on = forms.DateField(label=_("Date of the request"), widget=DateInput())
    scope = forms.ChoiceField(label=_("What is to be destroyed?"), choices=Scope.choices, widget=forms.RadioSelect)
    case = ModelChoiceField(
        label=_("Which case?"),
        queryset=Case.objects.none(),
        required=False,
        help_text=_("Only when one case is to be destroyed."),
    )
    details = forms.CharField(
        label=_("What the request says"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text=_("In the words of the requester; no more than needed."),
    )

    def __init__(self, *args, family, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requested_by"].queryset = family.members.all()
        self.fields["case"].queryset = cases

    def clean(self):
        data = super().clean()
        if data.get("scope") == Scope.CASE and not data.get("case"):
            self.add_error("case", _("Choose the case that is to be destroyed."))
        return data


class DecisionForm(UtrechtFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISION_CHOICES, widget=forms.RadioSelect)
    cases = ModelMultipleChoiceField(
        label=_("Cases to destroy"),
        queryset=Case.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only when partly granted."),
        max_count=50,
        too_many_message=_("Choose at most %(maximum)d cases."),
    )
    grounds = forms.MultipleChoiceField(
        label=_("Grounds for refusal"),
        choices=RefusalGround.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only when (partly) refused: why is (part of) the file kept?"),
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text=_("What the family is told about the decision."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, request, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases.filter(family_id=request.family_id) if request.family_id else cases.none()
        self.fields["version"].initial = request.version

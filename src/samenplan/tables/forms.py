"""Forms for the tables: they check the shape; the actions check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samenplan.accounts.models import User
from samenplan.forms import CharField, ModelMultipleChoiceField, UtrechtFormMixin
from samenplan.tables.actions import MEMBERS_MAX, TEXT_MAX
from samenplan.tables.models import TableKind


class TableForm(UtrechtFormMixin, forms.Form):
    frequency = CharField(label=_("How often"), max_length=200, help_text=_("For example: every Tuesday morning."))
    members = ModelMultipleChoiceField(
        label=_("Who takes part"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        max_count=MEMBERS_MAX,
        too_many_message=_("A table has at most 50 members."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, organisation_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = User.objects.filter(organisation_id=organisation_id, is_active=True).order_by(
            "first_name", "last_name"
        )


class AgendaForm(UtrechtFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Which table"), choices=TableKind.choices, widget=forms.RadioSelect)
    question = CharField(
        label=_("Question for the table"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the table should discuss or decide. Write it so the family could read it."),
    )


class OutcomeForm(UtrechtFormMixin, forms.Form):
    outcome = CharField(label=_("Outcome"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)

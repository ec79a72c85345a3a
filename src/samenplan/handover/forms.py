"""Forms for the warm handover: shapes only; the actions check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samenplan.accounts.models import Team, User
from samenplan.forms import CharField, ModelChoiceField, UtrechtFormMixin
from samenplan.handover.actions import TEXT_MAX


class RequestForm(UtrechtFormMixin, forms.Form):
    to_team = ModelChoiceField(label=_("To which team"), queryset=Team.objects.none())
    reason = CharField(
        label=_("Why this team"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The receiving team lead reads this. Write what the family needs and what was done so far."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_team"].queryset = Team.objects.filter(
            organisation_id=case.team.organisation_id, archived_at__isnull=True
        ).exclude(pk=case.team_id)


class DecideForm(UtrechtFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("We take the case")), ("decline", _("We do not take the case"))],
        widget=forms.RadioSelect,
    )
    caseworker = ModelChoiceField(
        label=_("Fixed caseworker in your team"), queryset=User.objects.none(), required=False
    )
    note = CharField(label=_("Note"), max_length=TEXT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, handover, **kwargs):
        from samenplan.accounts.models import professionals_of

        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = professionals_of([handover.to_team])

"""Forms: they parse and check input shape; the actions check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samenplan.accounts.models import Team, User, professionals_of
from samenplan.cases.models import Member, MemberRole, Phase, RegisteredBy, Voice
from samenplan.cases.rules import (
    EARLIEST_REGISTRATION,
    MAX_COWORKERS,
    allowed_next_phases,
)
from samenplan.forms import (
    BooleanField,
    CharField,
    DateField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    UtrechtFormMixin,
)

TOO_MANY_COWORKERS = _("A case has at most %(maximum)d co-workers beside the fixed caseworker.")

YES_NO_UNKNOWN = [("", _("unknown / not applicable")), ("true", _("yes")), ("false", _("no"))]


def _nullable_bool(value):
    return {"true": True, "false": False}.get(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RegisterFamilyForm(UtrechtFormMixin, forms.Form):
    family_name = CharField(label=_("Family name"), max_length=200, help_text=_("How the family wants to be called."))
    team = ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), empty_label=None)
    registered_by = forms.ChoiceField(
        label=_("Who registered?"), choices=RegisteredBy.choices, widget=forms.RadioSelect
    )
    referrer = CharField(
        label=_("Referrer"),
        max_length=200,
        required=False,
        help_text=_("Name and organisation, if not the family."),
    )
    reason = CharField(
        label=_("Reason for registration"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Write it down in the words of whoever registered."),
        max_length=5000,
    )
    help_already = CharField(
        label=_("Help already received or running"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Which help, and by whom."),
        max_length=5000,
    )
    caseworker = ModelChoiceField(label=_("Fixed caseworker"), queryset=User.objects.none())
    coworkers = ModelMultipleChoiceField(
        max_count=MAX_COWORKERS,
        too_many_message=TOO_MANY_COWORKERS,
        label=_("Second worker"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Optional: a colleague who joins the first conversations."),
    )
    child_protection_measure = BooleanField(label=_("A child-protection measure applies"), required=False)
    opened_on = DateField(label=_("Registration date"), widget=DateInput(), earliest=EARLIEST_REGISTRATION)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        workers = professionals_of(teams)
        self.fields["caseworker"].queryset = workers
        self.fields["coworkers"].queryset = workers


class MemberForm(UtrechtFormMixin, forms.Form):
    given_name = CharField(label=_("Given name"), max_length=100)
    family_name = CharField(label=_("Family name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role in the family"), choices=MemberRole.choices)
    date_of_birth = DateField(label=_("Date of birth"), required=False, widget=DateInput())
    has_custody = forms.TypedChoiceField(
        label=_("Has custody"),
        choices=YES_NO_UNKNOWN,
        coerce=_nullable_bool,
        empty_value=None,
        required=False,
        help_text=_("Only for parents."),
    )
    lives_at_home = forms.TypedChoiceField(
        label=_("Lives at home"),
        choices=YES_NO_UNKNOWN,
        coerce=_nullable_bool,
        empty_value=None,
        required=False,
        help_text=_("Only for children."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @classmethod
    def for_member(cls, member: Member, **kwargs):
        initial = {
            "given_name": member.given_name,
            "family_name": member.family_name,
            "role": member.role,
            "date_of_birth": member.date_of_birth,
            "has_custody": {True: "true", False: "false"}.get(member.has_custody, ""),
            "lives_at_home": {True: "true", False: "false"}.get(member.lives_at_home, ""),
            "version": member.version,
        }
        return cls(initial=initial, **kwargs)

    def member_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class NoteForm(UtrechtFormMixin, forms.Form):
    text = CharField(label=_("What was said or done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000)
    voice = forms.ChoiceField(
        label=_("Whose words?"), choices=Voice.choices, widget=forms.RadioSelect, initial=Voice.FAMILY
    )
    speaker = ModelChoiceField(label=_("Said by"), queryset=Member.objects.none(), required=False)

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].queryset = family.members.all()


class PhaseForm(UtrechtFormMixin, forms.Form):
    phase = forms.ChoiceField(label=_("Next phase"))
    note = CharField(
        label=_("Why (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [(p, Phase(p).label) for p in allowed_next_phases(case.phase)]
        self.fields["version"].initial = case.version


class SearchForm(UtrechtFormMixin, forms.Form):
    q = CharField(label=_("Search by family name"), max_length=100, required=False)


class WorkersForm(UtrechtFormMixin, forms.Form):
    caseworker = ModelChoiceField(
        label=_("Fixed caseworker"), queryset=User.objects.none(), help_text=_("The family's point of contact.")
    )
    coworkers = ModelMultipleChoiceField(
        max_count=MAX_COWORKERS,
        too_many_message=TOO_MANY_COWORKERS,
        label=_("Co-workers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Colleagues brought in beside the caseworker."),
    )
    note = CharField(
        label=_("Why (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        workers = professionals_of([case.team])
        self.fields["caseworker"].queryset = workers
        self.fields["coworkers"].queryset = workers
        self.fields["version"].initial = case.version

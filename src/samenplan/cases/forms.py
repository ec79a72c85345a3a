"""Forms: they parse and check input shape; the actions check the rules."""

from __future__ import annotations

import copy
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from samenplan.accounts.models import Team, User, professionals_of
from samenplan.cases.models import Member, MemberRole, Phase, RegisteredBy, Voice
from samenplan.cases.rules import (
    EARLIEST_REGISTRATION,
    MAX_COWORKERS,
)
from samenplan.forms import (
    BooleanField,
    CharField,
    DateField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    UtrechtFormMixin,
    style_widgets,
    unbound_form,
)
from samenplan.intake.models import Helped, ReferrerKind
from samenplan.intake.phases import LOOK_UP, allowed_targets

TOO_MANY_COWORKERS = _("A case has at most %(maximum)d co-workers beside the fixed caseworker.")

NOTE_VOICES = [(v.value, v.label) for v in (Voice.FAMILY, Voice.PROFESSIONAL)]

YES_NO_UNKNOWN = [("", _("unknown / not applicable")), ("true", _("yes")), ("false", _("no"))]


def _nullable_bool(value):
    return {"true": True, "false": False}.get(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RegisterFamilyForm(UtrechtFormMixin, forms.Form):
    """The structured registration (DOMAIN §3.1). Help already received: up to ``PRIOR_HELP_ROWS`` rows."""

    PRIOR_HELP_ROWS = 2
    MEMBER_ROWS = 4
    MEMBER_KEYS = ("given_name", "family_name", "role", "date_of_birth", "has_custody", "lives_at_home")

    family_name = CharField(label=_("Family name"), max_length=200, help_text=_("How the family wants to be called."))
    team = ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), empty_label=None)
    registered_by = forms.ChoiceField(
        label=_("Who registered?"), choices=RegisteredBy.choices, widget=forms.RadioSelect
    )
    referrer_kind = forms.ChoiceField(
        label=_("Kind of referrer"),
        choices=[("", _("Choose…")), *ReferrerKind.choices],
        required=False,
        help_text=_("Only when a professional referred the family or filed a concern."),
    )
    referrer = CharField(
        label=_("Referrer"),
        max_length=200,
        required=False,
        help_text=_("Name and organisation, if not the family."),
    )
    referrer_contact = CharField(
        label=_("Referrer's contact details"),
        max_length=200,
        required=False,
        help_text=_("Phone number or e-mail address."),
    )
    reason = CharField(
        label=_("Reason for registration"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Write it down in the words of whoever registered."),
        max_length=5000,
    )
    caseworker = ModelChoiceField(label=_("Fixed caseworker"), queryset=User.objects.none())
    second_worker = ModelChoiceField(
        label=_("Second worker"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("No second worker"),
        help_text=_("Optional: a colleague who joins the first conversation."),
    )
    intake_table_on = DateField(label=_("Discussed at the intake table on"), required=False, widget=DateInput())
    intake_table_participants = CharField(label=_("Who took part"), max_length=500, required=False)
    intake_table_outcome = CharField(
        label=_("Outcome of the intake table"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    child_protection_measure = BooleanField(label=_("A child-protection measure applies"), required=False)
    opened_on = DateField(label=_("Registration date"), widget=DateInput(), earliest=EARLIEST_REGISTRATION)
    same_family_checked = BooleanField(
        label=_("This is not one of these families: register it as a new family"), required=False
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        workers = professionals_of(teams)
        self.fields["caseworker"].queryset = workers
        self.fields["second_worker"].queryset = workers
        for i in range(self.PRIOR_HELP_ROWS):
            self.fields[f"prior_help[{i}].kind"] = CharField(label=_("Which help"), max_length=1000, required=False)
            self.fields[f"prior_help[{i}].agency"] = CharField(label=_("Agency"), max_length=200, required=False)
            self.fields[f"prior_help[{i}].period"] = CharField(
                label=_("Period"), max_length=100, required=False, help_text=_("For example: 2024 to now.")
            )
            self.fields[f"prior_help[{i}].running"] = BooleanField(label=_("Still running"), required=False)
            self.fields[f"prior_help[{i}].helped"] = forms.ChoiceField(
                label=_("Did it help, in the family's view?"),
                choices=Helped.choices,
                initial=Helped.UNKNOWN,
                required=False,
            )
        for i in range(self.MEMBER_ROWS):
            member = MemberForm()
            for key in self.MEMBER_KEYS:
                field = copy.deepcopy(member.fields[key])
                field.required = False
                if key == "role":
                    field.choices = [("", _("Choose…")), *MemberRole.choices]
                self.fields[f"members[{i}].{key}"] = field
        style_widgets(self.fields.values())

    def member_rows(self):
        return [[self[f"members[{i}].{k}"] for k in self.MEMBER_KEYS] for i in range(self.MEMBER_ROWS)]

    def members(self) -> list[dict]:
        """The rows in which anything was filled in (a row with only a role is an untouched row)."""
        rows = []
        for i in range(self.MEMBER_ROWS):
            row = {k: self.cleaned_data.get(f"members[{i}].{k}") for k in self.MEMBER_KEYS}
            if row["given_name"] or row["family_name"] or row["date_of_birth"]:
                rows.append({**row, "family_name": row["family_name"] or ""})
        return rows

    def field_for(self, name: str) -> str:
        """The action numbers members among the filled-in rows; the form among all its rows."""
        match = re.fullmatch(r"members\[(\d+)\]\.(\w+)", name)
        if match is None:
            return name
        filled = [
            i
            for i in range(self.MEMBER_ROWS)
            if any(self.cleaned_data.get(f"members[{i}].{k}") for k in ("given_name", "family_name", "date_of_birth"))
        ]
        index = int(match.group(1))
        return f"members[{filled[index]}].{match.group(2)}" if index < len(filled) else name

    def prior_help_rows(self):
        return [
            [self[f"prior_help[{i}].{k}"] for k in ("kind", "agency", "period", "running", "helped")]
            for i in range(self.PRIOR_HELP_ROWS)
        ]

    def prior_help(self) -> list[dict]:
        rows = []
        for i in range(self.PRIOR_HELP_ROWS):
            row = {
                k: self.cleaned_data.get(f"prior_help[{i}].{k}")
                for k in ("kind", "agency", "period", "running", "helped")
            }
            if row["kind"] or row["agency"] or row["period"]:
                rows.append(row)
        return rows

    def intake_table(self) -> dict | None:
        data = self.cleaned_data
        if not (data["intake_table_on"] or data["intake_table_participants"] or data["intake_table_outcome"]):
            return None
        return {
            "on": data["intake_table_on"],
            "participants": data["intake_table_participants"],
            "outcome": data["intake_table_outcome"],
        }


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
    # No choice made for the writer: a professional's note must not end up as the family's quote.
    voice = forms.ChoiceField(
        label=_("Whose words?"),
        choices=NOTE_VOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whose words these are."), "invalid_choice": _("Say whose words these are.")},
    )
    speaker = ModelChoiceField(label=_("Said by"), queryset=Member.objects.none(), required=False)
    shared = BooleanField(
        label=_("Share this note with the family"),
        required=False,
        help_text=_("The family then reads it in their portal. Other notes stay internal."),
    )

    def __init__(self, *args, family, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._speakers(family, members)

    @classmethod
    def unbound(cls, *, family, members) -> NoteForm:
        """``NoteForm(family=family, members=members)``, its fields but the speaker shared (``unbound_form``)."""
        form = unbound_form(cls, ("speaker",))
        form._speakers(family, members)
        return form

    def _speakers(self, family, members) -> None:
        speaker = self.fields["speaker"]
        if self.is_bound or members is None:
            speaker.queryset = family.members.all()  # what a posted speaker is checked against
        if members is not None:  # the page read the family's members already: the same list, no second query
            speaker.choices = [("", speaker.empty_label), *((m.pk, speaker.label_from_instance(m)) for m in members)]


class ShareEntryForm(UtrechtFormMixin, forms.Form):
    """Share a note with the family afterwards, or take the sharing back (one button per note)."""

    shared = BooleanField(label=_("Shared with the family"), required=False)


class PhaseForm(UtrechtFormMixin, forms.Form):
    phase = forms.ChoiceField(label=_("Next phase"))
    note = CharField(
        label=_("Why"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
        help_text=_("Required when closing the case."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case, decision=LOOK_UP, **kwargs):
        super().__init__(*args, **kwargs)
        self._for_case(case, decision)

    @classmethod
    def unbound(cls, *, case, decision=LOOK_UP) -> PhaseForm:
        """``PhaseForm(case=case, decision=decision)``, its note field shared (``unbound_form``)."""
        form = unbound_form(cls, ("phase", "version"))
        form._for_case(case, decision)
        return form

    def _for_case(self, case, decision) -> None:
        # During the intake the steps move the case (a conversation starts clarifying, the route decides where
        # it goes next); here only closing remains. Later phases move on here, as the phase machine allows.
        targets = allowed_targets(case, decision=decision)
        if case.phase in (Phase.REGISTRATION, Phase.CLARIFICATION):
            targets = tuple(p for p in targets if p == Phase.CLOSED)
        self.fields["phase"].choices = [(p, Phase(p).label) for p in targets]
        self.fields["version"].initial = case.version


class SearchForm(UtrechtFormMixin, forms.Form):
    q = CharField(label=_("Search by family name or a family member's name"), max_length=100, required=False)


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
    note = CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        workers = professionals_of([case.team])
        self.fields["caseworker"].queryset = workers
        self.fields["coworkers"].queryset = workers
        self.fields["version"].initial = case.version

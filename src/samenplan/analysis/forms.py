"""Web forms for the analysis: they parse the shape and build the actions' input; the actions check the rules.

Forms with rows (factors, the family's views) map an action's error field (``factors[2].kind``) to their own.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samenplan.accounts.models import User
from samenplan.analysis.models import (
    Circumstance,
    FactorDomain,
    FactorKind,
    FactorSource,
    FamilyAgreement,
    Method,
)
from samenplan.cases.forms import DateInput
from samenplan.cases.models import Member
from samenplan.consent.models import DataKind, Recipient
from samenplan.forms import (
    BooleanField,
    CharField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    UtrechtFormMixin,
    style_widgets,
)
from samenplan.instruments.access import current_definitions
from samenplan.instruments.models import Definition

EMPTY_FACTOR_ROWS = 3
TEXT = 5000


def _members_field(label, help_text=""):
    return ModelMultipleChoiceField(
        label=label,
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        max_count=50,
        too_many_message=_("Choose at most %(maximum)d family members."),
        help_text=help_text,
    )


def _textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class CircumstanceForm(UtrechtFormMixin, forms.Form):
    member = ModelChoiceField(label=_("Family member"), queryset=Member.objects.none())
    code = forms.ChoiceField(label=_("Circumstance"), choices=Circumstance.choices, widget=forms.RadioSelect)
    language = CharField(
        label=_("Language spoken at home"),
        max_length=100,
        required=False,
        help_text=_("Only for 'speaks another language at home'. For example: Arabic, Tigrinya, Polish."),
    )
    note = CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = case.family.members.all()


class QuestionForm(UtrechtFormMixin, forms.Form):
    question = CharField(label=_("Which question needs an answer?"), widget=_textarea(2), max_length=TEXT)
    information_needed = CharField(
        label=_("Which information is needed for it?"),
        widget=_textarea(2),
        max_length=TEXT,
        help_text=_("Only what is needed to answer the question."),
    )
    method = forms.ChoiceField(
        label=_("How is it collected?"),
        choices=Method.choices,
        widget=forms.RadioSelect,
        help_text=_("Preferably a standardised, validated questionnaire that suits this family."),
    )
    instrument = ModelChoiceField(
        label=_("Questionnaire or instrument"),
        queryset=Definition.objects.none(),
        required=False,
        help_text=_("Only with the method 'questionnaire or other instrument'. The plan warns when it does not suit."),
    )
    about = ModelChoiceField(
        label=_("Who fills it in, or whom is it about?"),
        queryset=Member.objects.none(),
        required=False,
    )
    recipient = ModelChoiceField(
        label=_("Which agency do you ask?"),
        queryset=Recipient.objects.none(),
        required=False,
        help_text=_("Only with 'information from another agency', and only with the family's consent."),
    )
    data_kinds = forms.MultipleChoiceField(
        label=_("Which data do you ask the agency for?"),
        choices=DataKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    made_with = _members_field(_("Made together with"))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].queryset = case.family.members.all()
        self.fields["made_with"].queryset = case.family.members.all()
        self.fields["recipient"].queryset = case.recipients.all()
        self.fields["instrument"].queryset = current_definitions(case.family.organisation_id)


class PictureForm(UtrechtFormMixin, forms.Form):
    """The coherent picture with rows of factors: the existing ones and a few empty rows to add more."""

    nature_severity = CharField(label=_("Nature and severity"), widget=_textarea(4), max_length=TEXT)
    safety = CharField(
        label=_("Safety"), widget=_textarea(2), max_length=TEXT, help_text=_("Is the child safe? What is needed?")
    )
    strengths = CharField(label=_("Strengths"), widget=_textarea(2), max_length=TEXT)
    resources = CharField(
        label=_("Resources"),
        widget=_textarea(2),
        max_length=TEXT,
        required=False,
        help_text=_("Who and what can help: network, school, other help."),
    )
    multiple_and_complex = BooleanField(
        label=_("The problems are multiple and complex"),
        required=False,
        help_text=_("Then a behavioural scientist discusses the picture before it is final."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, rows: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for i in range(rows):
            self.fields[f"f{i}-description"] = CharField(
                label=_("Factor"), required=False, max_length=TEXT, widget=_textarea(2)
            )
            self.fields[f"f{i}-kind"] = forms.ChoiceField(
                label=_("What it does"), required=False, choices=[("", _("Choose…")), *FactorKind.choices]
            )
            self.fields[f"f{i}-domain"] = forms.ChoiceField(
                label=_("Where it lies"), required=False, choices=[("", _("Choose…")), *FactorDomain.choices]
            )
            self.fields[f"f{i}-source"] = forms.ChoiceField(
                label=_("Source"), required=False, choices=[("", _("Choose…")), *FactorSource.choices]
            )
        style_widgets(self.fields.values())
        self.used_rows: list[int] = []

    @staticmethod
    def initial_for(picture, rows: int) -> dict:
        initial = {"multiple_and_complex": False}
        if picture is None:
            return initial
        for key in ("nature_severity", "safety", "strengths", "resources", "multiple_and_complex", "version"):
            initial[key] = getattr(picture, key)
        for i, factor in enumerate(picture.factors.all()):
            for key in ("description", "kind", "domain", "source"):
                initial[f"f{i}-{key}"] = getattr(factor, key)
        return initial

    def factor_rows(self):
        keys = ("description", "kind", "domain", "source")
        return [[self[f"f{i}-{key}"] for key in keys] for i in range(self.rows)]

    def main_fields(self):
        return [self[name] for name in ("nature_severity", "safety", "strengths", "resources", "multiple_and_complex")]

    def to_action(self) -> dict:
        data = self.cleaned_data
        factors = []
        self.used_rows = []
        for i in range(self.rows):
            row = {key: data.get(f"f{i}-{key}") or "" for key in ("description", "kind", "domain", "source")}
            if any(row.values()):
                self.used_rows.append(i)
                factors.append(row)
        return {
            **{k: data[k] for k in ("nature_severity", "safety", "strengths", "resources", "multiple_and_complex")},
            "factors": factors,
            "expected_version": data.get("version"),
        }

    def field_for(self, error_field: str) -> str | None:
        if error_field.startswith("factors["):
            index, _dot, rest = error_field[len("factors[") :].partition("].")
            return f"f{self.used_rows[int(index)]}-{rest}"
        if error_field == "factors":
            return "f0-description"
        return error_field


class ShareForm(UtrechtFormMixin, forms.Form):
    """How each participant sees the picture; members who did not take part are left empty."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for m in self.members:
            self.fields[f"m{m.pk}-agreement"] = forms.ChoiceField(
                label=_("Recognises the picture?"),
                required=False,
                choices=[("", _("did not take part")), *FamilyAgreement.choices],
                widget=forms.RadioSelect,
            )
            self.fields[f"m{m.pk}-words"] = CharField(
                label=_("In their own words"), required=False, max_length=TEXT, widget=_textarea(2)
            )
        style_widgets(self.fields.values())
        self.included: list[Member] = []

    def participants(self):
        return [(m, self[f"m{m.pk}-agreement"], self[f"m{m.pk}-words"]) for m in self.members]

    def to_action(self) -> dict:
        data = self.cleaned_data
        self.included = [m for m in self.members if data.get(f"m{m.pk}-agreement") or data.get(f"m{m.pk}-words")]
        views = [
            {"member": m, "agreement": data.get(f"m{m.pk}-agreement"), "words": data.get(f"m{m.pk}-words")}
            for m in self.included
        ]
        return {"views": views, "expected_version": data.get("version")}

    def field_for(self, error_field: str) -> str | None:
        if error_field.startswith("views["):
            index, _dot, rest = error_field[len("views[") :].partition("].")
            return f"m{self.included[int(index)].pk}-{rest}"
        if error_field == "views" and self.members:
            return f"m{self.members[0].pk}-agreement"
        return error_field


class VersionForm(UtrechtFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class OverrideForm(UtrechtFormMixin, forms.Form):
    reason = CharField(
        label=_("Why is no consultation needed?"),
        widget=_textarea(3),
        max_length=TEXT,
        help_text=_("The team lead's reason is recorded in the dossier."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ConsultationForm(UtrechtFormMixin, forms.Form):
    scientist = ModelChoiceField(label=_("Behavioural scientist"), queryset=User.objects.none())
    question = CharField(label=_("What do you ask?"), widget=_textarea(3), max_length=TEXT)
    agreed_by = _members_field(
        _("Who in the family agreed to the consultation?"),
        _("The coherent picture goes with the question; the family agrees to that."),
    )
    conditions = CharField(
        label=_("The family's conditions"),
        widget=_textarea(2),
        max_length=TEXT,
        help_text=_("For example: only the picture, not the school report; or: no conditions."),
    )

    def __init__(self, *args, case, scientists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scientist"].queryset = scientists
        self.fields["agreed_by"].queryset = case.family.members.all()


class AnswerForm(UtrechtFormMixin, forms.Form):
    advice = CharField(label=_("Your advice"), widget=_textarea(6), max_length=TEXT)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PsychoEducationForm(UtrechtFormMixin, forms.Form):
    topic = CharField(label=_("Topic"), max_length=200)
    explained = CharField(
        label=_("What was explained"),
        widget=_textarea(3),
        max_length=TEXT,
        help_text=_("What the problem means and its consequences, what they can do themselves, which help exists."),
    )
    given_to = _members_field(_("Explained to"))
    material_title = CharField(label=_("Material given: title"), max_length=200, required=False)
    material_description = CharField(
        label=_("Material given: description"), widget=_textarea(2), max_length=TEXT, required=False
    )
    given_on = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_to"].queryset = case.family.members.all()


class SkipForm(UtrechtFormMixin, forms.Form):
    reason = CharField(
        label=_("Why is the analysis skipped?"),
        widget=_textarea(3),
        max_length=TEXT,
        help_text=_(
            "Only under a child-protection measure, when extensive information was available before it started. "
            "For example: the report of the Child Protection Board."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

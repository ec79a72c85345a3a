"""Forms: loading a definition, choosing a questionnaire, and the answers form generated from a definition.

The forms check the shape; the actions check the rules (schema and meaning of a definition, answers on the
item's scale, the informant).
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenplan.cases.forms import DateInput
from samenplan.cases.models import Member
from samenplan.cases.rules import age_on
from samenplan.forms import CharField, DateField, ModelChoiceField, UtrechtFormMixin
from samenplan.instruments import rules
from samenplan.instruments.models import Definition, Informant, NormSex

MAX_UPLOAD_BYTES = rules.MAX_FILE_CHARS


class LoadForm(UtrechtFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Definition file"),
        required=False,
        help_text=_("A YAML or JSON file as described in the documentation (docs/instruments.md)."),
    )
    text = forms.CharField(
        label=_("Or paste the definition"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        max_length=rules.MAX_FILE_CHARS,
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(_("The file is too large."), code="too_large")
            try:
                data["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                raise forms.ValidationError(_("The file is not text in UTF-8."), code="encoding") from error
        if not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Choose a file or paste a definition."), code="required")
        return data


class MemberChoice(ModelChoiceField):
    def label_from_instance(self, member: Member) -> str:
        parts = [str(member.get_role_display())]
        if member.date_of_birth:
            parts.append(_("%(age)s years") % {"age": age_on(member.date_of_birth, timezone.localdate())})
        return f"{member} ({', '.join(parts)})"


class ChooseForm(UtrechtFormMixin, forms.Form):
    """Step 1 (GET): which questionnaire, about whom."""

    definition = ModelChoiceField(label=_("Questionnaire"), queryset=Definition.objects.none())
    member = MemberChoice(
        label=_("About whom?"),
        queryset=Member.objects.none(),
        required=False,
        help_text=_("Leave empty when the questionnaire is about the whole family."),
    )

    def __init__(self, *args, case, definitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["definition"].queryset = definitions
        self.fields["member"].queryset = case.family.members.all()


class AdministrationForm(UtrechtFormMixin, forms.Form):
    """Step 2 (POST): who filled it in, when, and the answers; one field per item of the definition."""

    informant = forms.ChoiceField(label=_("Who filled it in?"), widget=forms.RadioSelect)
    informant_member = MemberChoice(
        label=_("Which family member filled it in?"),
        queryset=Member.objects.none(),
        required=False,
        help_text=_("Needed when a parent or youth filled it in."),
    )
    informant_name = CharField(
        label=_("Name of the teacher"), max_length=200, required=False, help_text=_("Only when a teacher filled it in.")
    )
    administered_on = DateField(label=_("Filled in on"), widget=DateInput())
    sex = forms.ChoiceField(
        label=_("Norm group"),
        choices=NormSex.choices,
        initial=NormSex.UNKNOWN,
        widget=forms.RadioSelect,
        help_text=_("The norms of some questionnaires differ for girls and boys."),
    )

    def __init__(self, *args, case, definition: Definition, **kwargs):
        super().__init__(*args, **kwargs)
        spec = definition.definition
        informants = [i for i in Informant if i.value in spec.get("informants", [])]
        self.fields["informant"].choices = [(i.value, i.label) for i in informants]
        if len(informants) == 1:
            self.fields["informant"].initial = informants[0].value
        self.fields["informant_member"].queryset = case.family.members.all()
        self.fields["administered_on"].initial = timezone.localdate()
        if not spec.get("norms"):
            del self.fields["sex"]
        self.item_fields = []
        for name, field in answer_fields(spec):
            self.fields[name] = field
            self.item_fields.append(name)
        from samenplan.forms import style_widgets

        style_widgets(self.fields.values())

    def field_for(self, name: str) -> str:
        """The action names an answer ``answers.<item id>``; here it is the field ``item_<item id>``."""
        return f"item_{name.removeprefix('answers.')}" if name.startswith("answers.") else name

    def details(self) -> list:
        return [self[name] for name in self.fields if name not in self.item_fields]

    def items(self) -> list:
        return [self[name] for name in self.item_fields]

    def answers(self) -> dict:
        return {name.removeprefix("item_"): self.cleaned_data.get(name) for name in self.item_fields}


def answer_fields(spec: dict) -> list[tuple[str, forms.Field]]:
    """One form field per item of a definition, named ``item_<item id>``: radio buttons on the item's scale (a
    fieldset with the question as its legend), or a text box for an open question. Every answer may be left open
    (the definition's missing-item rule decides whether a subscale is scored)."""
    scales = rules.scales_by_id(spec)
    made = []
    for item in spec.get("items", []):
        name = f"item_{item['id']}"
        if item.get("kind") == rules.TEXT:
            field = CharField(
                label=item["text"],
                required=False,
                max_length=rules.TEXT_ANSWER_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        else:
            options = scales.get(item["scale"], {}).get("options", [])
            values = ", ".join(str(o["value"]) for o in options)
            field = forms.TypedChoiceField(
                label=item["text"],
                required=False,
                coerce=int,
                empty_value=None,
                choices=[(o["value"], o["label"]) for o in options],
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("%(value)s is not an answer on this item's scale; choose from: ") + values
                },
            )
        if item.get("help"):
            field.help_text = item["help"]
        made.append((name, field))
    return made


class AssignForm(UtrechtFormMixin, forms.Form):
    """The caseworker asks a family member to fill in a questionnaire themselves, in the portal, by a date."""

    definition = ModelChoiceField(label=_("Questionnaire"), queryset=Definition.objects.none())
    member = MemberChoice(label=_("Who fills it in?"), queryset=Member.objects.none())
    about = MemberChoice(
        label=_("About whom?"),
        queryset=Member.objects.none(),
        required=False,
        help_text=_("Leave empty when it is about the whole family, or when a youth answers about themselves."),
    )
    due_on = DateField(label=_("Fill in by"), widget=DateInput())

    def __init__(self, *args, case, definitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["definition"].queryset = definitions
        self.fields["member"].queryset = case.family.members.all()
        self.fields["about"].queryset = case.family.members.all()

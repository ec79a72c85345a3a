"""The catalogue's forms: they check the shape; the actions check the rules (catalogue/rules.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samenplan.catalogue import rules
from samenplan.catalogue.models import EvidenceLevel, Intensity
from samenplan.forms import BooleanField, CharField, UtrechtFormMixin


def _age(label):
    return forms.IntegerField(label=label, required=False, min_value=rules.MIN_AGE, max_value=rules.MAX_AGE)


class OfferForm(UtrechtFormMixin, forms.Form):
    name = CharField(
        label=_("Name"), max_length=rules.MAX_NAME, help_text=_("For example: Triple P."),
        error_messages={"required": _("Give the name of the help.")},
    )  # fmt: skip
    description = CharField(
        label=_("Description in plain words"),
        error_messages={"required": _("Describe the help in plain words, so a family understands what it is.")},
        max_length=rules.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What happens, how often and for how long, in words a parent or youth understands (B1)."),
    )
    target_problems = CharField(
        label=_("Meant for"),
        max_length=rules.MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The problems or situations this help is meant for."),
    )
    min_age = _age(_("From age"))
    max_age = _age(_("Up to age"))
    intensity = forms.ChoiceField(
        label=_("Intensity"), choices=Intensity.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose how intensive the help is.")},
        help_text=_("The step on the stepped-care ladder: the lightest help that fits comes first."),
    )  # fmt: skip
    evidence_level = forms.ChoiceField(
        label=_("Evidence level"), choices=EvidenceLevel.choices, initial=EvidenceLevel.NOT_ASSESSED,
        help_text=_("As in the Databank Effectieve Jeugdinterventies of the NJi."),
    )  # fmt: skip
    provider = CharField(label=_("Provider"), max_length=rules.MAX_PROVIDER, required=False)
    contact = CharField(
        label=_("Contact"), max_length=rules.MAX_CONTACT, required=False,
        help_text=_("A telephone number, e-mail address or website for professionals."),
    )  # fmt: skip
    waiting_weeks = forms.IntegerField(
        label=_("Waiting time in weeks"), required=False, min_value=0, max_value=rules.MAX_WAITING_WEEKS
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        """The rules' checks too (the age range), for the fields that passed their own, so every error shows at once."""
        data = super().clean()
        _clean, errors = rules.check_offer({name: data.get(name) for name in rules.FIELDS})
        for name, messages in errors.items():
            if name in data and name not in self.errors:
                for message in messages:
                    self.add_error(name, message)
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in rules.FIELDS}


class ActiveForm(forms.Form):
    active = BooleanField(required=False)
    version = forms.IntegerField()


class FilterForm(UtrechtFormMixin, forms.Form):
    q = CharField(label=_("Search"), max_length=100, required=False)
    intensity = forms.ChoiceField(label=_("Intensity"), choices=[("", _("All")), *Intensity.choices], required=False)
    evidence_level = forms.ChoiceField(
        label=_("Evidence level"), choices=[("", _("All")), *EvidenceLevel.choices], required=False
    )
    age = forms.IntegerField(
        label=_("Age of the youth"), required=False, min_value=rules.MIN_AGE, max_value=rules.MAX_AGE
    )
    withdrawn = BooleanField(label=_("Also show help taken out of the catalogue"), required=False)

    def __init__(self, *args, administrator: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not administrator:  # only the administrator sees help taken out of the catalogue
            del self.fields["withdrawn"]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "text": data["q"] or "",
            "intensity": data["intensity"] or "",
            "evidence_level": data["evidence_level"] or "",
            "age": data["age"],
        }


class ImportForm(UtrechtFormMixin, forms.Form):
    file = forms.FileField(
        label=_("CSV file"), required=False,
        help_text=_("UTF-8, separated by ; or ,; the first line names the columns."),
    )  # fmt: skip
    csv_text = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    valid_rows_only = BooleanField(required=False)
    confirm = BooleanField(required=False)

    def text(self) -> tuple[str | None, str | None]:
        """The CSV text (from the file, else from the preview's hidden field) or a Dutch problem."""
        upload = self.cleaned_data.get("file")
        if upload is not None:
            if upload.size > rules.MAX_IMPORT_BYTES:
                return None, rules.too_big_message()
            return rules.decode(upload.read())
        text = self.cleaned_data.get("csv_text") or ""
        if not text.strip():
            return None, str(_("Choose a CSV file."))
        return text, None

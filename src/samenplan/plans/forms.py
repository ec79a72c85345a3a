"""Forms of the family plan: the plan itself (the sections written in it), the merge choice per section and one
participant's agreement. They check the shape; the actions check the rules."""

from __future__ import annotations

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from samenplan.cases.forms import DateInput
from samenplan.forms import BooleanField, CharField, DateField, ModelChoiceField, UtrechtFormMixin
from samenplan.plans import rules
from samenplan.plans.actions import FIELD_LABELS
from samenplan.plans.models import Agreement

VOICE_CHOICES = [(rules.FAMILY, _("the family's own words")), (rules.PROFESSIONAL, _("the professional's words"))]
MERGE_SALT = "samenplan.plans.merge"


def _text(label, help_text="", rows=4):
    return CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=rules.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _voice():
    return forms.ChoiceField(label=_("Whose words are these?"), choices=VOICE_CHOICES, widget=forms.RadioSelect)


class PlanForm(UtrechtFormMixin, forms.Form):
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)
    own_text = _text(_("What we do ourselves"), _("In the family's own words. One agreement per line."))
    own_voice = _voice()
    network_text = _text(
        _("What the people around us do"), _("Who does what. One person per line, for example: Oma Ria: ...")
    )
    network_voice = _voice()
    safety_needed = BooleanField(label=_("This plan has a safety plan"), required=False)
    safety_when_unsafe = _text(FIELD_LABELS["when_unsafe"])
    safety_signals = _text(FIELD_LABELS["signals"], rows=3)
    safety_day_contacts = _text(FIELD_LABELS["day_contacts"], _("Name and phone number, one per line."), rows=3)
    safety_night_contacts = _text(FIELD_LABELS["night_contacts"], _("Name and phone number, one per line."), rows=3)
    safety_voice = _voice()
    evaluation_next_on = DateField(label=FIELD_LABELS["next_on"], required=False, widget=DateInput())
    evaluation_how = _text(FIELD_LABELS["how"], rows=2)
    evaluation_with_whom = _text(FIELD_LABELS["with_whom"], rows=2)
    aftercare_text = _text(_("After the help (aftercare)"), _("What happens when the help ends, and who to ask."))
    aftercare_voice = _voice()
    reason = _text(_("What did you change, and why?"), rows=2)

    def field_for(self, name: str) -> str:
        """The form field of an action's ``section.field`` error."""
        return name.replace(".", "_")

    @staticmethod
    def initial_for(content: dict, based_on: int) -> dict:
        content = rules.normalise(content)
        initial = {"based_on": based_on}
        for key in (rules.OWN, rules.NETWORK, rules.AFTERCARE):
            initial[f"{key}_text"] = content[key]["text"]
            initial[f"{key}_voice"] = content[key]["voice"]
        for name in ("needed", "voice", *rules.SAFETY_FIELDS):
            initial[f"safety_{name}"] = content[rules.SAFETY][name]
        for name in rules.EVALUATION_FIELDS:
            initial[f"evaluation_{name}"] = content[rules.EVALUATION][name]
        return initial

    def to_content(self) -> dict:
        data = self.cleaned_data
        content = rules.empty_content()
        for key in (rules.OWN, rules.NETWORK, rules.AFTERCARE):
            content[key] = {"text": data[f"{key}_text"], "voice": data[f"{key}_voice"]}
        content[rules.SAFETY] = {
            "needed": data["safety_needed"],
            "voice": data["safety_voice"],
            **{name: data[f"safety_{name}"] for name in rules.SAFETY_FIELDS},
        }
        next_on = data["evaluation_next_on"]
        content[rules.EVALUATION] = {
            "next_on": next_on.isoformat() if next_on else "",
            "how": data["evaluation_how"],
            "with_whom": data["evaluation_with_whom"],
        }
        return content


def sign_content(content: dict) -> str:
    """The editor's own content, carried by the merge page so nothing they wrote is lost."""
    return signing.dumps(rules.normalise(content), salt=MERGE_SALT, compress=True)


class MergeForm(UtrechtFormMixin, forms.Form):
    """Per section both editors changed: keep theirs (now saved) or yours."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)
    started_from = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)
    mine = forms.CharField(widget=forms.HiddenInput, max_length=200_000)
    reason = _text(_("What did you change, and why?"), rows=2)

    def __init__(self, *args, conflicts: list[str] = (), titles: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for key in conflicts:
            self.fields[f"choice_{key}"] = forms.ChoiceField(
                label=(titles or {}).get(key, key),
                choices=[(rules.THEIRS, _("keep the saved version")), (rules.MINE, _("take my version"))],
                widget=forms.RadioSelect,
            )
        from samenplan.forms import style_widgets

        style_widgets(self.fields.values())

    def clean_mine(self):
        try:
            return signing.loads(self.cleaned_data["mine"], salt=MERGE_SALT)
        except signing.BadSignature:
            raise forms.ValidationError(
                _("Your changes could not be read. Open the plan again and make them once more."), code="invalid"
            ) from None

    def choices(self) -> dict[str, str]:
        return {name[len("choice_") :]: v for name, v in self.cleaned_data.items() if name.startswith("choice_")}


class AgreementForm(UtrechtFormMixin, forms.Form):
    member = ModelChoiceField(queryset=None, label=_("Who"))
    agreement = forms.ChoiceField(
        label=_("Does this person agree with this version of the plan?"),
        choices=Agreement.choices,
        widget=forms.RadioSelect,
    )
    words = _text(_("In their own words"), _("Required with partly or no: what they do not agree with."), rows=3)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        from samenplan.cases.models import Member

        self.fields["member"].queryset = Member.objects.filter(pk__in=[m.pk for m in members])

"""Forms of the family's proposals and of their view on the coherent picture (portal), and of the caseworker's
answer to a proposal. The shape only; the actions check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samenplan.forms import CharField, UtrechtFormMixin
from samenplan.portal.models import ProposalKind
from samenplan.portal.rules import PROPOSAL_MAX

VERSION = {"min_value": 1, "max_value": 2**31 - 1}

# What the page asks, per kind of proposal and per way of speaking to the family member (u / je).
PROPOSAL_TEXTS = {
    ("parent", ProposalKind.QUESTION): (
        pgettext_lazy("parent", "Your question"),
        pgettext_lazy("parent", "What do you want help with? Write it in your own words."),
    ),
    ("youth", ProposalKind.QUESTION): (
        pgettext_lazy("youth", "Your question"),
        pgettext_lazy("youth", "What do you want help with? Write it in your own words."),
    ),
    ("parent", ProposalKind.GOAL): (
        pgettext_lazy("parent", "A goal"),
        pgettext_lazy("parent", "What do you want to be different? Write your goal in your own words."),
    ),
    ("youth", ProposalKind.GOAL): (
        pgettext_lazy("youth", "A goal"),
        pgettext_lazy("youth", "What do you want to be different? Write your goal in your own words."),
    ),
    ("parent", ProposalKind.OWN_SOLUTION): (
        pgettext_lazy("parent", "Something you can do yourselves"),
        pgettext_lazy(
            "parent", "What can you do yourself? Or someone around you, like family or a neighbour? Write it down."
        ),
    ),
    ("youth", ProposalKind.OWN_SOLUTION): (
        pgettext_lazy("youth", "Something you can do yourself"),
        pgettext_lazy(
            "youth", "What can you do yourself? Or someone around you, like family or a friend? Write it down."
        ),
    ),
}


class ProposalForm(UtrechtFormMixin, forms.Form):
    words = CharField(
        max_length=PROPOSAL_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Write it down in your own words."),
            "max_length": _("This text is too long: at most %(limit_value)d characters."),
        },
    )

    def __init__(self, *args, kind: str, voice: str, **kwargs):
        super().__init__(*args, **kwargs)
        title, label = PROPOSAL_TEXTS[("youth" if voice == "youth" else "parent", kind)]
        self.title = title
        self.fields["words"].label = label


class TakeProposalForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, **VERSION)


class DeclineProposalForm(UtrechtFormMixin, forms.Form):
    reason = CharField(
        label=_("Why do you not take it in? The family reads this."),
        max_length=PROPOSAL_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write down why, for the family: they read it.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, **VERSION)


class SeenForm(forms.Form):
    up_to = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**63 - 1)


class FamilyViewForm(UtrechtFormMixin, forms.Form):
    """A family member's own view of the coherent picture: agrees, partly, or not, in their own words."""

    agreement = forms.ChoiceField(
        choices=(),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose: yes, partly or no."),
            "invalid_choice": _("Choose: yes, partly or no."),
        },
    )
    words = CharField(required=False, max_length=PROPOSAL_MAX, widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput, **VERSION)

    def __init__(self, *args, voice: str = "parent", **kwargs):
        from samenplan.analysis.models import FamilyAgreement

        super().__init__(*args, **kwargs)
        youth = voice == "youth"
        self.fields["agreement"].choices = [
            (FamilyAgreement.AGREES, _("Yes, I recognise it")),
            (FamilyAgreement.PARTLY, _("Partly")),
            (FamilyAgreement.DISAGREES, _("No, I do not recognise it")),
        ]
        self.fields["agreement"].label = (
            pgettext_lazy("youth", "Do you recognise this picture?")
            if youth
            else pgettext_lazy("parent", "Do you recognise this picture?")
        )
        self.fields["words"].label = (
            pgettext_lazy("youth", "In your own words") if youth else pgettext_lazy("parent", "In your own words")
        )
        self.fields["words"].help_text = (
            pgettext_lazy("youth", "Needed with partly or no: what is different, in your view?")
            if youth
            else pgettext_lazy("parent", "Needed with partly or no: what is different, in your view?")
        )
        self.missing = (
            pgettext_lazy("youth", "Write down in your own words what is different, in your view.")
            if youth
            else pgettext_lazy("parent", "Write down in your own words what is different, in your view.")
        )

    def clean(self):
        from samenplan.analysis.models import FamilyAgreement

        cleaned = super().clean()
        if (
            cleaned.get("agreement") in (FamilyAgreement.PARTLY, FamilyAgreement.DISAGREES)
            and not (cleaned.get("words") or "").strip()
        ):
            self.add_error("words", self.missing)
        return cleaned

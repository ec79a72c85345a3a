"""Forms: they parse and check input shape; the actions check the rules (who may consent, consent present)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenplan.cases.forms import DateInput
from samenplan.cases.models import Member
from samenplan.cases.rules import age_on
from samenplan.consent.models import DataKind, Purpose, Recipient, RecipientKind, RecipientRole
from samenplan.consent.services import thresholds
from samenplan.forms import ModelChoiceField, ModelMultipleChoiceField, UtrechtFormMixin


class MemberChoices(ModelMultipleChoiceField):
    """Family members with their role and age, so it is clear at a glance who may consent."""

    MAX_GIVERS = 50  # more than any household; bounds the lookup of ids sent in one request

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_count", self.MAX_GIVERS)
        kwargs.setdefault("too_many_message", _("Choose at most %(maximum)d family members."))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, member: Member) -> str:
        parts = [str(member.get_role_display())]
        if member.date_of_birth:
            parts.append(_("%(age)s years") % {"age": age_on(member.date_of_birth, timezone.localdate())})
        if member.has_custody:
            parts.append(str(_("has custody")))
        return f"{member} ({', '.join(parts)})"


class ConsentForm(UtrechtFormMixin, forms.Form):
    recipient_name = forms.CharField(
        label=_("With whom may the data be shared?"),
        max_length=200,
        help_text=_("The name of the organisation or person, for example: Huisartsenpraktijk De Linde."),
    )
    recipient_kind = forms.ChoiceField(
        label=_("Organisation or person"), choices=RecipientKind.choices, widget=forms.RadioSelect
    )
    recipient_role = forms.ChoiceField(
        label=_("Role of the recipient"), choices=[("", _("Choose a role")), *RecipientRole.choices]
    )
    recipient_contact = forms.CharField(label=_("Contact details"), max_length=200, required=False)
    purpose = forms.ChoiceField(label=_("What for?"), choices=Purpose.choices, widget=forms.RadioSelect)
    data_kinds = forms.MultipleChoiceField(
        label=_("Which data?"),
        choices=DataKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only what is needed."),
    )
    benefit = forms.CharField(
        label=_("Why does sharing help the family?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("What you explained to the family about why these data would be shared."),
    )
    givers = MemberChoices(
        label=_("Who gives consent?"),
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    given_on = forms.DateField(label=_("Date of consent"), widget=DateInput())
    expires_on = forms.DateField(label=_("Valid until"), required=False, widget=DateInput())

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["givers"].queryset = family.members.all()
        ages = thresholds(family.organisation_id)
        self.fields["givers"].help_text = _(
            "Under %(together)s the parents with custody; from %(together)s to %(last)s the youth and those "
            "parents; from %(alone)s the youth alone."
        ) % {
            "together": ages.youth_with_parents_from,
            "last": ages.youth_alone_from - 1,
            "alone": ages.youth_alone_from,
        }


class RevokeForm(UtrechtFormMixin, forms.Form):
    revoked_by = ModelChoiceField(label=_("Who revokes the consent?"), queryset=Member.objects.none())
    reason = forms.CharField(label=_("Why?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, consent, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revoked_by"].queryset = consent.givers.all()
        self.fields["version"].initial = consent.version


class InformationRequestForm(UtrechtFormMixin, forms.Form):
    recipient = ModelChoiceField(
        label=_("Whom do you ask?"),
        queryset=Recipient.objects.none(),
        help_text=_("The referrer or an agency already involved, as named in a consent."),
    )
    data_kinds = forms.MultipleChoiceField(
        label=_("Which data do you ask for?"), choices=DataKind.choices, widget=forms.CheckboxSelectMultiple
    )
    question = forms.CharField(label=_("What do you ask?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    reason = forms.CharField(
        label=_("Why does this help the family?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        help_text=_("For example: so the family need not tell its story again."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = case.recipients.all()


class ProposeForm(ConsentForm):
    """A consent the caseworker proposes: the same terms, and whom to ask instead of who gave it and when."""

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, family=family, **kwargs)
        asked = self.fields.pop("givers")
        asked.label = _("Whom do you ask for consent?")
        self.fields.pop("given_on")
        self.fields["asked"] = asked
        self.order_fields([*self.fields])

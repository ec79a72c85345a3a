from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samenplan.cases.forms import DateInput
from samenplan.cases.models import Member
from samenplan.forms import BooleanField, CharField, DateField, UtrechtFormMixin


class InviteForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Who do you invite?"), queryset=Member.objects.none())
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    language = forms.ChoiceField(
        label=_("Language of the e-mail and the portal"),
        help_text=_("The family member can change it later in the portal."),
        choices=(),
        initial="nl",
        required=False,  # not sent: the member's language stays as it is
        error_messages={"invalid_choice": _("Choose one of the languages in the list.")},
    )

    def __init__(self, *args, family, **kwargs):
        from django.conf import settings

        from samenplan.portal.languages import language_name

        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = family.members.all()
        self.fields["language"].choices = [(code, f"{language_name(code)} ({code})") for code, _n in settings.LANGUAGES]


class AcceptForm(forms.Form):
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. A sentence is easy to remember."),
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        one, two = data.get("password1"), data.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("The two passwords are not the same."))
        elif one:
            try:
                password_validation.validate_password(one)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


SCALE = [(str(n), str(n)) for n in range(11)]


class FamilyScoreForm(UtrechtFormMixin, forms.Form):
    """A family member's own scale score on one goal: always today, always by themselves."""

    score = forms.TypedChoiceField(
        label=_("Your score"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("0 is the worst moment, 10 is: the goal is reached."),
        error_messages={
            "invalid_choice": _("The score is a whole number from 0 (the worst moment) to 10 (goal reached)."),
            "required": _("Choose a score from 0 to 10."),
        },
    )
    one_point_higher = CharField(
        label=_("What would one point higher look like?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FamilyRevokeForm(UtrechtFormMixin, forms.Form):
    """A family member takes back a consent they gave themselves."""

    reason = CharField(
        label=_("Why do you take back your consent?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class ShareOwnPartForm(UtrechtFormMixin, forms.Form):
    shares = BooleanField(label=_("My parents may see my own goals"), required=False)


AGREEMENT_TEXTS = {
    "parent": {
        "label": pgettext_lazy("parent", "Do you agree with this plan?"),
        "words": pgettext_lazy("parent", "In your own words"),
        "help": pgettext_lazy("parent", "Needed with partly or no: what you do not agree with."),
        "missing": pgettext_lazy("parent", "Write down in your own words what you do not agree with."),
        "stale": pgettext_lazy("parent", "The plan was changed while you were reading it. Read it again, then answer."),
    },
    "youth": {
        "label": pgettext_lazy("youth", "Do you agree with this plan?"),
        "words": pgettext_lazy("youth", "In your own words"),
        "help": pgettext_lazy("youth", "Needed with partly or no: what you do not agree with."),
        "missing": pgettext_lazy("youth", "Write down in your own words what you do not agree with."),
        "stale": pgettext_lazy("youth", "The plan was changed while you were reading it. Read it again, then answer."),
    },
}


class FamilyAgreementForm(UtrechtFormMixin, forms.Form):
    """A family member's own answer to the newest version of their plan: yes, partly or no, in their own words."""

    agreement = forms.ChoiceField(
        choices=(),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes, partly or no."), "invalid_choice": _("Choose yes, partly or no.")},
    )
    words = CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    # The version the member read: a newer one saved meanwhile is not agreed to unseen (plans.actions refuses it).
    version = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)

    def __init__(self, *args, voice: str = "parent", **kwargs):
        from samenplan.plans.models import Agreement

        super().__init__(*args, **kwargs)
        self.texts = AGREEMENT_TEXTS["youth" if voice == "youth" else "parent"]
        self.fields["agreement"].choices = Agreement.choices
        self.fields["agreement"].label = self.texts["label"]
        self.fields["words"].label = self.texts["words"]
        self.fields["words"].help_text = self.texts["help"]

    def clean(self):
        from samenplan.plans import rules as plan_rules

        cleaned = super().clean()
        if cleaned.get("agreement") in (plan_rules.PARTLY, plan_rules.NO) and not (cleaned.get("words") or "").strip():
            self.add_error("words", self.texts["missing"])
        return cleaned


class FamilyGiveConsentForm(UtrechtFormMixin, forms.Form):
    """A family member says yes to a consent the caseworker proposed."""

    agree = BooleanField(label=_("Yes, I agree to this"), error_messages={"required": _("Tick the box to say yes.")})


class FamilyLimitConsentForm(UtrechtFormMixin, forms.Form):
    """A family member narrows a consent they gave: fewer kinds of data and/or an earlier end date."""

    data_kinds = forms.MultipleChoiceField(
        label=_("Which data may still be shared?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one kind of data. To share nothing, take back your consent."),
            "invalid_choice": _("Choose kinds of data from the list."),
        },
    )
    expires_on = DateField(
        label=_("Until when?"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty to keep the end date as it is."),
    )
    reason = CharField(
        label=_("Why do you want to share less?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args, consent, **kwargs):
        super().__init__(*args, **kwargs)
        from samenplan.consent.models import DataKind

        self.fields["data_kinds"].choices = [(k, DataKind(k).label) for k in consent.data_kinds if k in DataKind.values]
        self.fields["data_kinds"].initial = list(consent.data_kinds)
        self.fields["version"].initial = consent.version
        self.fields["expires_on"].initial = consent.expires_on

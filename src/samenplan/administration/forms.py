"""The administrator's forms: they check the shape; the actions check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samenplan.accounts.models import Role, Team
from samenplan.administration import rules, services
from samenplan.administration.models import NameShown
from samenplan.forms import CharField, ModelChoiceField, UtrechtFormMixin, style_widgets

# Roles an administrator gives on these pages (all of them; the log-reader role is given on purpose, too).
ROLE_CHOICES = [("", _("Choose a role")), *Role.choices]


def _teams(organisation_id):
    return Team.objects.filter(organisation_id=organisation_id, archived_at__isnull=True).order_by("name")


class NameForm(UtrechtFormMixin, forms.Form):
    name = CharField(label=_("Name"), max_length=200)


class TeamForm(NameForm):
    name = CharField(label=_("Name of the team"), max_length=200, help_text=_("For example: Wijkteam Oost."))


class InviteForm(UtrechtFormMixin, forms.Form):
    first_name = CharField(label=_("First name"), max_length=150)
    last_name = CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"), max_length=254, help_text=_("The invitation with the link is sent here.")
    )
    username = CharField(
        label=_("User name"), max_length=150, help_text=_("With this name they log in. Letters, digits and @.+-_ only.")
    )
    team = ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("No team yet"))
    role = forms.ChoiceField(label=_("Role in that team"), choices=ROLE_CHOICES, required=False)

    def __init__(self, *args, organisation_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = _teams(organisation_id)


class RoleForm(UtrechtFormMixin, forms.Form):
    team = ModelChoiceField(label=_("Team"), queryset=Team.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)

    def __init__(self, *args, organisation_id, **kwargs):
        super().__init__(*args, **kwargs)
        # Every team of the organisation; the action refuses an archived one with a message that says so.
        self.fields["team"].queryset = Team.objects.filter(organisation_id=organisation_id).order_by("name")


class SettingsForm(UtrechtFormMixin, forms.Form):
    consent_youth_with_parents_from_age = forms.IntegerField(
        label=_("Youth consents together with the parents from age")
    )
    consent_youth_alone_from_age = forms.IntegerField(label=_("Youth consents alone from age"))
    reopen_period_days = forms.IntegerField(label=_("Reopen period (days)"))
    inactivity_days = forms.IntegerField(label=_("Without activity after (days)"))
    name_shown_to_families = forms.ChoiceField(
        label=_("Name shown to families"), choices=NameShown.choices, widget=forms.RadioSelect
    )
    evaluation_interval_weeks = forms.IntegerField(label=_("Suggested evaluation interval (weeks)"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        defaults = services.defaults()
        for field in services.FIELDS:
            default = defaults[field]
            if field == "name_shown_to_families":
                default = NameShown(default).label
            self.fields[field].help_text = "{} {}".format(
                services.EXPLANATIONS[field], gettext("Default: %(value)s.") % {"value": default}
            )
            if isinstance(self.fields[field], forms.IntegerField):
                self.fields[field].widget.attrs.update({"inputmode": "numeric"})
                self.fields[field].max_value = 100_000  # the action says what is too long; this keeps numbers sane


class ScaleForm(UtrechtFormMixin, forms.Form):
    """The scale's name and its levels, lowest first: the current levels and two empty rows to add one. A row
    left empty is removed."""

    name = CharField(label=_("Name of the scale"), max_length=100)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, rows: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = min(rows, rules.SCALE_MAX + 2)
        for i in range(self.rows):
            self.fields[f"level_{i}_name"] = CharField(
                label=_("Level %(rank)s: name") % {"rank": i + 1}, max_length=100, required=False
            )
            self.fields[f"level_{i}_description"] = CharField(
                label=_("Level %(rank)s: what it means") % {"rank": i + 1},
                max_length=500,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"level_{i}_advice"] = CharField(
                label=_("Level %(rank)s: advice at the route decision") % {"rank": i + 1},
                max_length=300,
                required=False,
                help_text=_("For example: the neighbourhood network can help; or: the neighbourhood team takes it on."),
            )
        style_widgets(self.fields.values())

    def levels(self) -> list[tuple[str, str]]:
        """The filled-in rows, in order (a row with only a description counts: the action asks for its name)."""
        data = self.cleaned_data
        return [
            (
                data.get(f"level_{i}_name") or "",
                data.get(f"level_{i}_description") or "",
                data.get(f"level_{i}_advice") or "",
            )
            for i in range(self.rows)
            if self._filled(i)
        ]

    def field_for(self, name: str) -> str:
        """``levels[2].name`` (the action's name, counting filled-in rows) → the form field of that row."""
        if name.startswith("levels[") and "]." in name:
            index = int(name[len("levels[") : name.index("]")])
            filled = [i for i in range(self.rows) if self._filled(i)]
            if index < len(filled):
                return f"level_{filled[index]}_{name.rsplit('.', 1)[1]}"
        return name

    def _filled(self, i: int) -> bool:
        return bool(self.cleaned_data.get(f"level_{i}_name") or self.cleaned_data.get(f"level_{i}_description"))


class PasswordForm(UtrechtFormMixin, forms.Form):
    """Choosing a password through an invitation; the action checks the password rules and that both agree."""

    password1 = forms.CharField(
        label=_("Password"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. A sentence you remember works well."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

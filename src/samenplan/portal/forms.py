from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from samenplan.cases.models import Member


class InviteForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Who do you invite?"), queryset=Member.objects.none())
    email = forms.EmailField(label=_("E-mail address"), max_length=254)

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = family.members.all()


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

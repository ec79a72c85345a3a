from django import forms
from django.utils.translation import gettext_lazy as _

from samenplan.forms import UtrechtFormMixin


class LanguageForm(UtrechtFormMixin, forms.Form):
    """The language switch: one of the languages this user may choose (portal.rules.language_choices)."""

    language = forms.ChoiceField(
        label=_("Language"),
        choices=(),
        error_messages={"invalid_choice": _("Choose one of the languages in the list.")},
    )
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = choices

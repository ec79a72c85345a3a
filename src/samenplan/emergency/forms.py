"""Forms for emergency access: they check the shape; the actions check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samenplan.emergency.actions import NOTE_MAX, REASON_MAX
from samenplan.forms import UtrechtFormMixin


class EmergencyForm(UtrechtFormMixin, forms.Form):
    case = forms.CharField(
        label=_("Case number"), max_length=20, help_text=_("The number of the case you need to open.")
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REASON_MAX,
        help_text=_("What is happening, and why you need this case now. Your team lead reads this."),
    )


class ReviewForm(UtrechtFormMixin, forms.Form):
    review_note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=NOTE_MAX, required=False
    )

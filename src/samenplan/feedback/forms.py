from django import forms
from django.utils.translation import gettext_lazy as _

from samenplan.feedback import rules, texts
from samenplan.forms import CharField, UtrechtFormMixin

SCALE = [(str(n), str(n)) for n in range(rules.LOWEST, rules.HIGHEST + 1)]


def _score_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=texts.SCALE_HELP,
        error_messages={
            "invalid_choice": _("Choose a whole number from 0 to 9."),
            "required": _("Choose a number from 0 to 9."),
        },
    )


class RatingForm(UtrechtFormMixin, forms.Form):
    """A family member's answer to the three questions about one conversation, and an optional comment."""

    understand = _score_field()
    listen = _score_field()
    include = _score_field()
    comment = CharField(
        label=_("Anything you want to add?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, voice: str = "parent", **kwargs):
        super().__init__(*args, **kwargs)
        for key in rules.ITEMS:
            self.fields[key].label = texts.QUESTIONS[voice][key]
        self.fields["comment"].label = texts.COMMENT[voice]

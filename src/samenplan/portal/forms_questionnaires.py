"""A questionnaire a family member fills in themselves in the portal: one radio group (fieldset and legend) per
question, built from the instrument's definition; save to go on later, or send."""

from __future__ import annotations

from django import forms

from samenplan.forms import UtrechtFormMixin, style_widgets
from samenplan.instruments.forms import answer_fields

SAVE = "save"
SEND = "send"


class AnswersForm(UtrechtFormMixin, forms.Form):
    version = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)
    step = forms.ChoiceField(choices=[(SAVE, SAVE), (SEND, SEND)], required=False)

    def __init__(self, *args, definition, **kwargs):
        super().__init__(*args, **kwargs)
        self.item_fields = []
        for name, field in answer_fields(definition.definition):
            self.fields[name] = field
            self.item_fields.append(name)
        style_widgets(self.fields.values())

    def field_for(self, name: str) -> str:
        """The action names an answer ``answers.<item id>``; here it is the field ``item_<item id>``."""
        return f"item_{name.removeprefix('answers.')}" if name.startswith("answers.") else name

    def items(self) -> list:
        return [self[name] for name in self.item_fields]

    def answers(self) -> dict:
        return {name.removeprefix("item_"): self.cleaned_data.get(name) for name in self.item_fields}

    @property
    def sends(self) -> bool:
        return self.cleaned_data.get("step") == SEND


def initial_answers(answers: dict) -> dict:
    """A draft's answers as the form's initial values."""
    return {f"item_{key}": value for key, value in (answers or {}).items()}

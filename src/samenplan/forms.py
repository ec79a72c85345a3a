"""Form helpers shared by all apps: NL Design System classes on every widget."""

from django import forms

from samenplan.ids import parse_id

_WIDGET_CLASSES = (
    # CheckboxSelectMultiple is a subclass of RadioSelect: it must come first.
    (forms.CheckboxSelectMultiple, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.RadioSelect, "utrecht-radio-button utrecht-radio-button--html-input"),
    (forms.CheckboxInput, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.Textarea, "utrecht-textarea utrecht-textarea--html-textarea"),
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (forms.HiddenInput, ""),
    (forms.widgets.Input, "utrecht-textbox utrecht-textbox--html-input"),
)


class UtrechtFormMixin:
    """Adds the utrecht-* class to each widget, so templates render plain ``{{ field }}``."""

    template_name = "_form_fields.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self.fields.values())


def style_widgets(fields) -> None:
    """The utrecht-* class on each widget; also for fields a form adds after its own ``__init__``."""
    for field in fields:
        for widget_class, css in _WIDGET_CLASSES:
            if isinstance(field.widget, widget_class):
                if css:
                    field.widget.attrs["class"] = css
                break


class ModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that turns ids no database can hold into a field error, never a crash."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if parse_id(value) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if not isinstance(value, (list, tuple)):
            value = [value]
        for pk in value:
            if pk not in self.empty_values and parse_id(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)

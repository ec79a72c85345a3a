"""Form helpers shared by all apps: NL Design System classes on every widget."""

from django import forms

_WIDGET_CLASSES = (
    (forms.RadioSelect, "utrecht-radio-button utrecht-radio-button--html-input"),
    (forms.CheckboxSelectMultiple, "utrecht-checkbox utrecht-checkbox--html-input"),
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
        for field in self.fields.values():
            for widget_class, css in _WIDGET_CLASSES:
                if isinstance(field.widget, widget_class):
                    if css:
                        field.widget.attrs["class"] = css
                    break

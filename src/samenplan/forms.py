"""Form helpers shared by all apps: NL Design System classes on every widget, and fields that check input the
same way the API does (``samenplan.validation``): text without invisible padding, plausible dates, strict
yes/no, ids a database can hold, bounded lists looked up in one query."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samenplan.ids import parse_id
from samenplan.validation import check_count, check_date, clean_text

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


class CharField(forms.CharField):
    """Text; invisible characters around it are removed, so a text of only those counts as empty."""

    def to_python(self, value):
        value = super().to_python(value)
        return clean_text(value) if isinstance(value, str) else value


class DateField(forms.DateField):
    """A date inside samenplan's window (``validation.EARLIEST_DATE`` … ``LATEST_DATE``), or narrower.

    ``earliest`` and ``latest`` may be dates or functions returning one (for "today").
    """

    def __init__(self, *, earliest=None, latest=None, **kwargs):
        self.earliest, self.latest = earliest, latest
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is not None:
            bound = [b() if callable(b) else b for b in (self.earliest, self.latest)]
            check_date(value, *bound)


class StrictCheckboxInput(forms.CheckboxInput):
    """Hands the posted text to the field as it is: Django's own checkbox takes any text for "yes"."""

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class BooleanField(forms.BooleanField):
    """A checkbox that accepts what a browser sends for it (absent, "on") and true/false, nothing else."""

    widget = StrictCheckboxInput
    default_error_messages = {"invalid": _("Tick the box, or leave it empty.")}
    _VALUES = {None: False, "": False, "false": False, "0": False, "on": True, "true": True, "1": True}

    def to_python(self, value):
        if isinstance(value, bool):
            return value
        key = value.lower() if isinstance(value, str) else value
        if key not in self._VALUES:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return self._VALUES[key]


class ModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that turns ids no database can hold into a field error, never a crash."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", _("Choose…"))  # never Django's "---------"
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if parse_id(value) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """At most ``max_count`` ids (``too_many_message`` names the limit), all looked up in one query."""

    def __init__(self, *args, max_count: int, too_many_message, **kwargs):
        self.max_count, self.too_many_message = max_count, too_many_message
        super().__init__(*args, **kwargs)

    def _check_values(self, value):
        if not isinstance(value, (list, tuple)):
            value = [value]
        check_count(value, self.max_count, self.too_many_message)
        for pk in value:
            if pk not in self.empty_values and parse_id(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)


def apply_errors(form, error, rename: dict[str, str] | None = None) -> None:
    """An action's ValidationError on the form's fields. The action names fields as it sees them; ``rename`` maps
    such a name to the form's, and a form with ``field_for(name)`` (nested input, e.g. ``steps[2].notes``) maps them
    itself. What matches no field is an error of the form as a whole."""
    items = error.error_dict.items() if hasattr(error, "error_dict") else [(None, error.error_list)]
    for field, errors in items:
        name = (rename or {}).get(field, field)
        if name and hasattr(form, "field_for"):
            name = form.field_for(name)
        for e in errors:
            form.add_error(name if name in form.fields else None, e)


FORM_ERRORS = "form with errors"  # the detail of a read record written by a page shown again with form errors


def form_outcome(form) -> dict:
    """Status and read-record detail of a form page: 422 and a note when it comes back with errors.

    For ``audit.log.render_read(..., **form_outcome(form))``."""
    return {"status": 422, "detail": FORM_ERRORS} if form.errors else {"status": 200}

"""Form helpers shared by all apps: NL Design System classes on every widget, and fields that check input the
same way the API does (``samenplan.validation``): text without invisible padding, plausible dates, strict
yes/no, ids a database can hold, bounded lists looked up in one query."""

import copy

from django import forms
from django.utils.formats import get_format
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


_PROTOTYPES: dict[type, forms.BaseForm] = {}


def unbound_form(form_class: type[forms.BaseForm], fresh: tuple[str, ...]) -> forms.BaseForm:
    """A new unbound form of ``form_class`` as its base classes make it (``Form.__init__`` and the mixins, without
    ``form_class``'s own ``__init__``), for the caller to set what each request's form differs in on the ``fresh``
    fields. Those are copied as ``Form.__init__`` copies every field (``copy.deepcopy``) from one such form made
    once per process and class; the other fields are that form's own, shared: they must be the same on every
    request (the class's fields, no choices, initial value or attribute of a request), as an unbound field's
    rendering only reads them. For a form shown unbound on every request of a page (the dossier's note and phase
    forms): ``Form.__init__`` deep-copies every field (widget, choices, error messages, a model choice's
    queryset), 0.11 and 0.06 ms a dossier."""
    prototype = _PROTOTYPES.get(form_class)
    if prototype is None:
        prototype = form_class.__new__(form_class)
        super(form_class, prototype).__init__()  # the form's class fields, nothing of a request
        _PROTOTYPES[form_class] = prototype
    form = copy.copy(prototype)
    form.fields = {name: _copy(field) if name in fresh else field for name, field in prototype.fields.items()}
    form._bound_fields_cache = {}
    return form


def _copy(field: forms.Field) -> forms.Field:
    """A copy of ``field`` and its widget whose choices, initial value and attributes can be set apart from it."""
    field = copy.copy(field)
    field.widget = copy.copy(field.widget)
    field.widget.attrs = field.widget.attrs.copy()
    return field


class MemberAnswersMixin:
    """Per participant of a conversation: their answer (a choice, e.g. agrees yes / partly / no) and their own words,
    as the fields ``m<pk>-agreement`` and ``m<pk>-words``. A participant left unanswered is not recorded (not asked
    this time). Shared by the goals' agreement with the question and the decision's agreement."""

    def add_member_answers(self, members, *, label, choices, words_help) -> None:
        self.members = list(members)
        for m in self.members:
            self.fields[f"m{m.pk}-agreement"] = forms.ChoiceField(
                label=label, choices=choices, widget=forms.RadioSelect, required=False
            )
            self.fields[f"m{m.pk}-words"] = CharField(
                label=_("In their own words"),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=words_help,
            )

    def member_rows(self) -> list[tuple]:
        """(member, answer field, words field) per participant, for the template."""
        return [(m, self[f"m{m.pk}-agreement"], self[f"m{m.pk}-words"]) for m in self.members]

    def answered(self) -> list:
        return [m for m in self.members if self.cleaned_data.get(f"m{m.pk}-agreement")]

    def member_answers(self) -> list[dict]:
        """The action's input: one ``{"member", "agreement", "words"}`` per participant who answered."""
        data = self.cleaned_data
        return [
            {"member": m, "agreement": data[f"m{m.pk}-agreement"], "words": data[f"m{m.pk}-words"]}
            for m in self.answered()
        ]

    def member_field_for(self, list_name: str, name: str) -> str | None:
        """``<list_name>[1].words`` (the action's name) is the field of the second participant who answered."""
        if name.startswith(f"{list_name}["):
            index, _sep, rest = name[len(list_name) + 1 :].partition("].")
            answered = self.answered()
            if index.isdigit() and int(index) < len(answered):
                return f"m{answered[int(index)].pk}-{rest}"
        return None


class CharField(forms.CharField):
    """Text; invisible characters around it are removed, so a text of only those counts as empty."""

    def to_python(self, value):
        value = super().to_python(value)
        return clean_text(value) if isinstance(value, str) else value


ISO_DATE = "%Y-%m-%d"
_ISO_FIRST: dict[tuple, tuple] = {}


class _IsoFirst:
    """The active language's ``DATE_INPUT_FORMATS``, ISO's first. A browser's date input sends ISO, which the
    field tried last (after five Dutch formats, ≈ 35 µs). No text matches ISO and another of these formats, so the
    order changes no result (tests/unit/test_date_field.py, every language)."""

    def __get__(self, field, owner=None):
        formats = tuple(get_format("DATE_INPUT_FORMATS"))
        found = _ISO_FIRST.get(formats)
        if found is None:
            found = (ISO_DATE, *(f for f in formats if f != ISO_DATE)) if ISO_DATE in formats else formats
            _ISO_FIRST[formats] = found
        return found


class DateField(forms.DateField):
    """A date inside samenplan's window (``validation.EARLIEST_DATE`` … ``LATEST_DATE``), or narrower.

    ``earliest`` and ``latest`` may be dates or functions returning one (for "today").
    """

    input_formats = _IsoFirst()  # unless given

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

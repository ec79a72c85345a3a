from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.template.loader import get_template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samenplan.accounts.models import User
from samenplan.cases.forms import DateInput
from samenplan.cases.models import Family
from samenplan.forms import CharField, DateField, ModelChoiceField, UtrechtFormMixin
from samenplan.ids import parse_id


def _attrs_html(attrs: dict) -> str:
    """Attributes as Django's ``attrs.html`` writes them: in their order, ``True`` as a bare name, ``False`` left
    out, every value escaped."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class _Input:
    """An ``<input>`` written here as Django's widget template (``input.html`` with ``attrs.html``) writes it:
    through the templates the filter's four inputs took ≈ 1 ms of the page's CPU (issue 14)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
        return SafeString(
            f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(name)}"{shown}'
            f"{_attrs_html(widget['attrs'])}>"
        )


class _TextInput(_Input, forms.TextInput):
    pass


class _HiddenInput(_Input, forms.HiddenInput):
    pass


class _DateInput(_Input, DateInput):
    pass


class _Select(forms.Select):
    """A ``<select>`` whose options are written here, as Django's widget templates write them (``select.html``, an
    include of ``select_option.html`` and the attributes' loop per option): through the templates the dozen people
    of a reader's teams took ≈ 3 ms of the page's CPU (issue 14). No option groups: the people are one list."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = "".join(
            f'\n  <option value="{conditional_escape(str(key))}"{" selected" if str(key) in chosen else ""}>'
            f"{conditional_escape(label)}</option>\n"
            for key, label in self.choices
        )
        return SafeString(f'<select name="{conditional_escape(name)}"{flatatt(self.build_attrs(self.attrs, attrs))}>'
                          f"{options}\n</select>")  # fmt: skip


class _Known(ModelChoiceField):
    """A choice checked against what the page read before it (``find``: the instance of an id that may be chosen,
    None for any other) instead of a query of its own, with ``ModelChoiceField``'s checks and errors."""

    @staticmethod
    def find(key: int) -> object | None:
        return None

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if (key := parse_id(value)) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        if (found := self.find(key)) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return found


class LogFilterForm(UtrechtFormMixin, forms.Form):
    # Type-to-find: the reader types (part of) a name and chooses from the matches they may see; the chosen family
    # travels as its id. The page never lists every family of the teams (3,000 options at a region's scale).
    family_name = CharField(
        label=_("Find a family"),
        required=False,
        max_length=100,
        widget=_TextInput,
        help_text=_("Type (part of) the family name, then choose the family."),
    )
    family = _Known(label=_("Family"), queryset=Family.objects.none(), required=False, widget=_HiddenInput)
    user = _Known(
        label=_("User"), queryset=User.objects.none(), required=False, empty_label=_("All users"), widget=_Select
    )
    start = DateField(label=_("From"), required=False, widget=_DateInput())
    end = DateField(label=_("Up to and including"), required=False, widget=_DateInput())

    def __init__(self, *args, family, people, **kwargs):
        """``family``: the family the request chose (its ``family``) when the reader may filter on it, else None;
        ``people``: the people the reader may filter on as (id, name) pairs in the order the ``<select>`` shows
        them. Both read by ``access.page_start`` in one statement with the page's settings: a choice is checked
        against them, not by a query of its own (``access.filterable_families``, ``access.filterable_users``)."""
        super().__init__(*args, **kwargs)
        self.fields["family"].find = lambda key: family if family is not None and key == family.pk else None
        ids = {pk for pk, _name in people}
        # Only the chosen person's id is used (the page filters by it): an instance that holds just the id.
        self.fields["user"].find = lambda key: User(pk=key) if key in ids else None
        self.fields["user"].choices = [("", self.fields["user"].empty_label), *people]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end lies before the start."))
        return data


# ``_field.html`` around a field's widget: the same for every request in a language but for the widget (its value),
# as long as the field has no errors. Through the template the filter's four fields took ≈ 0.3 ms of the page's CPU
# (issue 14): each is rendered through it once per process, language and field, the widget written in between.
_SHELLS: dict[tuple[str | None, str], tuple[str, str]] = {}


def field_html(field) -> SafeString:
    """``{% include "_field.html" %}`` of a ``LogFilterForm`` field: a field with errors through the template, any
    other as the template's markup around ``str(field)`` (its widget)."""
    if field.errors:
        return SafeString(get_template("_field.html").render({"field": field}))
    widget = str(field)
    key = (get_language(), field.name)
    shell = _SHELLS.get(key)
    if shell is None:
        html = get_template("_field.html").render({"field": field})
        if html.count(widget) != 1:  # not to be cut around the widget for sure: the template, every time
            return SafeString(html)
        start = html.index(widget)
        shell = _SHELLS[key] = html[:start], html[start + len(widget) :]
    return SafeString(f"{shell[0]}{widget}{shell[1]}")

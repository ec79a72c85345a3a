from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from samenplan.accounts.models import User
from samenplan.cases.forms import DateInput
from samenplan.cases.models import Family
from samenplan.forms import CharField, DateField, ModelChoiceField, UtrechtFormMixin


class _ChoicesInOneQuery(ModelChoiceIterator):
    """The choices read in one plain query: ``queryset.iterator()`` opens a server-side cursor on PostgreSQL, three
    round trips for the dozen people of a reader's teams."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


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


class LogFilterForm(UtrechtFormMixin, forms.Form):
    # Type-to-find: the reader types (part of) a name and chooses from the matches they may see; the chosen family
    # travels as its id. The page never lists every family of the teams (3,000 options at a region's scale).
    family_name = CharField(
        label=_("Find a family"),
        required=False,
        max_length=100,
        help_text=_("Type (part of) the family name, then choose the family."),
    )
    family = ModelChoiceField(
        label=_("Family"), queryset=Family.objects.none(), required=False, widget=forms.HiddenInput
    )
    user = ModelChoiceField(
        label=_("User"), queryset=User.objects.none(), required=False, empty_label=_("All users"), widget=_Select
    )
    start = DateField(label=_("From"), required=False, widget=DateInput())
    end = DateField(label=_("Up to and including"), required=False, widget=DateInput())

    def __init__(self, *args, families, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family"].queryset = families
        self.fields["user"].iterator = _ChoicesInOneQuery  # before the queryset, which hands the widget its choices
        self.fields["user"].queryset = users

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end lies before the start."))
        return data

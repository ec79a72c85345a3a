from django import forms
from django.forms.models import ModelChoiceIterator
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
    user = ModelChoiceField(label=_("User"), queryset=User.objects.none(), required=False, empty_label=_("All users"))
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

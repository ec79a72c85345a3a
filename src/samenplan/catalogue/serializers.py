"""API serializers of the catalogue: the shape of input and output; the actions check the rules (catalogue/rules.py)
with the same Dutch messages as the web form."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from samenplan.api.fields import BooleanField, CharField, QueryBooleanField
from samenplan.catalogue import rules
from samenplan.catalogue.models import EvidenceLevel, HelpOffer, Intensity


class HelpOfferSerializer(serializers.ModelSerializer):
    class Meta:
        model = HelpOffer
        fields = ["id", *rules.FIELDS, "active", "changed_at", "version"]
        read_only_fields = fields


def _age(help_text):
    return serializers.IntegerField(
        min_value=rules.MIN_AGE, max_value=rules.MAX_AGE, required=False, allow_null=True, help_text=help_text
    )


class HelpOfferInputSerializer(serializers.Serializer):
    name = CharField(max_length=rules.MAX_NAME)
    description = CharField(max_length=rules.MAX_TEXT, help_text=_("What the help is, in plain words (B1)."))
    target_problems = CharField(max_length=rules.MAX_TEXT, required=False, allow_blank=True, default="")
    min_age = _age(_("From this age (0 to 27)."))
    max_age = _age(_("Up to and including this age (0 to 27)."))
    intensity = serializers.ChoiceField(choices=Intensity.choices)
    evidence_level = serializers.ChoiceField(choices=EvidenceLevel.choices, required=False, default="not_assessed")
    provider = CharField(max_length=rules.MAX_PROVIDER, required=False, allow_blank=True, default="")
    contact = CharField(max_length=rules.MAX_CONTACT, required=False, allow_blank=True, default="")
    waiting_weeks = serializers.IntegerField(
        min_value=0, max_value=rules.MAX_WAITING_WEEKS, required=False, allow_null=True
    )


class HelpOfferChangeSerializer(HelpOfferInputSerializer):
    """Only the fields sent change; ``version`` is required."""

    name = CharField(max_length=rules.MAX_NAME, required=False)
    description = CharField(max_length=rules.MAX_TEXT, required=False)
    target_problems = CharField(max_length=rules.MAX_TEXT, required=False, allow_blank=True)
    intensity = serializers.ChoiceField(choices=Intensity.choices, required=False)
    evidence_level = serializers.ChoiceField(choices=EvidenceLevel.choices, required=False)
    provider = CharField(max_length=rules.MAX_PROVIDER, required=False, allow_blank=True)
    contact = CharField(max_length=rules.MAX_CONTACT, required=False, allow_blank=True)
    active = BooleanField(required=False, help_text=_("false takes the help out of the catalogue; true puts it back."))
    version = serializers.IntegerField(min_value=1, help_text=_("The version of the help you last read."))


class CatalogueFilterSerializer(serializers.Serializer):
    q = CharField(max_length=100, required=False, allow_blank=True, help_text=_("Words in the name or description."))
    intensity = serializers.ChoiceField(choices=Intensity.choices, required=False)
    evidence_level = serializers.ChoiceField(choices=EvidenceLevel.choices, required=False)
    age = serializers.IntegerField(min_value=rules.MIN_AGE, max_value=rules.MAX_AGE, required=False,
                                   help_text=_("Only help meant for a youth of this age."))  # fmt: skip
    withdrawn = QueryBooleanField(
        required=False, default=False, help_text=_("Administrators: also help taken out of the catalogue.")
    )


class ImportInputSerializer(serializers.Serializer):
    csv = serializers.CharField(
        max_length=rules.MAX_IMPORT_BYTES, trim_whitespace=False,
        help_text=_("The CSV text: UTF-8, ; or , between the columns, the first line names the columns."),
    )  # fmt: skip
    valid_rows_only = BooleanField(
        required=False, default=False,
        help_text=_("true: import the good rows even when other rows have errors (they are skipped)."),
    )  # fmt: skip


class RowErrorSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True, help_text=_("rows[N].column, N the row number in the file."))
    row = serializers.IntegerField(allow_null=True, help_text=_("The row in the file (the first line is row 1)."))
    column = serializers.CharField(allow_null=True)
    code = serializers.CharField()
    message = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    imported = serializers.BooleanField(help_text=_("false: nothing was written."))
    added = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    skipped = serializers.IntegerField(help_text=_("Rows with errors that were left out."))
    errors = RowErrorSerializer(many=True)

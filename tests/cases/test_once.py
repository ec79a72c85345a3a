"""``{% load i18n once %}`` (cases/templatetags/once.py): a ``{% translate %}`` of a literal kept per language renders
what Django's tag renders; every other ``{% translate %}`` is Django's own node; ``{% per_language %}`` keeps its
first rendering per language until settings change."""

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.templatetags.i18n import TranslateNode
from django.test.utils import override_settings
from django.utils import translation

from samenplan.cases.templatetags.once import KeptNode

TRANSLATIONS = (
    '{% translate "Case" %}|{% trans "Family members" %}|{% translate \'Load older entries\' %}|'
    '{% translate "Dossier" noop %}|{% translate word %}|{% translate "Case" as case %}{{ case }}|'
    '{% translate "Case"|upper %}|{% translate "May" context "month name" %}|{% translate "<b> & 100%%" %}'
)


@pytest.mark.parametrize("language", ["nl", "en", "nl"])
@pytest.mark.parametrize("autoescape", [True, False])
def test_a_kept_translation_is_what_django_s_tag_renders(language, autoescape):
    django_s = Template("{% load i18n %}" + TRANSLATIONS)
    kept = Template("{% load i18n once %}" + TRANSLATIONS)
    with translation.override(language):
        for word in ("Phase", "<i>"):  # the variable's translation is not kept
            context = {"word": word}
            expected = django_s.render(Context(context, autoescape=autoescape))
            assert kept.render(Context(context, autoescape=autoescape)) == expected
            assert kept.render(Context(context, autoescape=autoescape)) == expected


def test_only_a_translation_of_a_literal_is_kept():
    nodes = Template("{% load i18n once %}" + TRANSLATIONS).nodelist
    kept = [node for node in nodes if isinstance(node, KeptNode)]
    plain = [node for node in nodes if isinstance(node, TranslateNode)]
    assert len(kept) == 5  # four literals and the noop
    assert len(plain) == 4  # the variable, "as", a filter, a message context


def test_per_language_keeps_its_first_rendering_per_language_until_settings_change():
    template = Template("{% load i18n once %}{% per_language %}{{ value }} {% translate 'Case' %}{% endper_language %}")
    with translation.override("nl"):
        assert template.render(Context({"value": 1})) == "1 Traject"
        assert template.render(Context({"value": 2})) == "1 Traject"  # kept
    with translation.override("en"):
        assert template.render(Context({"value": 3})) == "3 Case"
    with override_settings(LANGUAGE_CODE="nl"), translation.override("nl"):  # a changed setting forgets
        assert template.render(Context({"value": 4})) == "4 Traject"


def test_a_block_cannot_be_kept():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load once %}{% per_language %}{% block a %}x{% endblock %}{% endper_language %}")

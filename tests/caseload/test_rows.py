"""The dashboard's items and sections made in Python (``caseload/rows.py``) are what the templates made (the template
``caseload/_items.html`` and the loops of ``caseload/dashboard.html``), every text escaped."""

from __future__ import annotations

from datetime import date

from django.template import engines
from django.utils import translation

from samenplan.caseload.registry import Item
from samenplan.caseload.rows import items_html, sections_html
from samenplan.caseload.rules import Group

# The template the items were rendered with before (removed): the reference for the markup.
TEMPLATE = """{% load i18n %}{% translate "overdue" as overdue_word %}{% translate "waiting" as waiting_word %}\
{% for item in items %}<li class="utrecht-unordered-list__item samenplan-todo__item\
{% if item.overdue %} samenplan-todo__item--overdue{% endif %}">
  <a class="utrecht-link samenplan-todo__link" href="{{ item.url }}">{% if item.family_name %}{{ item.family_name }}\
{% else %}{{ item.text }}{% endif %}</a>{% if item.family_name %}: {{ item.text }}{% endif %}
  {% if item.overdue %}<span class="samenplan-badge samenplan-badge--overdue">{{ overdue_word }}</span>\
{% elif item.waiting %}<span class="samenplan-badge">{{ waiting_word }}</span>{% endif %}
</li>{% endfor %}
"""


def test_the_items_are_what_the_template_made_with_every_text_escaped():
    items = [
        Item("consents", "Toestemming voor 'De Linde' & <Co> loopt af", "/cases/1/#consent", 1, 7, "Smit & <Zonen>",
             due=date(2026, 1, 5), overdue=True),
        Item("consultations", "Wacht op advies van \"Femke\"", "/cases/2/analysis/?a=1&b=2#consultation", 2, 8,
             "Jansen", waiting=True),
        Item("evaluations", "Te laat en wachtend", "/evaluations/3/", 3, 9, "Bakker", overdue=True, waiting=True),
        Item("phases", "Zonder gezin <b>", "/cases/?phase=help"),
        Item("plans", "Plan versie 2", "/cases/4/plan/", 4, 10, "de Vries"),
    ]  # fmt: skip
    for language in ("nl", "en"):
        with translation.override(language):
            expected = engines["django"].from_string(TEMPLATE).render({"items": items})
            assert items_html(items) == expected
    html = items_html(items)
    assert "Smit &amp; &lt;Zonen&gt;" in html and "&#x27;De Linde&#x27; &amp; &lt;Co&gt;" in html
    assert "<Zonen>" not in html and "<b>" not in html and "<Co>" not in html


# The template the sections were rendered with before (the loops of caseload/dashboard.html, moved to Python).
SECTIONS = """{% load i18n %}<section aria-labelledby="phases-heading" class="samenplan-card samenplan-todo" \
id="phases">
  <h2 class="utrecht-heading-2" id="phases-heading">{% blocktranslate count counter=open_cases %}{{ counter }} \
open case by phase{% plural %}{{ counter }} open cases by phase{% endblocktranslate %}</h2>
  <ul class="utrecht-unordered-list samenplan-todo__list">
  {% for item in phases %}<li class="utrecht-unordered-list__item"><a class="utrecht-link" href="{{ item.url }}\
{% if team %}&amp;scope=team{% else %}&amp;scope=mine{% endif %}">{{ item.text|capfirst }}</a>: {{ item.count }}</li>
  {% empty %}<li class="utrecht-unordered-list__item">{% translate "There are no open cases here." %}</li>{% endfor %}
  </ul>
</section>
{% for group, title, items in groups %}
<section aria-labelledby="group-{{ group.key }}" class="samenplan-card samenplan-todo" id="{{ group.key }}">
  <h2 class="utrecht-heading-2" id="group-{{ group.key }}">{{ title }} <span class="utrecht-number-badge">\
{{ group.total }}<span class="samenplan-visually-hidden"> {% blocktranslate count counter=group.total %}thing to do\
{% plural %}things to do{% endblocktranslate %}</span></span>{% if group.overdue %} <span class="samenplan-badge \
samenplan-badge--overdue">{% blocktranslate count counter=group.overdue %}{{ counter }} overdue{% plural %}\
{{ counter }} overdue{% endblocktranslate %}</span>{% endif %}</h2>
  {% if group.shown %}
  <ul class="utrecht-unordered-list samenplan-todo__list">{{ items }}</ul>
  {% if group.more %}<p class="utrecht-paragraph"><a class="utrecht-link" href="?group={{ group.key }}">\
{% blocktranslate count counter=group.total with title=title %}Show all {{ counter }}: {{ title }}{% plural %}\
Show all {{ counter }}: {{ title }}{% endblocktranslate %}</a></p>{% endif %}
  {% else %}<p class="utrecht-paragraph samenplan-empty">{% translate "Nothing to do here." %}</p>{% endif %}
</section>
{% endfor %}"""


def test_the_sections_are_what_the_template_made_with_every_value_escaped():
    phases = [
        Item("phases", "aanmelding <b>", "/cases/?phase=intake&x=1", count=1),
        Item("phases", "analyse", "/cases/?phase=analysis", count=1234),
    ]
    late = Item("evaluations", "Te laat", "/evaluations/3/", 3, 9, "Bakker & <Zn>", overdue=True)
    due = Item("evaluations", "Deze week", "/evaluations/4/", 4, 10, "Jansen")
    groups = [
        Group("evaluations", [late, due, due], [late, due]),  # more than shown, one overdue
        Group("consents", [due], [due]),  # one thing to do, all shown
        Group("plans"),  # nothing to do
        Group("a<b>&c", [late, late], [late]),  # an unknown key, escaped
    ]
    for language in ("nl", "en"):
        with translation.override(language):
            for team in (False, True):
                for shown in (phases, []):
                    rows = [(group, f"Titel '{group.key}' & <zo>", items_html(group.shown)) for group in groups]
                    context = {"phases": shown, "open_cases": len(shown), "groups": rows, "team": team}
                    expected = engines["django"].from_string(SECTIONS).render(context)
                    assert sections_html(shown, len(shown), rows, team) == expected
    html = sections_html(phases, 2, [(groups[3], "<i>", "")], False)
    assert "<b>" not in html and "<i>" not in html and "a&lt;b&gt;&amp;c" in html

"""The plan page's sections, agreement rows and versions written in Python (``plans/rows.py``) are byte for byte
what the template loops they replaced rendered: the loops are kept here as they were in ``plans/plan.html``."""

from __future__ import annotations

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from samenplan.plans import actions, present, rows, rules, services
from tests.plans.factories import SAFETY, content, plan_version

XSS = "<script>alert('x')</script> & \"vet\""

SECTIONS = """{% load i18n %}{% for section in sections %}
<section class="samenplan-card samenplan-plan__section" aria-labelledby="section-{{ section.key }}">
  <h2 class="utrecht-heading-2" id="section-{{ section.key }}">{{ section.title }}</h2>
  {% include "plans/_section.html" %}
</section>
{% endfor %}"""

AGREEMENTS = """{% load i18n %}{% for member, answer in agreements %}<tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="row">{{ member }}</th><td class="utrecht-table__cell">{% if answer %}{{ answer.get_agreement_display }}{% else %}{% translate "not asked yet" %}{% endif %}</td><td class="utrecht-table__cell samenplan-own-words">{{ answer.words }}</td></tr>{% endfor %}"""  # noqa: E501

VERSIONS = """{% load i18n %}{% for v in versions %}<li class="utrecht-ordered-list__item">{% if v.number == version.number %}<strong>{% blocktranslate with number=v.number %}Version {{ number }}{% endblocktranslate %}</strong>{% else %}<a class="utrecht-link" href="{% url 'plans:plan' case.pk %}?version={{ v.number }}">{% blocktranslate with number=v.number %}Version {{ number }}{% endblocktranslate %}</a>{% endif %} – {{ v.author }}, {{ v.created_at|date:"j F Y, H:i" }}{% if v.reason %}: {{ v.reason }}{% endif %}{% if v.number > 1 %} · <a class="utrecht-link" href="{% url 'plans:compare' case.pk %}?from={{ v.number|add:'-1' }}&amp;to={{ v.number }}">{% blocktranslate with number=v.number %}what changed in version {{ number }}{% endblocktranslate %}</a>{% endif %}</li>{% endfor %}"""  # noqa: E501 RUF001


def template(text: str, **context) -> str:
    return engines["django"].from_string(text).render(context)


CONTENTS = [
    content(),
    rules.empty_content(),  # every section empty: "nothing agreed yet"
    content(safety=SAFETY, own={"text": f"{XSS}\n\n  \nTweede regel", "voice": "professional"}),
    content(
        goals=[
            {"words": XSS, "whose": "Mees", "term": "kort", "priority": 1},
            {"words": "", "priority": 2},
            {"priority": ""},
        ],
        help=[
            {"description": XSS, "provider": "Buurtteam", "contact_person": "", "starts_on": "2027-01-05"},
            {"description": "", "status": "loopt", "starts_on": "niet-een-datum", "ends_on": "2027-02-01"},
        ],
        safety={**SAFETY, "voice": "professional", "signals": ""},
        evaluation={"next_on": "", "how": XSS, "with_whom": ""},
    ),
]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("index", range(len(CONTENTS)))
def test_the_sections_are_the_templates_bytes(index, language):
    with translation.override(language):
        shown = present.sections(CONTENTS[index])
        assert str(rows.sections(shown)) == template(SECTIONS, sections=shown)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_agreement_rows_and_versions_are_the_templates_bytes(world, language):
    world.caseworker.first_name = XSS
    world.caseworker.save(update_fields=["first_name"])
    plan_version(world.caseworker, world.case)
    actions.do_new_version(world.coworker, world.case, based_on=1, content=CONTENTS[2], reason=XSS)
    newest = actions.do_new_version(world.caseworker, world.case, based_on=2, content=CONTENTS[3], reason="")
    people = services.participants(world.case)
    actions.do_record_agreement(world.caseworker, newest, member=people[0], agreement="partly", words=XSS)
    answers = services.agreement_answers(newest.pk)
    models = {a.member_id: a for a in newest.agreements.all()}
    versions = services.version_rows(world.case)
    assert [v.number for v in versions] == [3, 2, 1] and {v.newest for v in versions} == {3}
    assert versions[1].author == str(world.coworker) and versions[1].reason == XSS
    with translation.override(language):
        page = rows.agreements([(m, answers.get(m.pk)) for m in people])
        assert str(page) == template(AGREEMENTS, agreements=[(m, models.get(m.pk)) for m in people])
        assert "not asked yet" in page or "nog niet gevraagd" in page
        for shown in (1, 2, 3):
            version = {"number": shown}
            expected = template(VERSIONS, versions=versions, version=version, case=world.case)
            assert str(rows.versions(versions, shown, world.case.pk)) == expected
            assert XSS not in expected


def test_the_page_shows_the_escaped_texts(client, world):
    plan_version(world.caseworker, world.case, own={"text": XSS, "voice": "family"})
    client.force_login(world.caseworker)
    page = client.get(reverse("plans:plan", args=[world.case.pk])).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;vet&quot;" in page
    assert XSS not in page

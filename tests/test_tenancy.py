"""Every table of client data belongs to one organisation and reaches it by required foreign keys.

Sharding by organisation (Citus, docs/scaling.md "One organisation per shard") needs the organisation on every
row of client data. The tables of client data are found as retention, destruction and the inspection export find
them (privacy/graph.py): everything that hangs off a family. For each, the shortest path of foreign keys that
cannot be empty, through tables of client data, to ``accounts.Organisation`` is its organisation. A new model of
client data whose rows may exist without such a path (only nullable links) fails here; a new model with a path
fails until docs/scaling.md lists it, so the table there stays the complete list a sharding migration starts from.
"""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path

from samenplan.accounts.models import Organisation
from samenplan.cases.models import Family
from samenplan.privacy import graph
from tests.conftest import register

DOCS = Path(__file__).resolve().parent.parent / "docs" / "scaling.md"
START, END = "<!-- organisation paths: start -->", "<!-- organisation paths: end -->"


def client_models() -> set:
    """Every model whose rows hang off a family: through required links (destroyed with the family) or as a
    detached row that still names it (the export includes those)."""
    found, expanded, frontier = {Family}, set(), [Family]
    while frontier:
        current = frontier.pop(0)
        if current in expanded:
            continue
        expanded.add(current)
        for related, _name, on_delete in graph._reverse_keys(current):
            if related._meta.proxy or not related._meta.managed:
                continue
            found.add(related)
            if on_delete not in graph.DETACHING:
                frontier.append(related)
    return found


def organisation_path(model, within: set) -> str | None:
    """The shortest lookup (``case__family__organisation``) from ``model`` to its organisation along foreign
    keys that cannot be empty, through models of ``within``; None when there is none."""
    queue, seen = deque([(model, [])]), {model}
    while queue:
        current, names = queue.popleft()
        for field in current._meta.concrete_fields:
            if not field.is_relation or field.null:
                continue
            if field.related_model is Organisation:
                return "__".join([*names, field.name])
            if field.related_model in within and field.related_model not in seen:
                seen.add(field.related_model)
                queue.append((field.related_model, [*names, field.name]))
    return None


def rows() -> list[tuple[str, str, str, str]]:
    models = client_models()
    result = []
    for model in sorted(models, key=lambda m: m._meta.db_table):
        path = organisation_path(model, models) or "NONE"
        direct = "yes" if path == "organisation" else "to add"
        result.append((model._meta.db_table, model._meta.label, direct, path))
    return result


def markdown(found: list[tuple[str, str, str, str]]) -> str:
    lines = ["| table | model | `organisation_id` | path to the organisation now |", "| --- | --- | --- | --- |"]
    lines += [f"| `{table}` | {label} | {direct} | `{path}` |" for table, label, direct, path in found]
    return "\n".join(lines)


def test_every_client_table_reaches_its_organisation_by_required_foreign_keys():
    models = client_models()
    assert Family in models and len(models) > 50  # the walk found the client data, not a handful of tables
    without = [model._meta.label for model in models if organisation_path(model, models) is None]
    assert not without, f"client data that can exist without an organisation: {without}"


def test_docs_scaling_lists_every_client_table_with_its_path():
    text = DOCS.read_text()
    documented = re.search(re.escape(START) + r"\n(.*?)\n" + re.escape(END), text, re.S)
    assert documented, f"docs/scaling.md has no table between {START} and {END}"
    expected = markdown(rows())
    assert documented.group(1).strip() == expected, f"replace the table in docs/scaling.md with:\n{expected}"


def test_each_rows_path_leads_to_the_organisation_of_its_family(world):
    """On data: every row that hangs off a family of organisation O finds O by its path, for both organisations,
    and every path is a lookup the database answers."""
    register(world.outsider, world.hill, name="Visser")  # a second family of the other organisation
    models = client_models()
    paths = {model: organisation_path(model, models) for model in models}
    checked = set()
    for family in Family.objects.all():
        collected = graph.collect(Family, [family.pk], follow_detaching=True)
        for model, pks in collected.ordered():
            if not pks or model not in paths:
                continue
            rows_elsewhere = model._base_manager.filter(pk__in=pks).exclude(**{paths[model]: family.organisation_id})
            assert not rows_elsewhere.exists(), (model._meta.label, family)
            checked.add(model)
    assert len(checked) >= 5, checked  # a registered family already fills several client tables
    for model, path in paths.items():  # every row of every client table belongs to one of the two organisations
        rows_of = model._base_manager.filter
        counts = [rows_of(**{path: org.pk}).count() for org in (world.org, world.other_org)]
        assert sum(counts) == model._base_manager.count(), model._meta.label

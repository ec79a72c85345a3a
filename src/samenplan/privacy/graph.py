"""The records that hang off a family, case or member, found through the foreign-key graph.

Retention, destruction and the export walk the models' reverse foreign keys instead of a hand-made list, so the
records of every later app (clarification, goals, plans, …) are covered as soon as they point at a case, a
member or a family. A reverse key whose ``on_delete`` is SET_NULL or SET_DEFAULT does not make its rows part of
what is removed: those rows belong to something else and only lose the link (the dossier entry's speaker, the
request for destruction's family). The export follows those links too: the rows still name the member.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models

DETACHING = (models.SET_NULL, models.SET_DEFAULT)


@dataclass
class Graph:
    """Rows per model, with the depth at which each model was reached (a model reached twice keeps the deepest)."""

    rows: dict[type[models.Model], set[int]] = field(default_factory=lambda: defaultdict(set))
    depth: dict[type[models.Model], int] = field(default_factory=dict)

    def add(self, model, pks, depth: int) -> set[int]:
        new = set(pks) - self.rows[model]
        self.rows[model] |= new
        self.depth[model] = max(depth, self.depth.get(model, 0))
        return new

    def counts(self) -> dict[str, int]:
        return {model._meta.label: len(pks) for model, pks in self.ordered() if pks}

    def ordered(self, deepest_first: bool = False) -> list[tuple[type[models.Model], set[int]]]:
        items = sorted(self.rows.items(), key=lambda item: (self.depth[item[0]], item[0]._meta.label))
        return list(reversed(items)) if deepest_first else items


def _reverse_keys(model) -> list[tuple[type[models.Model], str, object]]:
    """(model, field name, on_delete) of every concrete foreign key or one-to-one field pointing at ``model``
    (hidden ones, ``related_name="+"``, included), and of the tables behind many-to-many fields on either side."""
    keys = []
    for rel in model._meta.get_fields(include_hidden=True):
        if not rel.auto_created or rel.concrete:
            continue
        if rel.many_to_many:
            keys.append(_through_key(rel.through, model))
        elif rel.one_to_many or rel.one_to_one:
            keys.append((rel.related_model, rel.field.name, rel.on_delete))
    keys.extend(_through_key(m2m.remote_field.through, model) for m2m in model._meta.many_to_many)
    return list(dict.fromkeys(keys))


def _through_key(through, model):
    fk = next(f for f in through._meta.fields if f.is_relation and f.related_model is model)
    return (through, fk.name, models.CASCADE)


def collect(model, pks, *, follow_detaching: bool = False) -> Graph:
    """Every row that hangs off the ``model`` rows ``pks``, the starting rows included."""
    graph = Graph()
    frontier = [(model, graph.add(model, pks, 0), 0)]
    while frontier:
        current, current_pks, depth = frontier.pop(0)
        if not current_pks:
            continue
        for related, name, on_delete in _reverse_keys(current):
            if related._meta.proxy or not related._meta.managed:
                continue
            if on_delete in DETACHING and not follow_detaching:
                continue
            found = related._base_manager.filter(**{f"{name}__in": current_pks}).values_list("pk", flat=True)
            new = graph.add(related, found, depth + 1)
            if new and on_delete not in DETACHING:
                frontier.append((related, new, depth + 1))
            elif new:
                # a detached row is included (the export), but what hangs off it is about something else
                continue
    return graph


def remove(graph: Graph) -> dict[str, int]:
    """Delete every row of ``graph``, deepest first; rows elsewhere that point here with SET_NULL lose the link.
    Call inside a transaction. Returns the counts per model label."""
    counts = graph.counts()
    for model, pks in graph.ordered(deepest_first=True):
        if pks:
            model._base_manager.filter(pk__in=pks).delete()
    return counts

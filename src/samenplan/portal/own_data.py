"""The family member's own data to download (JSON and PDF): the privacy app's inspection export
(``privacy.actions.member_export``, built on ``privacy/graph.py``), limited to what this member may see.

Left out: the professionals' internal records (``portal.rules.INTERNAL_MODELS``, notes not shared with the family,
draft pictures),
and for a parent a 16+ youth's own part unless the youth agrees (``portal.rules.parent_sees_youth_part``): every
row that points at that youth, at a row left out, or names only hidden youths (present, gave it). The plan's
versions are given as the member reads them in the portal (``access.plan_content_for``). Who looked at the file is
given in plain words, as on the portal's access-log page.
"""

from __future__ import annotations

from django.apps import apps
from django.template.loader import render_to_string
from django.utils import timezone

from samenplan import clock
from samenplan.cases.models import TIMELINE_DATES, Member
from samenplan.portal import access, rules

# Columns kept from other rows, left out where those rows may be: a case's last activity and last phase change are
# the times of its newest entries, an internal note's too.
DERIVED = {"cases.Case": TIMELINE_DATES}


def hidden_members(member: Member) -> set[int]:
    """The ids of the youths in the member's family whose own part this member does not see."""
    from samenplan.portal import actions

    ages = actions.portal_ages()
    sharing = access._sharing(member)
    today = timezone.localdate(clock.now())
    hidden = set()
    for child in member.family.members.filter(role="child").exclude(pk=member.pk):
        if member.role == "child":
            private = (
                child.date_of_birth is None or rules.age_on(child.date_of_birth, today) >= ages.own_part_private_from
            )
            sees = child.pk in sharing or not private
        else:
            sees = rules.parent_sees_youth_part(
                youth_date_of_birth=child.date_of_birth, on=today, youth_agrees=child.pk in sharing,
                parent_has_custody=member.has_custody, caseworker_allows=False, ages=ages,
            )  # fmt: skip
        if not sees:
            hidden.add(child.pk)
    return hidden


def _internal(label: str, row: dict, shared: set[int]) -> bool:
    fields = row["fields"]
    if label in rules.INTERNAL_MODELS:
        return True
    if label == "cases.DossierEntry":
        return rules.entry_is_internal(
            kind=fields.get("kind", ""), voice=fields.get("voice", ""), shared=row["id"] in shared
        )
    if label == "analysis.CoherentPicture":
        return rules.picture_is_internal(shared=fields.get("shared_at") is not None)
    return False


def _links(model) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(field name, target label) of the model's foreign keys, and of its many-to-many fields."""
    keys = [(f.name, f.related_model._meta.label) for f in model._meta.concrete_fields if f.is_relation]
    many = [(f.name, f.related_model._meta.label) for f in model._meta.many_to_many]
    return keys, many


def limit(member: Member, records: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """``records`` (label → rows of the inspection export) as far as ``member`` may see them."""
    member_label = Member._meta.label
    hidden = hidden_members(member)
    left_out: dict[str, set[int]] = {member_label: set(hidden)}
    shared = {row["fields"].get("entry") for row in records.get("cases.SharedEntry", [])}  # notes shared with them
    for label, rows in records.items():
        left_out.setdefault(label, set()).update(row["id"] for row in rows if _internal(label, row, shared))
    changed = True
    while changed:  # a row pointing at a row left out is left out too, until nothing changes
        changed = False
        for label, rows in records.items():
            keys, many = _links(apps.get_model(label))
            for row in rows:
                if row["id"] in left_out[label]:
                    continue
                fields = row["fields"]
                pointed = any(fields.get(name) in left_out.get(target, ()) for name, target in keys)
                named = [pk for name, target in many if target == member_label for pk in fields.get(name) or ()]
                if rules.row_is_youths_own(pointed_at_hidden=pointed, members=named, hidden=hidden):
                    left_out[label].add(row["id"])
                    changed = True
    _entries_naming_hidden_goals(records, left_out)
    limited = {}
    for label, rows in records.items():
        _keys, many = _links(apps.get_model(label))
        kept = []
        for row in rows:
            if row["id"] in left_out[label]:
                continue
            fields = {name: value for name, value in row["fields"].items() if name not in DERIVED.get(label, ())}
            for name, target in many:  # hidden youths left out of the lists of who was present, who gave it
                fields[name] = [pk for pk in fields.get(name) or () if pk not in left_out.get(target, ())]
            kept.append({**row, "fields": fields})
        if kept:
            limited[label] = kept
    return _plans_as_read(member, limited)


def _entries_naming_hidden_goals(records: dict[str, list[dict]], left_out: dict[str, set[int]]) -> None:
    """Dossier entries that quote a left-out goal (a score on it, its order) without naming its youth: left out."""
    words = {
        text
        for row in records.get("goals.Goal", [])
        if row["id"] in left_out["goals.Goal"]
        for text in (row["fields"].get("words"), row["fields"].get("professional_words"))
        if text and len(text) >= 3
    }
    if words:
        entries = left_out.setdefault("cases.DossierEntry", set())
        for row in records.get("cases.DossierEntry", []):
            if any(text in row["fields"].get("text", "") for text in words):
                entries.add(row["id"])


def _plans_as_read(member: Member, records: dict[str, list[dict]]) -> dict[str, list[dict]]:
    from samenplan.plans.models import FamilyPlan

    versions = records.get("plans.PlanVersion", [])
    if versions:
        plans = FamilyPlan.objects.select_related("case").in_bulk({row["fields"]["plan"] for row in versions})
        for row in versions:
            plan = plans.get(row["fields"]["plan"])
            if plan is not None:
                row["fields"]["content"] = access.plan_content_for(member, plan.case, row["fields"]["content"])
    return records


def own_data(member: Member) -> dict:
    """Everything the member may download about themselves and their family's cases, and who looked at it."""
    from samenplan.privacy.actions import member_export

    export = member_export(member)
    looked = [
        {
            "at": row["at"],
            "organisation": str(row["organisation"] or ""),
            "role": str(row["role"]),
            "name": row["name"],
            "what": render_to_string("portal/_kind.html", {"kind": row["kind"]}).strip(),
        }
        for row in access.plain_log_rows(access.family_log(member))
    ]
    return {
        "exported_at": export["exported_at"],
        "member": member.pk,
        "family": member.family_id,
        "records": limit(member, export["records"]),
        "looked_at_the_file": looked,
    }


def titled(records: dict[str, list[dict]]) -> list[dict]:
    """The records for the PDF: per kind of record its plain name, and per row its fields by their names."""
    sections = []
    for label, rows in records.items():
        model = apps.get_model(label)
        names = {
            f.name: str(getattr(f, "verbose_name", f.name)) for f in model._meta.get_fields() if hasattr(f, "name")
        }
        items = [
            {"id": row["id"], "fields": [(names.get(k, k), _shown(v)) for k, v in row["fields"].items()]}
            for row in rows
        ]
        sections.append({"title": str(model._meta.verbose_name_plural), "label": label, "rows": items})
    return sections


def _shown(value) -> str:
    if value is None or value == "" or value == []:
        return "-"
    if isinstance(value, list | tuple):
        return ", ".join(_shown(v) for v in value)
    if isinstance(value, dict):
        import json

        from django.core.serializers.json import DjangoJSONEncoder

        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return str(value)

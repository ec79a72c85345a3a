"""Fetching a table or agenda item for a user: the team lead of its team or one of its members; else 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from samenplan.accounts.models import Role
from samenplan.audit import log
from samenplan.ids import parse_id
from samenplan.tables.models import AgendaItem, TeamTable


def tables_of(user) -> QuerySet[TeamTable]:
    """The tables whose agenda the user sees: of a team they lead, or where they take part."""
    if not (getattr(user, "is_authenticated", False) and user.is_active and user.organisation_id):
        return TeamTable.objects.none()
    led = user.teams_with_role(Role.TEAM_LEAD)
    return TeamTable.objects.filter(
        Q(team_id__in=led) | Q(members=user), team__organisation_id=user.organisation_id
    ).distinct()


def get_table_for_user(user, table_id) -> TeamTable:
    table = tables_of(user).select_related("team").filter(pk=parse_id(table_id)).first()
    if table is None:
        log.refused(user, "table", table_id)
        raise Http404
    return table


def get_item_for_user(user, item_id) -> AgendaItem:
    item = (
        AgendaItem.objects.filter(table__in=tables_of(user), pk=parse_id(item_id))
        .select_related("table__team", "case__family")
        .first()
    )
    if item is None:
        log.refused(user, "agenda_item", item_id)
        raise Http404
    return item

"""The outcome figures of a team, for its team lead (aggregates only; the read is logged with the team id)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from samenplan.administration.access import get_led_team
from samenplan.api.errors import error_responses
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.caseload import outcomes, outcomes_rules
from samenplan.caseload.serializers import TeamOutcomesSerializer


class TeamOutcomes(GenericAPIView):
    serializer_class = TeamOutcomesSerializer

    @extend_schema(
        summary=_("The outcome figures of a team I lead"),
        description=_(
            "Closed cases by the outcome of their goals, families who came back within the reopen period, the median "
            "duration per route and decisions at participation level 4 or 5. Counts below 10 are null (shown "
            '"< 10") and their shares too.'
        ),
        parameters=[
            OpenApiParameter(
                "period",
                str,
                required=False,
                description=_("year (this year), 12m (the last 12 months, the default) or all; others: the default"),
            )
        ],
        responses={200: TeamOutcomesSerializer, **error_responses(404)},
    )
    def get(self, request: Request, team_id: int) -> Response:
        team = get_led_team(request.user, team_id)
        period = outcomes_rules.chosen_period(request.query_params.get("period"))
        [figures] = outcomes.team_outcomes([team.pk], period, timezone.localdate())
        log.record(request.user, Event.READ, "api.caseload.team_outcomes", detail=f"teams={team.pk} period={period}")
        payload = {
            **figures.__dict__,
            "period": period,
            "outcomes": [{"outcome": key, "figure": figure} for key, _label, figure in figures.outcomes],
        }
        return Response(TeamOutcomesSerializer(payload).data)

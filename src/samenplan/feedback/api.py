"""How families rate their conversations, per team, for its team lead (aggregates only; the read is logged)."""

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
from samenplan.caseload import outcomes_rules
from samenplan.feedback import services
from samenplan.feedback.serializers import TeamRatingsSerializer


class TeamRatings(GenericAPIView):
    serializer_class = TeamRatingsSerializer

    @extend_schema(
        summary=_("How families rate the conversations of a team I lead"),
        description=_(
            "The share of answers with a 9 on all three questions and the mean per question, over the conversations "
            'held in the period. Fewer than 10 answers: shown is false, everything else null (count shown "< 10").'
        ),
        parameters=[
            OpenApiParameter(
                "period",
                str,
                required=False,
                description=_("year (this year), 12m (the last 12 months, the default) or all; others: the default"),
            )
        ],
        responses={200: TeamRatingsSerializer, **error_responses(404)},
    )
    def get(self, request: Request, team_id: int) -> Response:
        team = get_led_team(request.user, team_id)
        period = outcomes_rules.chosen_period(request.query_params.get("period"))
        [found] = services.team_ratings([team.pk], period, timezone.localdate())
        log.record(request.user, Event.READ, "api.feedback.team_ratings", detail=f"teams={team.pk} period={period}")
        figure = found.figure
        payload = {"team": team, "period": period, **figure.__dict__, "count_shown": figure.count_shown}
        return Response(TeamRatingsSerializer(payload).data)

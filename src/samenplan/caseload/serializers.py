"""The outcome figures in the API: a hidden count (fewer than 10) is null, with ``shown`` "< 10"."""

from __future__ import annotations

from rest_framework import serializers


class FigureSerializer(serializers.Serializer):
    count = serializers.IntegerField(allow_null=True, help_text="null when fewer than 10 (hidden)")
    share = serializers.IntegerField(allow_null=True, help_text="a whole percentage; null when hidden")
    shown = serializers.CharField(help_text='the count as shown: a number or "< 10"')


class OutcomeRowSerializer(serializers.Serializer):
    outcome = serializers.CharField()
    figure = FigureSerializer()


class RouteRowSerializer(serializers.Serializer):
    route = serializers.CharField()
    cases = FigureSerializer()
    median_days = serializers.FloatField(allow_null=True)


class TeamOutcomesSerializer(serializers.Serializer):
    team = serializers.IntegerField(source="team.pk")
    period = serializers.CharField()
    reopen_period_days = serializers.IntegerField()
    closed = FigureSerializer()
    without_goals = FigureSerializer()
    outcomes = OutcomeRowSerializer(many=True)
    reopened = FigureSerializer()
    routes = RouteRowSerializer(many=True)
    decisions = FigureSerializer()
    high_participation = FigureSerializer()

"""The conversation ratings of a team in the API: everything null (count shown "< 10") below 10 answers."""

from __future__ import annotations

from rest_framework import serializers


class MeansSerializer(serializers.Serializer):
    understand = serializers.FloatField(help_text="effort to make the situation clear, mean 0 to 9")
    listen = serializers.FloatField(help_text="effort to hear what matters most, mean 0 to 9")
    include = serializers.FloatField(help_text="effort to take what matters most into the next steps, mean 0 to 9")


class TeamRatingsSerializer(serializers.Serializer):
    team = serializers.IntegerField(source="team.pk")
    period = serializers.CharField()
    shown = serializers.BooleanField(help_text="false when there are fewer than 10 answers: nothing else is given")
    count = serializers.IntegerField(allow_null=True, help_text="the number of answers; null when fewer than 10")
    count_shown = serializers.CharField(help_text='the count as shown: a number or "< 10"')
    top_share = serializers.IntegerField(
        allow_null=True, help_text="whole percentage of answers with 9 on all three questions; null when hidden"
    )
    means = MeansSerializer(allow_null=True, help_text="null when hidden")

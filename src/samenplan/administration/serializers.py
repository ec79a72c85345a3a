"""API serializers for the administration and the team lead's overview: shapes only; the actions check the rules."""

from __future__ import annotations

from rest_framework import serializers

from samenplan.accounts.models import Role, Team
from samenplan.administration.models import NameShown
from samenplan.api.fields import BooleanField, CharField, IdField


class TeamSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    archived = serializers.SerializerMethodField()
    people = serializers.IntegerField(read_only=True)
    open_cases = serializers.IntegerField(read_only=True)

    def get_archived(self, team) -> bool:
        return team.archived_at is not None


class TeamInputSerializer(serializers.Serializer):
    name = CharField(max_length=200)


class TeamChangeSerializer(serializers.Serializer):
    name = CharField(max_length=200, required=False)
    archived = BooleanField(required=False)


class RoleSerializer(serializers.Serializer):
    team = serializers.IntegerField(source="team_id")
    role = serializers.ChoiceField(choices=Role.choices)


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="get_full_name")
    email = serializers.CharField()
    is_active = serializers.BooleanField()
    has_password = serializers.BooleanField(source="has_usable_password")
    roles = RoleSerializer(many=True, source="memberships.all")


class GrantRoleSerializer(serializers.Serializer):
    team = IdField(queryset=Team.objects.none())
    role = serializers.ChoiceField(choices=Role.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation_id = self.context.get("organisation_id")  # none while the schema is drawn: no team fits
        self.fields["team"].queryset = Team.objects.filter(organisation_id=organisation_id)


class ActiveSerializer(serializers.Serializer):
    active = BooleanField()


class SettingsSerializer(serializers.Serializer):
    consent_youth_with_parents_from_age = serializers.IntegerField(min_value=-1000, max_value=1000)
    consent_youth_alone_from_age = serializers.IntegerField(min_value=-1000, max_value=1000)
    reopen_period_days = serializers.IntegerField(min_value=-100_000, max_value=100_000)
    inactivity_days = serializers.IntegerField(min_value=-100_000, max_value=100_000)
    name_shown_to_families = serializers.ChoiceField(choices=NameShown.choices)
    evaluation_interval_weeks = serializers.IntegerField(min_value=-100_000, max_value=100_000)
    version = serializers.IntegerField(min_value=0, max_value=2**31 - 1)


class WorkerRowSerializer(serializers.Serializer):
    worker = serializers.IntegerField(source="worker.pk")
    name = serializers.CharField(source="worker.get_full_name")
    per_phase = serializers.DictField(child=serializers.IntegerField())
    open_cases = serializers.IntegerField()
    inactive = serializers.IntegerField()
    evaluations_due = serializers.IntegerField()


class CaseRowSerializer(serializers.Serializer):
    case = serializers.IntegerField(source="case_id")
    family_name = serializers.CharField()
    caseworker = serializers.IntegerField(source="caseworker_id")
    phase = serializers.CharField()
    days_in_phase = serializers.IntegerField()
    median_days = serializers.FloatField(allow_null=True)
    last_activity = serializers.DateTimeField(allow_null=True)
    inactive = serializers.BooleanField()


class OverviewSerializer(serializers.Serializer):
    team = serializers.IntegerField(source="team.pk")
    inactivity_days = serializers.IntegerField()
    workers = WorkerRowSerializer(many=True)
    cases = CaseRowSerializer(many=True)
    medians = serializers.DictField(child=serializers.FloatField(allow_null=True))
    waiting_for_intake = serializers.ListField(child=serializers.IntegerField())

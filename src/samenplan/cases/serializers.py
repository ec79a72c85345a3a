"""API serializers: they parse and check the shape of input and render output; the actions check the rules.

Related ids in input are looked up only among what the requesting user may use (their teams, their
organisation's professionals, the members of this case's family), so an id they may not use is a field error.
"""

from __future__ import annotations

import rules as permission_rules
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from samenplan.accounts.models import Team, User, display_name
from samenplan.api.fields import BooleanField, CharField, DateField, IdField, IdListField, QueryBooleanField
from samenplan.cases import actions, rules
from samenplan.cases.actions import NOTE_VOICES
from samenplan.cases.forms import TOO_MANY_COWORKERS
from samenplan.cases.models import Case, DossierEntry, Family, Member, MemberRole, Phase, RegisteredBy
from samenplan.cases.predicates import registering_team_ids
from samenplan.intake import phases
from samenplan.intake.models import PriorHelp, ReferrerKind, Registration


class RefSerializer(serializers.Serializer):
    """A reference to a family, team, user or member: its id and how it is named."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="__str__", read_only=True)


class CaseRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Case
        fields = ["id", "phase", "opened_on", "closed_on"]
        read_only_fields = fields


class MemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = Member
        fields = [
            "id",
            "family",
            "given_name",
            "family_name",
            "date_of_birth",
            "role",
            "has_custody",
            "lives_at_home",
            "version",
        ]
        read_only_fields = fields


class MemberInputSerializer(serializers.Serializer):
    """A new family member. The combination of role, custody, home and birth date is checked by the rules."""

    given_name = CharField(max_length=100, label=_("Given name"))
    family_name = CharField(max_length=150, required=False, allow_blank=True, label=_("Family name"))
    role = serializers.ChoiceField(choices=MemberRole.choices, label=_("Role in the family"))
    date_of_birth = DateField(required=False, allow_null=True, label=_("Date of birth"))
    has_custody = BooleanField(required=False, allow_null=True, default=None, label=_("Has custody"))
    lives_at_home = BooleanField(required=False, allow_null=True, default=None, label=_("Lives at home"))

    def validate(self, attrs):
        errors = rules.member_field_errors(
            attrs.get("role", ""),
            attrs.get("has_custody"),
            attrs.get("lives_at_home"),
            attrs.get("date_of_birth"),
            timezone.localdate(),
        )
        if errors:
            raise serializers.ValidationError(
                {
                    field: serializers.ErrorDetail(str(actions.MEMBER_MESSAGES[code]()), code=code)
                    for field, code in errors.items()
                }
            )
        return attrs


class MemberChangeSerializer(serializers.Serializer):
    """A change to a member: only the fields sent change; ``version`` is the version the client last read."""

    given_name = CharField(max_length=100, required=False)
    family_name = CharField(max_length=150, required=False, allow_blank=True)
    role = serializers.ChoiceField(choices=MemberRole.choices, required=False)
    date_of_birth = DateField(required=False, allow_null=True)
    has_custody = BooleanField(required=False, allow_null=True)
    lives_at_home = BooleanField(required=False, allow_null=True)
    version = serializers.IntegerField(min_value=1, help_text=_("The version you last read; a stale one is refused."))


class FamilySerializer(serializers.ModelSerializer):
    class Meta:
        model = Family
        fields = ["id", "name", "created_at"]
        read_only_fields = fields


class FamilyDetailSerializer(serializers.ModelSerializer):
    """A family, its members and the cases the user may see (``visible_cases``, prefetched by the view)."""

    members = MemberSerializer(many=True, read_only=True)
    cases = CaseRefSerializer(many=True, read_only=True, source="visible_cases")

    class Meta:
        model = Family
        fields = ["id", "name", "created_at", "members", "cases"]
        read_only_fields = fields


class PriorHelpSerializer(serializers.ModelSerializer):
    class Meta:
        model = PriorHelp
        fields = ["agency", "kind", "period", "running", "helped"]


class IntakeTableSerializer(serializers.Serializer):
    on = DateField(label=_("Date of the intake table"))
    participants = CharField(max_length=500, required=False, allow_blank=True, default="")
    outcome = CharField(max_length=5000, required=False, allow_blank=True, default="")


class RegistrationSerializer(serializers.ModelSerializer):
    referrer_kind = serializers.ChoiceField(
        choices=ReferrerKind.choices, allow_blank=True, read_only=True, help_text=_("Empty when the family registered.")
    )
    prior_help = PriorHelpSerializer(many=True, read_only=True)
    second_worker = RefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Registration
        fields = [
            "registered_by",
            "referrer_kind",
            "referrer_name",
            "referrer_contact",
            "reason",
            "prior_help",
            "second_worker",
            "intake_table_on",
            "intake_table_participants",
            "intake_table_outcome",
        ]
        read_only_fields = fields


class RegisterFamilySerializer(serializers.Serializer):
    """A new family with its first case. ``team``, ``caseworker`` and ``coworkers`` are ids."""

    team = IdField(queryset=Team.objects.none(), label=_("Team"))
    family_name = CharField(max_length=200, label=_("Family name"))
    registered_by = serializers.ChoiceField(choices=RegisteredBy.choices, label=_("Who registered?"))
    referrer = CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("The referrer's name and organisation."),
    )
    referrer_kind = serializers.ChoiceField(
        choices=ReferrerKind.choices, required=False, allow_blank=True, default="", label=_("Kind of referrer")
    )
    referrer_contact = CharField(max_length=200, required=False, allow_blank=True, default="")
    reason = CharField(max_length=5000, label=_("Reason for registration"))
    help_already = CharField(
        max_length=5000, required=False, allow_blank=True, default="", help_text=_("Free text; prefer prior_help.")
    )
    prior_help = PriorHelpSerializer(many=True, required=False, default=list)
    second_worker = IdField(
        queryset=User.objects.none(), required=False, allow_null=True, default=None, label=_("Second worker")
    )
    intake_table = IntakeTableSerializer(required=False, allow_null=True, default=None)
    caseworker = IdField(queryset=User.objects.none(), label=_("Fixed caseworker"))
    coworkers = IdListField(
        queryset=User.objects.none(),
        max_count=rules.MAX_COWORKERS,
        too_many_message=TOO_MANY_COWORKERS,
        required=False,
        default=list,
        label=_("Second worker"),
    )
    child_protection_measure = BooleanField(required=False, default=False)
    opened_on = DateField(
        required=False,
        allow_null=True,
        default=None,
        label=_("Registration date"),
        earliest=rules.EARLIEST_REGISTRATION,
    )
    members = MemberInputSerializer(
        many=True,
        required=False,
        default=list,
        max_length=rules.MAX_MEMBERS_AT_REGISTRATION,
        error_messages={"max_length": _("Register at most {max_length} family members at once; add more afterwards.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.context.get("user")
        if user is not None:
            self.fields["team"].queryset = Team.objects.filter(
                pk__in=registering_team_ids(user), archived_at__isnull=True
            )
            workers = User.objects.filter(organisation_id=user.organisation_id, is_active=True)
            self.fields["caseworker"].queryset = workers
            self.fields["coworkers"].queryset = workers
            self.fields["second_worker"].queryset = workers


class CaseSerializer(serializers.ModelSerializer):
    family = RefSerializer(read_only=True)
    registered_by = serializers.ChoiceField(
        choices=RegisteredBy.choices, source="registration.registered_by", read_only=True
    )
    team = RefSerializer(read_only=True)
    caseworker = RefSerializer(read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "family",
            "team",
            "caseworker",
            "phase",
            "child_protection_measure",
            "registered_by",
            "opened_on",
            "closed_on",
            "version",
        ]
        read_only_fields = fields


# What a case of the API's list shows, read as plain values (``case_list_data``).
CASE_LIST_FIELDS = (
    "family_id",
    "family_name",  # the family's name as the case keeps it (Case.family_name): no join
    "team_id",
    "team__name",
    "caseworker_id",
    "caseworker__first_name",
    "caseworker__last_name",
    "caseworker__username",
    "phase",
    "child_protection_measure",
    "registration__registered_by",
    "opened_on",
    "closed_on",
    "version",
)


def case_list_data(rows) -> list[dict]:
    """What ``CaseSerializer(cases, many=True).data`` gives, for cases read as values (``pk`` and
    ``CASE_LIST_FIELDS``): the same JSON without a model instance per case and a serializer field per value (the
    API's case list, issue 14). ``tests/api/test_case_list_data.py`` holds it to ``CaseSerializer``'s output;
    ``CaseSerializer`` stays the schema's description of a case."""
    return [
        {
            "id": row["pk"],
            "family": {"id": row["family_id"], "name": row["family_name"]},
            "team": {"id": row["team_id"], "name": row["team__name"]},
            "caseworker": {
                "id": row["caseworker_id"],
                "name": display_name(
                    row["caseworker__first_name"], row["caseworker__last_name"], row["caseworker__username"]
                ),
            },
            "phase": row["phase"],
            "child_protection_measure": row["child_protection_measure"],
            "registered_by": row["registration__registered_by"],
            "opened_on": row["opened_on"].isoformat(),
            "closed_on": row["closed_on"].isoformat() if row["closed_on"] else None,
            "version": row["version"],
        }
        for row in rows
    ]


class CaseDetailSerializer(CaseSerializer):
    """One case, with what the requesting user may do with it (``context["user"]``)."""

    coworkers = RefSerializer(many=True, read_only=True)
    registration = RegistrationSerializer(read_only=True)
    next_phases = serializers.SerializerMethodField()
    can_edit = serializers.SerializerMethodField()
    can_move_phase = serializers.SerializerMethodField()
    can_assign_workers = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "registration",
            "coworkers",
            "next_phases",
            "can_edit",
            "can_move_phase",
            "can_assign_workers",
        ]
        read_only_fields = fields

    def get_next_phases(self, case: Case) -> list[str]:
        return list(phases.allowed_targets(case))

    def get_can_edit(self, case: Case) -> bool:
        return permission_rules.test_rule("cases.change_case", self.context["user"], case)

    def get_can_move_phase(self, case: Case) -> bool:
        return permission_rules.test_rule("cases.move_phase", self.context["user"], case)

    def get_can_assign_workers(self, case: Case) -> bool:
        return permission_rules.test_rule("cases.assign_workers", self.context["user"], case)


def _ref(obj) -> dict | None:
    return None if obj is None else {"id": obj.id, "name": str(obj)}


def _day(value) -> str | None:
    return value.isoformat() if value else None


def _decision(case: Case):
    """The current route decision as the case's query read it (``phases.fact_annotations``), else looked up."""
    return phases.annotated_decision(case) if hasattr(case, "decided_route") else phases.LOOK_UP


def case_detail_data(case: Case, user) -> dict:
    """What ``CaseDetailSerializer(case, context={"user": user}).data`` gives, for a case read with its family,
    team, caseworker and registration and its co-workers and the registration's prior help prefetched: the same
    JSON without a serializer field per value (the API's case detail, issue 14; DRF built and ran some forty
    fields a request). A case without a registration is left to the serializer (it leaves out the registration's
    keys). The prior help is not read when the case's query found none (``has_prior_help``), nor the route decision
    when it read it (``access.API_FACTS``). ``tests/api/test_case_list_data.py`` holds it to the serializer's
    output; ``CaseDetailSerializer`` stays the schema's description of a case."""
    try:
        registration = case.registration
    except Registration.DoesNotExist:
        registration = None
    if registration is None:
        return CaseDetailSerializer(case, context={"user": user}).data
    test = permission_rules.test_rule
    return {
        "id": case.id,
        "family": _ref(case.family),
        "team": _ref(case.team),
        "caseworker": _ref(case.caseworker),
        "phase": case.phase,
        "child_protection_measure": case.child_protection_measure,
        "registered_by": registration.registered_by,
        "opened_on": _day(case.opened_on),
        "closed_on": _day(case.closed_on),
        "version": case.version,
        "registration": {
            "registered_by": registration.registered_by,
            "referrer_kind": registration.referrer_kind,
            "referrer_name": registration.referrer_name,
            "referrer_contact": registration.referrer_contact,
            "reason": registration.reason,
            "prior_help": [
                {
                    "agency": prior.agency,
                    "kind": prior.kind,
                    "period": prior.period,
                    "running": prior.running,
                    "helped": prior.helped,
                }
                for prior in (registration.prior_help.all() if getattr(case, "has_prior_help", True) else ())
            ],
            "second_worker": _ref(registration.second_worker),
            "intake_table_on": _day(registration.intake_table_on),
            "intake_table_participants": registration.intake_table_participants,
            "intake_table_outcome": registration.intake_table_outcome,
        },
        "coworkers": [_ref(worker) for worker in case.coworkers.all()],
        "next_phases": list(phases.allowed_targets(case, decision=_decision(case))),
        "can_edit": test("cases.change_case", user, case),
        "can_move_phase": test("cases.move_phase", user, case),
        "can_assign_workers": test("cases.assign_workers", user, case),
    }


class WorkersSerializer(serializers.Serializer):
    """Who works with the family: one fixed caseworker and any co-workers, professionals of the case's team."""

    caseworker = IdField(queryset=User.objects.none(), label=_("Fixed caseworker"))
    coworkers = IdListField(
        queryset=User.objects.none(),
        max_count=rules.MAX_COWORKERS,
        too_many_message=TOO_MANY_COWORKERS,
        required=False,
        default=list,
        label=_("Co-workers"),
    )
    version = serializers.IntegerField(min_value=1, help_text=_("The version of the case you last read."))
    note = CharField(max_length=5000, required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.context.get("case")
        if case is not None:
            workers = User.objects.filter(organisation_id=case.family.organisation_id, is_active=True)
            self.fields["caseworker"].queryset = workers
            self.fields["coworkers"].queryset = workers


class CaseFilterSerializer(serializers.Serializer):
    q = CharField(max_length=100, required=False, allow_blank=True, help_text=_("Part of the family name."))
    phase = serializers.ChoiceField(choices=Phase.choices, required=False)
    mine = QueryBooleanField(
        required=False, default=False, help_text=_("Only cases where I am the caseworker or a co-worker.")
    )


class MovePhaseSerializer(serializers.Serializer):
    # Phase values without labels: the schema names this set TargetEnum, apart from the model's PhaseEnum.
    target = serializers.ChoiceField(choices=rules.PHASE_ORDER, help_text=_("The phase the case moves to."))
    version = serializers.IntegerField(min_value=1, help_text=_("The version of the case you last read."))
    note = CharField(max_length=5000, required=False, allow_blank=True, default="")


class EntrySerializer(serializers.ModelSerializer):
    author = RefSerializer(read_only=True)
    speaker = RefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = DossierEntry
        fields = ["id", "at", "kind", "voice", "speaker", "author", "text"]
        read_only_fields = fields


class NoteSerializer(serializers.Serializer):
    """A note on the timeline. With ``voice`` "family", ``speaker`` may name the member who said it."""

    text = CharField(max_length=10000, label=_("What was said or done"))
    voice = serializers.ChoiceField(choices=[(v.value, v.label) for v in NOTE_VOICES], label=_("Whose words?"))
    speaker = IdField(queryset=Member.objects.none(), required=False, allow_null=True, default=None, label=_("Said by"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        family = self.context.get("family")
        if family is not None:
            self.fields["speaker"].queryset = family.members.all()

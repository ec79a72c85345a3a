"""The family's proposals: a parent or youth proposes their question, a goal or an own solution in their own words;
the caseworker takes it into the record of the app that owns it (through that app's action), or declines it with
a reason the family reads. And "seen": how far the case's professionals have read what the family wrote.

Every write here: one transaction, the case locked, a dossier entry and an access-log record in it."""

from __future__ import annotations

import rules as permission_rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samenplan import clock
from samenplan.accounts.models import User
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases.actions import add_entry, lock_case
from samenplan.cases.models import Case, DossierEntry, EntryKind, Member, MemberRole, Voice
from samenplan.errors import check_version
from samenplan.portal import rules
from samenplan.portal.access import acts_as
from samenplan.portal.models import FamilyInputSeen, Proposal, ProposalKind, ProposalStatus


def _require_editor(actor: User, case: Case) -> None:
    if not permission_rules.test_rule("cases.change_case", actor, case):
        raise PermissionDenied


def _words_errors(words: str, field: str, missing: str) -> dict:
    code = rules.proposal_words_refusal(words)
    if code == rules.WORDS_MISSING:
        return {field: ValidationError(missing, code=code)}
    if code == rules.WORDS_TOO_LONG:
        return {
            field: ValidationError(
                _("This text is too long: at most %(max)s characters.") % {"max": rules.PROPOSAL_MAX}, code=code
            )
        }
    return {}


PROPOSED_TEXTS = {
    ProposalKind.QUESTION: gettext_noop("%(name)s proposes their question, in their own words:"),
    ProposalKind.GOAL: gettext_noop("%(name)s proposes a goal, in their own words:"),
    ProposalKind.OWN_SOLUTION: gettext_noop("%(name)s proposes an own solution, in their own words:"),
}


def do_propose(user: User, member: Member, case: Case, *, kind: str, words: str) -> Proposal:
    """The family member proposes, for themselves, in their own words. The family's voice in the dossier, the
    family member as the actor in the access log."""
    if not acts_as(user, member) or case.family_id != member.family_id:
        raise PermissionDenied
    errors = _words_errors(words, "words", _("Write it down in your own words."))
    if kind not in ProposalKind.values:
        errors["kind"] = ValidationError(_("Choose a question, a goal or an own solution."), code="invalid_choice")
    if errors:
        raise ValidationError(errors)
    words = words.strip()
    with transaction.atomic():
        locked = lock_case(case)
        if not locked.is_open:
            raise ValidationError(_("This case is closed. Ask your contact person."), code="closed")
        proposal = Proposal.objects.create(
            case=locked, member=member, author=user, kind=kind, words=words, proposed_at=clock.now()
        )
        with translation.override(settings.LANGUAGE_CODE):
            heading = _(PROPOSED_TEXTS[kind]) % {"name": member}
        add_entry(locked, user, EntryKind.PORTAL, f"{heading}\n{words}", voice=Voice.FAMILY, speaker=member)
        log.record(user, Event.CREATE, "portal.propose", case=locked, member=member, detail=f"proposal={proposal.pk}")
    return proposal


def _locked_open(proposal: Proposal, expected_version) -> Proposal:
    locked = Proposal.objects.select_for_update().select_related("member").get(pk=proposal.pk)
    check_version(locked, expected_version)
    if not locked.is_open:
        raise ValidationError(
            _("Someone already decided on this proposal. Look at the list again."), code="already_decided"
        )
    return locked


def _own_solution_line(proposal: Proposal) -> str:
    """How an own solution stands in the plan: the family's words unchanged, after who proposed it."""
    return _("%(name)s, in their own words (proposed in the family portal): %(words)s") % {
        "name": proposal.member,
        "words": proposal.words,
    }


def _take_own_solution(actor: User, case: Case, proposal: Proposal):
    """A new version of the family plan with the own solution added to "what we do ourselves"."""
    from samenplan.plans import actions as plan_actions
    from samenplan.plans import rules as plan_rules
    from samenplan.plans.models import FamilyPlan

    plan = FamilyPlan.objects.filter(case=case).first()
    current = plan.versions.get(number=plan.version) if plan is not None and plan.version else None
    content = plan_rules.normalise(current.content if current else plan_rules.empty_content())
    with translation.override(settings.LANGUAGE_CODE):
        line = _own_solution_line(proposal)
        reason = _("An own solution of %(name)s, proposed in the family portal.") % {"name": proposal.member}
    own = content[plan_rules.OWN]
    own["text"] = f"{own['text']}\n{line}".strip() if own["text"] else line
    if len(own["text"]) > plan_rules.TEXT_MAX:
        raise ValidationError(
            _('The plan\'s part "what we do ourselves" would become too long. Shorten it in the plan first.'),
            code="too_long",
        )
    return plan_actions.do_new_version(
        actor, case, based_on=current.number if current else 0, content=content, reason=reason
    )


def do_take_proposal(actor: User, proposal: Proposal, *, expected_version) -> Proposal:
    """Take the proposal into the record, in the family's words unchanged, through the owning app's action: a
    question becomes the proposer's clarified question (intake), a goal a goal (goals; a youth's goal is their own),
    an own solution a line in the plan's "what we do ourselves" (a new plan version)."""
    from samenplan.goals import actions as goal_actions
    from samenplan.goals.models import Whose
    from samenplan.intake import actions as intake_actions

    case = proposal.case
    _require_editor(actor, case)
    with transaction.atomic():
        locked_case = lock_case(case)
        locked = _locked_open(proposal, expected_version)
        member = locked.member
        if locked.kind == ProposalKind.QUESTION:
            [locked.clarification] = intake_actions.do_clarify(
                actor, locked_case, participants=[{"member": member, "help_question": locked.words}]
            )
        elif locked.kind == ProposalKind.GOAL:
            youth = member.role == MemberRole.CHILD
            locked.goal = goal_actions.do_add_goal(
                actor,
                locked_case,
                words=locked.words,
                whose=Whose.MEMBER if youth else Whose.FAMILY,
                member=member if youth else None,
            )
        else:
            locked.plan_version = _take_own_solution(actor, locked_case, locked)
        locked.status = ProposalStatus.TAKEN
        locked.decided_by, locked.decided_at = actor, clock.now()
        locked.version += 1
        locked.save(
            update_fields=["status", "decided_by", "decided_at", "goal", "clarification", "plan_version", "version"]
        )
        with translation.override(settings.LANGUAGE_CODE):
            text = _("The %(kind)s that %(name)s proposed in the family portal is taken in, in their own words.") % {
                "kind": locked.get_kind_display(),
                "name": member,
            }
        add_entry(locked_case, actor, EntryKind.PORTAL, text, voice=Voice.SYSTEM, speaker=member)
        log.record(actor, Event.CHANGE, "portal.take_proposal", case=locked_case, detail=f"proposal={locked.pk}")
    return locked


def do_decline_proposal(actor: User, proposal: Proposal, *, reason: str, expected_version) -> Proposal:
    """Do not take the proposal in, with a reason the family reads in the portal."""
    case = proposal.case
    _require_editor(actor, case)
    if errors := _words_errors(reason, "reason", _("Write down why, for the family: they read it.")):
        raise ValidationError(errors)
    with transaction.atomic():
        locked_case = lock_case(case)
        locked = _locked_open(proposal, expected_version)
        locked.status = ProposalStatus.DECLINED
        locked.decline_reason = reason.strip()
        locked.decided_by, locked.decided_at = actor, clock.now()
        locked.version += 1
        locked.save(update_fields=["status", "decline_reason", "decided_by", "decided_at", "version"])
        with translation.override(settings.LANGUAGE_CODE):
            text = _("The %(kind)s that %(name)s proposed is not taken in. Why: %(reason)s") % {
                "kind": locked.get_kind_display(),
                "name": locked.member,
                "reason": locked.decline_reason,
            }
        add_entry(locked_case, actor, EntryKind.PORTAL, text, voice=Voice.PROFESSIONAL, speaker=locked.member)
        log.record(actor, Event.CHANGE, "portal.decline_proposal", case=locked_case, detail=f"proposal={locked.pk}")
    return locked


def do_mark_family_input_seen(actor: User, case: Case, *, up_to: int) -> FamilyInputSeen:
    """The case's professionals have read what the family wrote up to entry ``up_to`` (the newest the page
    showed: what arrived after it stays new). The mark never moves back."""
    _require_editor(actor, case)
    with transaction.atomic():
        locked = lock_case(case)
        newest = (
            DossierEntry.objects.filter(case=locked, pk__lte=up_to, author__family_account__isnull=False)
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        ) or 0
        mark, _created = FamilyInputSeen.objects.select_for_update().get_or_create(
            case=locked, defaults={"seen_by": actor, "seen_at": clock.now(), "up_to_entry": 0}
        )
        mark.up_to_entry = rules.seen_up_to(mark.up_to_entry, newest)
        mark.seen_by, mark.seen_at = actor, clock.now()
        mark.save(update_fields=["up_to_entry", "seen_by", "seen_at"])
        log.record(actor, Event.CHANGE, "portal.family_input_seen", case=locked, detail=f"up_to={mark.up_to_entry}")
    return mark

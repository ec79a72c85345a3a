"""Every write of evaluating, closing and reopening goes through here (DOMAIN §3.8, §3.9).

Each action checks everything first (a precise Dutch error per field, nothing half-saved), then writes in one
transaction on the locked case: the record, entries on the case's timeline (the family's words as theirs) and the
access-log record. Scale scores given at an evaluation go through ``goals.actions.add_scores`` (the same scores
and timeline entries as ``do_add_score``, saved together) so the goal's chart gains the points;
the phase moves (closing, reopening) through ``cases.actions.move_phase``. Views, the API, the demo and tests call
these.
"""

from __future__ import annotations

from datetime import date

import rules as permission_rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samenplan import clock, prepared
from samenplan.accounts.models import Role, User
from samenplan.administration.services import settings_for
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases.actions import add_entries, add_entry, lock_case, move_phase, new_entry
from samenplan.cases.models import Case, EntryKind, Member, Phase, RegisteredBy, Voice
from samenplan.decisions.models import HelpDeployment, HelpStatus
from samenplan.errors import StaleVersion, check_version
from samenplan.evaluations import rules
from samenplan.evaluations.models import (
    Closing,
    ClosingGoal,
    ClosingReason,
    Evaluation,
    GoalOutcome,
    Outcome,
    Reopening,
)
from samenplan.goals import actions as goal_actions
from samenplan.goals.models import Goal, GoalStatus
from samenplan.intake import phases
from samenplan.intake.models import Registration

TEXT_MAX = 5000


def _require_worker(actor: User, case: Case, *, open_case: bool = True) -> None:
    """The case's caseworker and co-workers (``cases.move_phase``); a closed case refuses with a Dutch message."""
    if not permission_rules.test_rule("cases.move_phase", actor, case):
        raise PermissionDenied
    if open_case and not case.is_open:
        raise ValidationError(
            {
                "__all__": ValidationError(
                    _("This case is closed. Reopen it first to evaluate or change it."), code="case_closed"
                )
            }
        )


def _error(errors: dict, field: str, message: str, code: str) -> None:
    errors.setdefault(field, ValidationError(message, code=code))


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _text(value) -> str:
    return str(value or "").strip()


def _today() -> date:
    return timezone.localdate(clock.now())


def _entry(locked: Case, actor: User, kind: str, text: str, *, voice: str = Voice.PROFESSIONAL) -> None:
    add_entry(locked, actor, kind, text, voice=voice)


# ── Planning an evaluation ──────────────────────────────────────────────────────────────────────────────────


def do_plan_evaluation(
    actor: User, case: Case, *, planned_on: date | None, how: str = "", with_whom: str = ""
) -> Evaluation:
    """Plan an evaluation ahead (the plan's evaluation agreements: date, how, with whom)."""
    _require_worker(actor, case)
    errors: dict[str, ValidationError] = {}
    if planned_on is None:
        _error(errors, "planned_on", _("Give the date of the evaluation."), "required")
    elif planned_on < _today():
        _error(errors, "planned_on", _("This date lies in the past. Plan the evaluation from today."), "past")
    _raise(errors)
    with transaction.atomic():
        locked = lock_case(case)
        evaluation = Evaluation.objects.create(
            case=locked,
            planned_on=planned_on,
            how=_text(how)[:200],
            with_whom=_text(with_whom)[:300],
            author=actor,
            recorded_at=clock.now(),
        )
        with translation.override(settings.LANGUAGE_CODE):
            text = _("Evaluation planned on %(date)s.") % {"date": planned_on.strftime("%d-%m-%Y")}
            if evaluation.how:
                text += " " + _("How: %(how)s.") % {"how": evaluation.how}
            if evaluation.with_whom:
                text += " " + _("With: %(who)s.") % {"who": evaluation.with_whom}
        _entry(locked, actor, EntryKind.EVALUATION, text)
        log.record(actor, Event.CREATE, "evaluations.plan", case=locked, detail=f"evaluation={evaluation.pk}")
    return evaluation


# ── Holding an evaluation ───────────────────────────────────────────────────────────────────────────────────


def _check_scores(errors: dict, actor: User, case: Case, scores) -> list[dict]:
    """Every score: a goal of this case, a family member or a professional of the case, 0 to 10. The actor passed
    ``_require_worker`` (the caseworker or a co-worker), so asks no query when they score as the professional."""
    professionals: dict = {actor.pk: True}  # pk → is a professional of the case
    checked = []
    for i, item in enumerate(scores or ()):
        goal, member, professional, score = (item.get(k) for k in ("goal", "member", "professional", "score"))
        if not isinstance(goal, Goal) or goal.case_id != case.pk:
            _error(errors, f"scores[{i}].goal", _("Choose a goal of this case."), "unknown_goal")
        if not rules.on_scale(score):
            message = _("The score is a whole number from 0 (the worst moment) to 10 (goal reached).")
            _error(errors, f"scores[{i}].score", message, "range")
        if (member is None) == (professional is None):
            message = _("Choose who gives the score: a family member or the professional.")
            _error(errors, f"scores[{i}].scorer", message, "required")
        elif (member is not None and (not isinstance(member, Member) or member.family_id != case.family_id)) or (
            professional is not None and not _is_professional(professionals, case, professional)
        ):
            _error(
                errors,
                f"scores[{i}].scorer",
                _("Choose a member of this family or a professional of this case."),
                "scorer",
            )
        checked.append({"goal": goal, "member": member, "professional": professional, "score": score})
    return checked


def _is_professional(known: dict, case: Case, user) -> bool:
    pk = getattr(user, "pk", None)
    if pk not in known:
        known[pk] = goal_actions.is_case_professional(case, user)
    return known[pk]


def _end_help(locked: Case, on: date) -> int:
    """End the running help of the case (and stop what had not started yet); returns how many."""
    now = clock.now()
    count = 0
    for deployment in HelpDeployment.objects.select_for_update().filter(
        case=locked, status__in=(HelpStatus.PLANNED, HelpStatus.WAITING, HelpStatus.RUNNING)
    ):
        deployment.status = HelpStatus.ENDED if deployment.status == HelpStatus.RUNNING else HelpStatus.STOPPED
        if deployment.ends_on is None or deployment.ends_on > on:
            deployment.ends_on = max(on, deployment.starts_on) if deployment.starts_on else on
        deployment.changed_at, deployment.version = now, deployment.version + 1
        deployment.save(update_fields=["status", "ends_on", "changed_at", "version"])
        count += 1
    return count


def do_hold_evaluation(
    actor: User,
    case: Case,
    *,
    held_on: date | None,
    outcome: str,
    evaluation: Evaluation | None = None,
    expected_version=None,
    helps: str = "",
    should_change: str = "",
    situation_changed: bool = False,
    situation_words: str = "",
    outcome_reason: str = "",
    adjustment: str = "",
    conversation_went: str = "",
    open_questions: str = "",
    how: str = "",
    with_whom: str = "",
    scores=(),
) -> Evaluation:
    """Hold an evaluation with the family (§3.8): a planned one (``evaluation`` with its version) or one now.

    Records the family's experience of the help in their own words, whether the situation or the question changed,
    scale scores per goal (``scores``: {"goal", "member" or "professional", "score"}, through the goals step so
    the charts gain the points), how the conversation went, and the outcome: continue, adjust (``adjustment`` says
    what changes; the page then opens the family plan for its new version: ``plans.services.adjustment_reason``)
    or end (the running help ends).
    """
    _require_worker(actor, case)
    errors: dict[str, ValidationError] = {}
    if evaluation is not None and evaluation.case_id != case.pk:
        raise PermissionDenied
    if evaluation is not None and evaluation.is_held:
        _error(errors, "__all__", _("This evaluation was held already."), "held")
    if held_on is None:
        _error(errors, "held_on", _("Give the date of the evaluation."), "required")
    elif held_on > _today():
        _error(errors, "held_on", _("This date lies in the future."), "future")
    if outcome not in Outcome.values:
        _error(errors, "outcome", _("Choose: continue, adjust or end the help."), "invalid_choice")
    elif rules.adjust_needs_changes(outcome, _text(adjustment)):
        message = _("Say what changes in the goals or the help. Without changes, choose continue.")
        _error(errors, "adjustment", message, "adjust_without_changes")
    if situation_changed and not _text(situation_words):
        _error(errors, "situation_words", _("Say what changed in the situation or the question."), "required")
    checked = _check_scores(errors, actor, case, scores)
    _raise(errors)
    with transaction.atomic():
        locked = lock_case(case)
        if evaluation is not None:
            evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
            check_version(evaluation, expected_version)
            if evaluation.is_held:
                raise StaleVersion()
        else:
            evaluation = Evaluation(case=locked, author=actor, version=0)
        values = {
            "helps": _text(helps),
            "should_change": _text(should_change),
            "situation_changed": bool(situation_changed),
            "situation_words": _text(situation_words) if situation_changed else "",
            "outcome": outcome,
            "outcome_reason": _text(outcome_reason),
            "adjustment": _text(adjustment) if outcome == Outcome.ADJUST else "",
            "conversation_went": _text(conversation_went),
            "open_questions": _text(open_questions),
        }
        for field, value in values.items():
            setattr(evaluation, field, value)
        if _text(how):
            evaluation.how = _text(how)[:200]
        if _text(with_whom):
            evaluation.with_whom = _text(with_whom)[:300]
        evaluation.held_on, evaluation.held_by = held_on, actor
        evaluation.recorded_at, evaluation.version = clock.now(), evaluation.version + 1
        held_now = evaluation.pk is None
        if not held_now:
            evaluation.save()
        # The scores (as goals.actions.add_scores saves them), their entries and the evaluation's
        scores = goal_actions.new_scores(actor, checked, scored_on=held_on)
        entries = [goal_actions.score_entry(locked, actor, record) for record in scores]
        ended = _end_help(locked, held_on) if outcome == Outcome.END else 0
        entries += _evaluation_entries(locked, actor, evaluation, len(checked), ended)
        # saved in one statement on PostgreSQL (one round trip instead of three); otherwise each INSERT compiled
        # once per connection
        groups = ([evaluation] if held_now else [], scores, entries)
        if not prepared.insert_together(*(group for group in groups if group)):
            if held_now:
                prepared.insert(evaluation)
            prepared.insert_many(scores)
            add_entries(entries)
        # One record of the whole conversation: the scores are part of it, their goals named in its detail.
        detail = f"evaluation={evaluation.pk} outcome={outcome} scores={len(checked)}"
        if checked:
            detail += " goals=" + ",".join(str(pk) for pk in dict.fromkeys(item["goal"].pk for item in checked))
        log.record(actor, Event.CREATE, "evaluations.hold", case=locked, detail=detail)
    return evaluation


def _evaluation_entries(locked: Case, actor: User, evaluation: Evaluation, scores: int, ended: int) -> list:
    """The family's words and the professional's record of the evaluation, as timeline entries not saved yet."""
    with translation.override(settings.LANGUAGE_CODE):
        family = []
        if evaluation.helps:
            family.append(_("Does the help help? %(text)s") % {"text": evaluation.helps})
        if evaluation.should_change:
            family.append(_("What should change? %(text)s") % {"text": evaluation.should_change})
        lines = [
            _("Evaluation held on %(date)s. Outcome: %(outcome)s.")
            % {"date": evaluation.held_on.strftime("%d-%m-%Y"), "outcome": evaluation.get_outcome_display()}
        ]
        if evaluation.outcome_reason:
            lines.append(_("Why: %(text)s") % {"text": evaluation.outcome_reason})
        if evaluation.adjustment:
            lines.append(_("What changes: %(text)s") % {"text": evaluation.adjustment})
        if evaluation.situation_changed:
            lines.append(_("The situation or the question changed: %(text)s") % {"text": evaluation.situation_words})
        if scores:
            lines.append(_("Scale scores given: %(count)s.") % {"count": scores})
        if ended:
            lines.append(_("Help ended: %(count)s.") % {"count": ended})
        if evaluation.conversation_went:
            lines.append(_("How the conversation went: %(text)s") % {"text": evaluation.conversation_went})
        if evaluation.open_questions:
            lines.append(_("Open questions: %(text)s") % {"text": evaluation.open_questions})
    entries = []
    if family:
        entries.append(new_entry(locked, actor, EntryKind.EVALUATION, "\n".join(family), voice=Voice.FAMILY))
    entries.append(new_entry(locked, actor, EntryKind.EVALUATION, "\n".join(lines), voice=Voice.PROFESSIONAL))
    return entries


# ── Closing ─────────────────────────────────────────────────────────────────────────────────────────────────


def closing_goals(case: Case) -> list[Goal]:
    """The goals that get an outcome at closing: every goal that was not dropped, in priority order."""
    return list(case.goals.exclude(status=GoalStatus.DROPPED).order_by("position", "pk"))


def do_close_case(
    actor: User,
    case: Case,
    *,
    reason: str,
    expected_version=None,
    reason_other: str = "",
    family_view: str = "",
    other_help: str = "",
    goal_outcomes=(),
    aftercare_what: str = "",
    aftercare_until: date | None = None,
    aftercare_contact: str = "",
) -> Closing:
    """Close the case (§3.9): the reason, the outcome of every goal, the family's view in their words and the
    aftercare agreements (what, until when, who to call). The running help ends; the case moves to closed."""
    _require_worker(actor, case)
    errors: dict[str, ValidationError] = {}
    if reason not in ClosingReason.values:
        _error(errors, "reason", _("Choose the reason for closing."), "required" if not reason else "invalid_choice")
    elif rules.closing_needs_text(reason, _text(reason_other)):
        _error(errors, "reason_other", _("Write down the reason in words."), "required")
    if rules.closing_needs_other_help(reason, _text(other_help)):
        _error(
            errors,
            "other_help",
            _("The family does not manage without youth care yet: write down which other help you discussed."),
            "required",
        )
    goals = {g.pk: g for g in closing_goals(case)}
    given: dict[int, str] = {}
    for i, item in enumerate(goal_outcomes or ()):
        goal, outcome = item.get("goal"), item.get("outcome")
        if not isinstance(goal, Goal) or goal.pk not in goals:
            _error(errors, f"goal_outcomes[{i}].goal", _("Choose a goal of this case."), "unknown_goal")
        elif outcome not in GoalOutcome.values:
            _error(
                errors,
                f"goal_outcomes[{i}].outcome",
                _("Choose reached, partly reached or not reached."),
                "invalid_choice",
            )
        else:
            given[goal.pk] = outcome
    missing = [pk for pk in goals if pk not in given]
    if missing and not any(k.startswith("goal_outcomes") for k in errors):
        _error(errors, "goal_outcomes", _("Give the outcome of every goal."), "required")
    if aftercare_until is not None and aftercare_until < _today():
        _error(errors, "aftercare_until", _("This date lies in the past."), "past")
    if (aftercare_until or _text(aftercare_contact)) and not _text(aftercare_what):
        _error(errors, "aftercare_what", _("Say what the aftercare is."), "required")
    _raise(errors)
    with transaction.atomic():
        locked = lock_case(case)
        check_version(locked, expected_version)
        with translation.override(settings.LANGUAGE_CODE):
            reason_label = str(ClosingReason(reason).label)
            note = _("Reason for closing: %(reason)s") % {"reason": reason_label}
            if _text(reason_other):
                note += f" ({_text(reason_other)})"
        move_phase(actor, locked, Phase.CLOSED, phases.facts_for(locked, reason=note), note=note)
        ended = _end_help(locked, locked.closed_on)
        closing = Closing.objects.create(
            case=locked,
            closed_on=locked.closed_on,
            reason=reason,
            reason_other=_text(reason_other),
            family_view=_text(family_view),
            other_help=_text(other_help),
            aftercare_what=_text(aftercare_what),
            aftercare_until=aftercare_until,
            aftercare_contact=_text(aftercare_contact)[:300],
            author=actor,
            recorded_at=clock.now(),
        )
        ClosingGoal.objects.bulk_create(
            ClosingGoal(closing=closing, goal=goals[pk], outcome=outcome) for pk, outcome in given.items()
        )
        _closing_entries(locked, actor, closing, [(goals[pk], outcome) for pk, outcome in given.items()], ended)
        log.record(
            actor, Event.CHANGE, "evaluations.close", case=locked, detail=f"closing={closing.pk} reason={reason}"
        )
    return closing


def _closing_entries(locked: Case, actor: User, closing: Closing, outcomes, ended: int) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            _("Case closed on %(date)s. Reason: %(reason)s.")
            % {"date": closing.closed_on.strftime("%d-%m-%Y"), "reason": closing.get_reason_display()}
        ]
        if closing.reason_other:
            lines.append(closing.reason_other)
        if closing.other_help:
            lines.append(_("Other help discussed: %(help)s") % {"help": closing.other_help})
        for goal, outcome in outcomes:
            lines.append(_("Goal: %(goal)s: %(outcome)s.") % {"goal": goal, "outcome": GoalOutcome(outcome).label})
        if closing.aftercare_what:
            lines.append(_("Aftercare: %(what)s.") % {"what": closing.aftercare_what})
            if closing.aftercare_until:
                lines.append(_("Until: %(date)s.") % {"date": closing.aftercare_until.strftime("%d-%m-%Y")})
            if closing.aftercare_contact:
                lines.append(_("Who to call: %(who)s.") % {"who": closing.aftercare_contact})
        if ended:
            lines.append(_("Help ended: %(count)s.") % {"count": ended})
        view = _("The family's view of the help: %(text)s") % {"text": closing.family_view}
    if closing.family_view:
        _entry(locked, actor, EntryKind.CLOSING, view, voice=Voice.FAMILY)
    _entry(locked, actor, EntryKind.CLOSING, "\n".join(lines))


# ── Reopening ───────────────────────────────────────────────────────────────────────────────────────────────


def reopen_period_days(case: Case) -> int:
    """The organisation's period within which a closed case reopens (``reopen_period_days``, default 180)."""
    return settings_for(case.team.organisation_id).reopen_period_days


def may_reopen(case: Case, today: date | None = None) -> bool:
    return rules.reopen_allowed(case.closed_on, today or _today(), days=reopen_period_days(case))


def _check_return(case: Case, reason: str) -> dict:
    errors: dict[str, ValidationError] = {}
    if case.is_open:
        _error(errors, "__all__", _("This case is not closed."), "not_closed")
    if not _text(reason):
        _error(errors, "reason", _("Write down why the family comes back."), "required")
    return errors


def do_reopen(actor: User, case: Case, *, reason: str, expected_version=None) -> Reopening:
    """Reopen a closed case within the organisation's period: the same case continues with its whole history,
    back to clarifying the question, with a reopening entry on the timeline. After the period: refused (register
    the family again with :func:`do_register_return`)."""
    _require_worker(actor, case, open_case=False)
    errors = _check_return(case, reason)
    if not case.is_open and not may_reopen(case):
        until = rules.reopen_until(case.closed_on, days=reopen_period_days(case))
        message = _(
            "This case was closed on %(closed)s; it could be reopened until %(until)s. Register the family again: "
            "the new case is linked to this one."
        ) % {"closed": case.closed_on.strftime("%d-%m-%Y"), "until": until.strftime("%d-%m-%Y")}
        _error(errors, "__all__", message, "reopen_period_over")
    _raise(errors)
    with transaction.atomic():
        locked = lock_case(case)
        check_version(locked, expected_version)
        closing = Closing.objects.filter(case=locked).order_by("-closed_on", "-pk").first()
        with translation.override(settings.LANGUAGE_CODE):
            note = _("Reopened: %(reason)s") % {"reason": _text(reason)}
        move_phase(actor, locked, Phase.CLARIFICATION, phases.facts_for(locked), note=note)
        reopening = Reopening.objects.create(
            case=locked, closing=closing, reason=_text(reason), author=actor, recorded_at=clock.now()
        )
        with translation.override(settings.LANGUAGE_CODE):
            text = _("The case is reopened; its history stays. Why the family comes back: %(reason)s") % {
                "reason": reopening.reason
            }
        _entry(locked, actor, EntryKind.REOPENING, text)
        log.record(actor, Event.CHANGE, "evaluations.reopen", case=locked, detail=f"reopening={reopening.pk}")
    return reopening


def do_register_return(actor: User, case: Case, *, reason: str) -> Reopening:
    """After the reopen period: a new case for the same family, linked to the closed one (``previous_case``).

    The new case starts at registration, with the same team; its caseworker is the actor."""
    _require_worker(actor, case, open_case=False)
    errors = _check_return(case, reason)
    if not case.is_open and may_reopen(case):
        _error(errors, "__all__", _("This case can still be reopened; reopen it instead."), "reopen_instead")
    if case.team.archived_at is not None:
        _error(errors, "__all__", _("This team is archived: it takes no new cases."), "archived")
    if case.team_id not in actor.teams_with_role(Role.PROFESSIONAL):
        raise PermissionDenied
    _raise(errors)
    with transaction.atomic():
        old = lock_case(case)
        new = Case.objects.create(
            family_id=old.family_id,
            team_id=old.team_id,
            caseworker=actor,
            child_protection_measure=old.child_protection_measure,
            opened_on=_today(),
        )
        Registration.objects.create(case=new, registered_by=RegisteredBy.FAMILY, reason=_text(reason))
        closing = Closing.objects.filter(case=old).order_by("-closed_on", "-pk").first()
        reopening = Reopening.objects.create(
            case=new, previous_case=old, closing=closing, reason=_text(reason), author=actor, recorded_at=clock.now()
        )
        add_entry(new, actor, EntryKind.REGISTRATION, reopening.reason, voice=Voice.FAMILY)
        with translation.override(settings.LANGUAGE_CODE):
            new_text = _(
                "The family comes back after an earlier case, closed on %(date)s; this case is linked to it."
            ) % {"date": old.closed_on.strftime("%d-%m-%Y")}
            old_text = _("The family came back; a new case was registered and linked to this one.")
        _entry(new, actor, EntryKind.REOPENING, new_text)
        _entry(old, actor, EntryKind.REOPENING, old_text)
        log.record(actor, Event.READ, "evaluations.register_return", case=old, detail=f"new_case={new.pk}")
        log.record(actor, Event.CREATE, "evaluations.register_return", case=new, detail=f"previous_case={old.pk}")
    return reopening

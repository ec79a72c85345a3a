"""Every intake step goes through here: a conversation, clarifying the question, the route (DOMAIN §3.2, §4).

Each action checks everything first (a precise Dutch error per field, nothing half-saved), then writes in one
transaction: the records, the entries on the case's timeline (the family's words as theirs, with the speaker)
and the access-log record. A step that moves the case asks the phase machine through ``cases.actions.move_phase``.
"""

from __future__ import annotations

from datetime import date

import rules as permission_rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samenplan import clock
from samenplan.accounts.models import User
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases.actions import add_entry, lock_case, move_phase
from samenplan.cases.models import Case, EntryKind, Member, Phase, Voice
from samenplan.errors import StaleVersion
from samenplan.intake import phases, rules
from samenplan.intake.models import (
    Agreement,
    Assessment,
    Clarification,
    Contribution,
    Conversation,
    ConversationStep,
    CrisisIntervention,
    Place,
    Problem,
    Route,
    RouteAgreement,
    RouteDecision,
    Safety,
    SeverityLevel,
    Step,
)
from samenplan.intake.scales import scale_for

CLARIFYING_PHASES = (Phase.REGISTRATION, Phase.CLARIFICATION)


def _require_editor(actor: User, case: Case) -> None:
    if not permission_rules.test_rule("cases.change_case", actor, case):
        raise PermissionDenied


def _error(errors: dict, field: str, message: str, code: str) -> None:
    errors.setdefault(field, ValidationError(message, code=code))


def _check_date(errors: dict, field: str, value: date | None, today: date, *, required: bool = True) -> None:
    if value is None:
        if required:
            _error(errors, field, _("Give a date."), "required")
    elif value > today:
        _error(errors, field, _("This date lies in the future."), "future")


def _check_member(errors: dict, field: str, member, case: Case) -> bool:
    if not isinstance(member, Member) or member.family_id != case.family_id:
        _error(errors, field, _("Choose a member of this family."), "unknown_member")
        return False
    return True


def _start_clarification(actor: User, locked: Case) -> None:
    """The first conversation starts clarifying the question: registration → clarification, by the machine."""
    if locked.phase == Phase.REGISTRATION:
        move_phase(actor, locked, Phase.CLARIFICATION, phases.facts_for(locked))


def _in_clarification(errors: dict, case: Case) -> None:
    if case.phase not in CLARIFYING_PHASES:
        _error(
            errors,
            "__all__",
            _(
                "The question is clarified while the case is in registration or clarification; this case is in "
                "the phase: %(phase)s. Reopen the question through an evaluation first."
            )
            % {"phase": case.get_phase_display()},
            "not_in_clarification",
        )


# ── Conversations (§4) ──────────────────────────────────────────────────────────────────────────────────────


def do_record_conversation(
    actor: User,
    case: Case,
    *,
    held_on: date | None,
    place: str,
    members: list[Member] | tuple[Member, ...],
    professionals: list[User] | tuple[User, ...] = (),
    steps: dict[int, dict] | None = None,
    contributions: list[dict] | tuple[dict, ...] = (),
    evaluation: str = "",
    open_questions: str = "",
    interpreter_language: str = "",
    expected_version: int | None = None,
) -> Conversation:
    """Record a conversation: who took part, per step the notes or a skip, and the family's own words.

    ``steps``: step number (0 = welcome, 1 to 8) → {"notes", "skipped", "skip_reason"}; steps not named were not
    recorded. ``contributions``: {"step", "speaker" (a Member present), "text"}. Nothing forces a script.
    """
    _require_editor(actor, case)
    steps = steps or {}
    today = timezone.localdate()
    errors: dict[str, ValidationError] = {}
    _check_date(errors, "held_on", held_on, today)
    if place not in Place.values:
        _error(errors, "place", _("Choose where the conversation took place."), "invalid_choice")
    if not members:
        _error(errors, "members", _("Choose at least one family member who took part."), "required")
    for member in members:
        _check_member(errors, "members", member, case)
    for professional in professionals:
        if getattr(professional, "organisation_id", None) != case.family.organisation_id:
            _error(errors, "professionals", _("Choose professionals of your organisation."), "invalid_choice")
    for number, step in steps.items():
        if number not in Step.values:
            _error(errors, "steps", _("Unknown step: %(step)s.") % {"step": number}, "invalid_choice")
        elif step.get("skipped") and str(step.get("notes", "")).strip():
            _error(
                errors,
                f"steps[{number}].notes",
                _("A skipped step has no notes: untick 'skipped' or empty the notes."),
                "skipped_with_notes",
            )
    present = {m.pk for m in members if isinstance(m, Member)}
    for i, item in enumerate(contributions):
        speaker = item.get("speaker")
        if item.get("step") not in Step.values:
            _error(errors, f"contributions[{i}].step", _("Choose a step."), "invalid_choice")
        if _check_member(errors, f"contributions[{i}].speaker", speaker, case) and speaker.pk not in present:
            _error(
                errors,
                f"contributions[{i}].speaker",
                _("%(name)s is not marked as present in this conversation.") % {"name": speaker},
                "not_present",
            )
        if not str(item.get("text", "")).strip():
            _error(errors, f"contributions[{i}].text", _("Write down what was said."), "required")
        elif item.get("step") in Step.values and steps.get(item["step"], {}).get("skipped"):
            _error(errors, f"contributions[{i}].step", _("This step was skipped."), "step_skipped")
    interpreter_language = str(interpreter_language or "").strip()
    if len(interpreter_language) > 100:
        _error(errors, "interpreter_language", _("Name the language in at most 100 characters."), "max_length")
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        locked = lock_case(case, expected_version)
        conversation = Conversation.objects.create(
            case=locked,
            held_on=held_on,
            place=place,
            evaluation=evaluation.strip(),
            open_questions=open_questions.strip(),
            interpreter_language=interpreter_language,
            author=actor,
            recorded_at=clock.now(),
        )
        conversation.members.set(members)
        conversation.professionals.set({actor.pk, *(p.pk for p in professionals)})
        ConversationStep.objects.bulk_create(
            ConversationStep(
                conversation=conversation,
                step=number,
                notes="" if step.get("skipped") else str(step.get("notes", "")).strip(),
                skipped=bool(step.get("skipped")),
                skip_reason=str(step.get("skip_reason", "")).strip() if step.get("skipped") else "",
            )
            for number, step in sorted(steps.items())
            if step.get("skipped") or str(step.get("notes", "")).strip()
        )
        Contribution.objects.bulk_create(
            Contribution(conversation=conversation, step=c["step"], speaker=c["speaker"], text=c["text"].strip())
            for c in contributions
        )
        _start_clarification(actor, locked)
        with translation.override(settings.LANGUAGE_CODE):  # the dossier speaks the organisation's language
            add_entry(locked, actor, EntryKind.CONVERSATION, _conversation_summary(conversation), voice=Voice.SYSTEM)
            for c in conversation.contributions.select_related("speaker"):
                add_entry(
                    locked,
                    actor,
                    EntryKind.CONVERSATION,
                    f"{Step(c.step).label}\n{c.text}",
                    voice=Voice.FAMILY,
                    speaker=c.speaker,
                )
            if conversation.evaluation or conversation.open_questions:
                text = "\n".join(
                    p
                    for p in (
                        _("How the conversation went: %(text)s") % {"text": conversation.evaluation}
                        if conversation.evaluation
                        else "",
                        _("Open questions: %(text)s") % {"text": conversation.open_questions}
                        if conversation.open_questions
                        else "",
                    )
                    if p
                )
                add_entry(locked, actor, EntryKind.CONVERSATION, text, voice=Voice.FAMILY)
        log.record(actor, Event.CREATE, "intake.record_conversation", case=locked)
    return conversation


def _conversation_summary(conversation: Conversation) -> str:
    lines = [
        _("Conversation on %(date)s, %(place)s. Present: %(who)s.")
        % {
            "date": conversation.held_on.strftime("%d-%m-%Y"),
            "place": conversation.get_place_display(),
            "who": ", ".join(str(m) for m in conversation.members.all()),
        }
    ]
    if conversation.interpreter_language:
        lines.append(_("An interpreter took part (%(language)s).") % {"language": conversation.interpreter_language})
    for step in conversation.steps.all():
        if step.skipped:
            reason = f": {step.skip_reason}" if step.skip_reason else ""
            lines.append(_("%(step)s: skipped%(reason)s") % {"step": Step(step.step).label, "reason": reason})
        else:
            lines.append(f"{Step(step.step).label}: {step.notes}")
    return "\n".join(lines)


# ── Clarifying the question (§3.2) ──────────────────────────────────────────────────────────────────────────


def do_clarify(
    actor: User,
    case: Case,
    *,
    participants: list[dict] | tuple[dict, ...],
    assessment: dict | None = None,
    conversation: Conversation | None = None,
    expected_version: int | None = None,
) -> list[Clarification]:
    """Record each participant's question in their own words, and (optionally) the professional's view.

    ``participants``: {"member", "help_question", "problems": [{"description", "burden" 1 to 10}], "goes_well",
    "exceptions"}. ``assessment``: {"nature", "severity" (a level of the organisation's scale), "safety",
    "safety_explanation", "safety_assessed_by"}. Several conversations may add to the clarification.
    """
    _require_editor(actor, case)
    errors: dict[str, ValidationError] = {}
    _in_clarification(errors, case)
    if conversation is not None and conversation.case_id != case.pk:
        _error(errors, "conversation", _("Choose a conversation of this case."), "invalid_choice")
    if not participants and assessment is None:
        _error(errors, "participants", _("Record at least one participant's question."), "required")
    seen: set[int] = set()
    for i, p in enumerate(participants):
        member = p.get("member")
        if _check_member(errors, f"participants[{i}].member", member, case):
            if member.pk in seen:
                _error(errors, f"participants[{i}].member", _("This person is listed twice."), "duplicate")
            seen.add(member.pk)
        if not str(p.get("help_question", "")).strip():
            _error(errors, f"participants[{i}].help_question", _("Write down the question in their words."), "required")
        for j, problem in enumerate(p.get("problems", ())):
            if not str(problem.get("description", "")).strip():
                _error(
                    errors,
                    f"participants[{i}].problems[{j}].description",
                    _("Write down the problem in their words."),
                    "required",
                )
            if not rules.burden_is_valid(problem.get("burden")):
                _error(
                    errors,
                    f"participants[{i}].problems[{j}].burden",
                    _("The burden is a whole number from 1 (hardly any) to 10 (very much)."),
                    "burden_range",
                )
    if assessment is not None:
        _check_assessment(errors, case, assessment)
    if errors:
        raise ValidationError(errors)

    now = clock.now()
    with transaction.atomic():
        locked = lock_case(case, expected_version)
        _start_clarification(actor, locked)
        records = []
        for p in participants:
            clarification = Clarification.objects.create(
                case=locked,
                conversation=conversation,
                member=p["member"],
                help_question=p["help_question"].strip(),
                goes_well=str(p.get("goes_well", "")).strip(),
                exceptions=str(p.get("exceptions", "")).strip(),
                author=actor,
                recorded_at=now,
            )
            Problem.objects.bulk_create(
                Problem(clarification=clarification, description=x["description"].strip(), burden=x["burden"])
                for x in p.get("problems", ())
            )
            records.append(clarification)
            with translation.override(settings.LANGUAGE_CODE):
                add_entry(
                    locked, actor, EntryKind.CLARIFICATION, _clarification_text(p), voice=Voice.FAMILY,
                    speaker=p["member"],
                )  # fmt: skip
        if assessment is not None:
            _save_assessment(actor, locked, assessment, conversation, now)
        log.record(actor, Event.CREATE, "intake.clarify", case=locked, detail=f"participants={len(participants)}")
    return records


def _clarification_text(p: dict) -> str:
    lines = [_("Help question: %(text)s") % {"text": p["help_question"].strip()}]
    for x in p.get("problems", ()):
        lines.append(
            _("Problem: %(text)s (burden %(burden)s of 10)") % {"text": x["description"].strip(), "burden": x["burden"]}
        )
    if str(p.get("goes_well", "")).strip():
        lines.append(_("What goes well: %(text)s") % {"text": p["goes_well"].strip()})
    if str(p.get("exceptions", "")).strip():
        lines.append(_("Exceptions: %(text)s") % {"text": p["exceptions"].strip()})
    return "\n".join(lines)


def _check_assessment(errors: dict, case: Case, a: dict) -> None:
    if a.get("safety") not in Safety.values:
        _error(errors, "assessment.safety", _("Answer the safety question: safe, concerns or not safe."), "required")
    elif a["safety"] != Safety.SAFE and not str(a.get("safety_explanation", "")).strip():
        _error(
            errors,
            "assessment.safety_explanation",
            _("Explain the concerns about the child's safety."),
            "required",
        )
    severity = a.get("severity")
    if severity is not None and (
        not isinstance(severity, SeverityLevel) or severity.scale_id != scale_for(case.family.organisation_id).pk
    ):
        _error(errors, "assessment.severity", _("Choose a level of your organisation's scale."), "invalid_choice")


def _save_assessment(actor, locked: Case, a: dict, conversation, now) -> Assessment:
    assessment = Assessment.objects.create(
        case=locked,
        conversation=conversation,
        nature=str(a.get("nature", "")).strip(),
        severity=a.get("severity"),
        family_view=str(a.get("family_view", "")).strip(),
        safety=a["safety"],
        safety_explanation=str(a.get("safety_explanation", "")).strip(),
        safety_assessed_by=str(a.get("safety_assessed_by", "")).strip() or str(actor),
        author=actor,
        recorded_at=now,
    )
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            _("Is the child safe at home? %(answer)s (assessed by %(who)s)")
            % {"answer": assessment.get_safety_display(), "who": assessment.safety_assessed_by}
        ]
        if assessment.safety_explanation:
            lines.append(assessment.safety_explanation)
        if assessment.nature:
            lines.append(_("Nature of the problems: %(text)s") % {"text": assessment.nature})
        if assessment.severity:
            lines.append(_("Severity: %(level)s") % {"level": assessment.severity})
        add_entry(locked, actor, EntryKind.CLARIFICATION, "\n".join(lines), voice=Voice.SYSTEM)
        if assessment.family_view:
            add_entry(
                locked,
                actor,
                EntryKind.CLARIFICATION,
                _("How the family sees the nature and severity: %(text)s") % {"text": assessment.family_view},
                voice=Voice.FAMILY,
            )
    return assessment


def latest_safety(case: Case) -> str | None:
    return case.assessments.order_by("-recorded_at", "-pk").values_list("safety", flat=True).first()


# ── The route (§3.2) ────────────────────────────────────────────────────────────────────────────────────────


def do_decide_route(
    actor: User,
    case: Case,
    *,
    route: str,
    rationale: str,
    agreements: list[dict] | tuple[dict, ...],
    decided_on: date | None = None,
    light_help: str = "",
    other_route_reason: str = "",
    analysis_skip_reason: str = "",
    crisis: dict | None = None,
    expected_version: int | None = None,
) -> RouteDecision:
    """Decide the route together, record why and each participant's agreement, and move the case on.

    LIGHT and ACUTE go on to goals; ANALYSIS goes to the analysis (or, under a child-protection measure and with a
    reason, skips it). ACUTE needs a crisis record {"what", "by_whom", "on", "placement_referral",
    "placement_referral_note"}. When the child was judged not safe, another route than ACUTE needs a reason.
    """
    _require_editor(actor, case)
    today = timezone.localdate()
    decided_on = decided_on or today
    errors: dict[str, ValidationError] = {}
    if case.phase != Phase.CLARIFICATION:
        _error(
            errors,
            "__all__",
            _("The route is decided at the end of clarifying the question; this case is in the phase: %(phase)s.")
            % {"phase": case.get_phase_display()},
            "not_in_clarification",
        )
    if route not in Route.values:
        _error(errors, "route", _("Choose a route: light, acute or further investigation."), "invalid_choice")
    if not rationale.strip():
        _error(errors, "rationale", _("Write down why this route was chosen, together."), "required")
    _check_date(errors, "decided_on", decided_on, today)
    if not agreements:
        _error(errors, "agreements", _("Record for each participant whether they agree."), "required")
    seen: set[int] = set()
    for i, a in enumerate(agreements):
        member = a.get("member")
        if _check_member(errors, f"agreements[{i}].member", member, case):
            if member.pk in seen:
                _error(errors, f"agreements[{i}].member", _("This person is listed twice."), "duplicate")
            seen.add(member.pk)
        if a.get("agreement") not in Agreement.values:
            _error(errors, f"agreements[{i}].agreement", _("Choose: agrees, partly or does not agree."), "required")
    if route in Route.values:
        if rules.needs_reason_for_other_route(latest_safety(case), route) and not other_route_reason.strip():
            _error(
                errors,
                "other_route_reason",
                _("The child was judged not safe at home, so the acute route is suggested. Say why another route."),
                "acute_suggested",
            )
        skip = rules.skip_refusal(route, case.child_protection_measure, analysis_skip_reason)
        if skip is not None:
            _error(errors, "analysis_skip_reason", phases.RULE_MESSAGES[skip](), skip)
        if route == Route.ACUTE:
            _check_crisis(errors, crisis or {}, today)
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        locked = lock_case(case, expected_version)
        if locked.phase != Phase.CLARIFICATION:  # changed by someone else since the check above
            raise StaleVersion()
        locked.route_decisions.filter(current=True).update(current=False)
        decision = RouteDecision.objects.create(
            case=locked,
            route=route,
            decided_on=decided_on,
            rationale=rationale.strip(),
            light_help=light_help.strip(),
            other_route_reason=other_route_reason.strip(),
            analysis_skip_reason=analysis_skip_reason.strip(),
            author=actor,
            recorded_at=clock.now(),
        )
        RouteAgreement.objects.bulk_create(
            RouteAgreement(
                decision=decision,
                member=a["member"],
                agreement=a["agreement"],
                comment=str(a.get("comment", "")).strip(),
            )
            for a in agreements
        )
        if route == Route.ACUTE:
            c = crisis or {}
            CrisisIntervention.objects.create(
                decision=decision,
                what=c["what"].strip(),
                by_whom=c["by_whom"].strip(),
                on=c["on"],
                placement_referral=bool(c.get("placement_referral")),
                placement_referral_note=str(c.get("placement_referral_note", "")).strip(),
            )
        with translation.override(settings.LANGUAGE_CODE):
            add_entry(locked, actor, EntryKind.ROUTE, _route_text(decision), voice=Voice.SYSTEM)
            for agreement in decision.agreements.select_related("member"):
                if agreement.comment:
                    text = f"{agreement.get_agreement_display()}: {agreement.comment}"
                    add_entry(locked, actor, EntryKind.ROUTE, text, voice=Voice.FAMILY, speaker=agreement.member)
        target = rules.route_after(route, analysis_skip_reason)
        move_phase(actor, locked, target, phases.facts_for(locked, decision=decision))
        log.record(actor, Event.CREATE, "intake.decide_route", case=locked, detail=f"route={route}")
    return decision


def _check_crisis(errors: dict, c: dict, today: date) -> None:
    if not str(c.get("what", "")).strip():
        _error(errors, "crisis.what", _("Write down which crisis intervention was done."), "required")
    if not str(c.get("by_whom", "")).strip():
        _error(errors, "crisis.by_whom", _("Say who did the crisis intervention."), "required")
    _check_date(errors, "crisis.on", c.get("on"), today)
    if c.get("placement_referral") and not str(c.get("placement_referral_note", "")).strip():
        _error(
            errors,
            "crisis.placement_referral_note",
            _("Say to whom and when the family was referred for the out-of-home-placement procedure."),
            "required",
        )


def _route_text(decision: RouteDecision) -> str:
    lines = [_("Route decided together: %(route)s.") % {"route": decision.get_route_display()}, decision.rationale]
    if decision.light_help:
        lines.append(_("Information, advice or light help: %(text)s") % {"text": decision.light_help})
    if decision.other_route_reason:
        lines.append(_("Why not the acute route: %(text)s") % {"text": decision.other_route_reason})
    if decision.analysis_skip_reason:
        lines.append(_("The analysis is skipped: %(text)s") % {"text": decision.analysis_skip_reason})
    agreements = ", ".join(f"{a.member}: {a.get_agreement_display()}" for a in decision.agreements.all())
    lines.append(_("Agreement: %(list)s") % {"list": agreements})
    if hasattr(decision, "crisis"):
        c = decision.crisis
        lines.append(
            _("Crisis intervention on %(date)s by %(who)s: %(what)s")
            % {"date": c.on.strftime("%d-%m-%Y"), "who": c.by_whom, "what": c.what}
        )
        if c.placement_referral:
            lines.append(
                _("Referred to the out-of-home-placement procedure: %(note)s") % {"note": c.placement_referral_note}
            )
    return "\n".join(lines)

"""Every write of deciding together goes through here (DOMAIN §3.5.3 to §3.5.5, §3.7, §5): options, preferences,
the decision, a team lead's override of the consultation, and the help in progress.

Each action checks everything first (a precise Dutch error per field, nothing half-saved), then writes in one
transaction on the locked case: the record, an entry on the case's timeline (the family's words as theirs, with the
speaker) and the access-log record. Views, the API, the demo data and tests call these.
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
from samenplan.analysis.models import Consultation, ConsultationStatus
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases.actions import add_entry, lock_case, move_phase
from samenplan.cases.models import Case, EntryKind, Member, Phase, Voice
from samenplan.catalogue.models import EvidenceLevel, HelpOffer, Intensity
from samenplan.decisions import rules
from samenplan.decisions.models import (
    CrucialOverride,
    Decision,
    DecisionAgreement,
    HelpDeployment,
    HelpStatus,
    Option,
    OptionReaction,
    OptionSource,
    Preference,
    PreferenceKind,
)
from samenplan.errors import StaleVersion, check_version
from samenplan.goals.models import Goal
from samenplan.network.models import NetworkMember
from samenplan.validation import clean_text

OPTION_TEXTS = (
    "description",
    "professional_pros",
    "professional_cons",
    "professional_results",
    "family_pros",
    "family_cons",
    "family_results",
    "recommendation_reasons",
    "tried_before",
)


def _require_editor(actor: User, case: Case) -> None:
    if not permission_rules.test_rule("cases.change_case", actor, case):
        raise PermissionDenied


def _error(errors: dict, field: str, message: str, code: str) -> None:
    errors.setdefault(field, ValidationError(message, code=code))


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _text(value) -> str:
    return str(value or "").strip()


def _is_member(member, case: Case) -> bool:
    return isinstance(member, Member) and member.family_id == case.family_id


def _dossier(locked: Case, actor: User, kind: str, text: str, *, voice: str = Voice.PROFESSIONAL, speaker=None):
    add_entry(locked, actor, kind, str(text), voice=voice, speaker=speaker)


def _advance(actor: User, locked: Case, source: str, target: str) -> None:
    """Move the case from ``source`` to ``target`` when it is there and the phase machine allows it; otherwise the
    phase stays as it is (the caseworker moves it by hand, or the step comes back later)."""
    from samenplan.intake import phases
    from samenplan.intake import rules as phase_rules

    if locked.phase != source:
        return
    facts = phases.facts_for(locked)
    if phase_rules.refusal(locked.phase, target, facts) is None:
        move_phase(actor, locked, target, facts)


# ── Options (§3.5.3) ────────────────────────────────────────────────────────────────────────────────────────


def offers_for(case: Case):
    """The active help offers of the case's organisation (the catalogue the options come from)."""
    return HelpOffer.objects.filter(organisation_id=case.family.organisation_id, active=True)


def _option_values(case: Case, data: dict) -> dict:
    """Check an option's fields and return the values to store; raise a ValidationError per field."""
    errors: dict[str, ValidationError] = {}
    source = data.get("source")
    offer, network_member = data.get("offer"), data.get("network_member")
    values = {name: _text(data.get(name)) for name in OPTION_TEXTS}
    values["name"] = _text(data.get("name"))
    values["recommended"] = bool(data.get("recommended"))
    values["waiting_weeks"] = data.get("waiting_weeks")
    values["family_speaker"] = data.get("family_speaker")
    values["intensity"] = data.get("intensity") or ""
    values["evidence_level"] = EvidenceLevel.NOT_ASSESSED
    if source not in OptionSource.values:
        _error(errors, "source", _("Choose where the option comes from."), "invalid_choice")
    elif source == OptionSource.CATALOGUE:
        if not isinstance(offer, HelpOffer) or not offers_for(case).filter(pk=offer.pk).exists():
            _error(errors, "offer", _("Choose help from the catalogue of this organisation."), "required")
        else:
            values["name"] = values["name"] or offer.name
            values["description"] = values["description"] or offer.description
            values["intensity"] = offer.intensity
            values["evidence_level"] = offer.evidence_level
            if values["waiting_weeks"] is None:
                values["waiting_weeks"] = offer.waiting_weeks
        network_member = None
    else:
        offer = None
        values["intensity"] = Intensity.NETWORK  # the family's and the network's ideas are the lightest step
        if source == OptionSource.NETWORK and network_member is not None:
            if not isinstance(network_member, NetworkMember) or network_member.case_id != case.pk:
                _error(errors, "network_member", _("Choose someone of this family's network."), "unknown")
            else:
                values["name"] = values["name"] or network_member.name
        elif source == OptionSource.FAMILY:
            network_member = None
        if not values["name"]:
            _error(errors, "name", _("Give the option a short name."), "required")
    if values["name"] and len(values["name"]) > 200:
        _error(errors, "name", _("Keep the name under 200 characters."), "max_length")
    if values["waiting_weeks"] is not None and not (
        isinstance(values["waiting_weeks"], int) and 0 <= values["waiting_weeks"] <= 520
    ):
        _error(errors, "waiting_weeks", _("The waiting time is a number of weeks from 0 to 520."), "range")
    if values["family_speaker"] is not None and not _is_member(values["family_speaker"], case):
        _error(errors, "family_speaker", _("Choose a member of this family."), "unknown_member")
    if values["recommended"] and not values["recommendation_reasons"]:
        _error(errors, "recommendation_reasons", _("Write down why you recommend this option."), "required")
    _raise(errors)
    values.update(source=source, offer=offer, network_member=network_member)
    return values


def _option_entries(locked: Case, actor: User, option: Option, heading: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            heading % {"name": option.name},
            _("Intensity: %(intensity)s.") % {"intensity": option.get_intensity_display()},
        ]
        if option.is_family_idea:
            lines.append(_("The family's own idea."))
        for label, value in (
            (_("Good about it, says the professional: %(text)s"), option.professional_pros),
            (_("Less good, says the professional: %(text)s"), option.professional_cons),
            (_("What it will bring, says the professional: %(text)s"), option.professional_results),
        ):
            if value:
                lines.append(label % {"text": value})
        if option.recommended:
            lines.append(_("The professional recommends it: %(text)s") % {"text": option.recommendation_reasons})
        _dossier(locked, actor, EntryKind.OPTIONS, "\n".join(lines))
        family = [
            (_("Good about it, says the family: %(text)s"), option.family_pros),
            (_("Less good, says the family: %(text)s"), option.family_cons),
            (_("What it will bring, says the family: %(text)s"), option.family_results),
            (_("Tried before, and how it went: %(text)s"), option.tried_before),
        ]
        words = [label % {"text": value} for label, value in family if value]
        if words:
            text = "\n".join([_("About the option %(name)s:") % {"name": option.name}, *words])
            _dossier(locked, actor, EntryKind.OPTIONS, text, voice=Voice.FAMILY, speaker=option.family_speaker)


def do_add_option(actor: User, case: Case, **data) -> Option:
    """Add an option under consideration: from the catalogue, from the network or the family's own idea (P5).

    The first option moves a case in the goals phase on to deciding on help, when the phase machine allows it.
    """
    _require_editor(actor, case)
    values = _option_values(case, data)
    with transaction.atomic():
        locked = lock_case(case)
        now = clock.now()
        option = Option.objects.create(case=locked, author=actor, recorded_at=now, changed_at=now, **values)
        _option_entries(locked, actor, option, _("Option for help: %(name)s."))
        _advance(actor, locked, Phase.GOALS, Phase.DECISION)
        log.record(actor, Event.CREATE, "decisions.add_option", case=locked, detail=f"option={option.pk}")
    return option


def do_change_option(actor: User, option: Option, *, expected_version, **data) -> Option:
    """Change an option's views, recommendation or history; ``expected_version`` guards against lost updates."""
    case = option.case
    _require_editor(actor, case)
    values = _option_values(case, data)
    with transaction.atomic():
        locked_case = lock_case(case)
        locked = Option.objects.select_for_update(of=("self",)).get(pk=option.pk)
        check_version(locked, expected_version)
        for field, value in values.items():
            setattr(locked, field, value)
        locked.changed_at = clock.now()
        locked.version += 1
        locked.save()
        _option_entries(locked_case, actor, locked, _("Option for help changed: %(name)s."))
        log.record(actor, Event.CHANGE, "decisions.change_option", case=locked_case, detail=f"option={locked.pk}")
    return locked


def options_in_order(case: Case) -> list[Option]:
    """The case's options, lightest first (stepped care), then the strongest evidence, then by name."""
    options = list(
        case.options.select_related("offer", "network_member", "family_speaker").prefetch_related("reactions__member")
    )
    by_pk = {o.pk: o for o in options}
    return [by_pk[facts.pk] for facts in rules.stepped_order(o.facts for o in options)]


# ── Preferences (§5) ────────────────────────────────────────────────────────────────────────────────────────


def _preference_message(code: str) -> tuple[str, str]:
    return {
        rules.STALE_OPTIONS: (
            "options",
            _("The options were changed by someone else in the meantime. Look at the new list, then try again."),
        ),
        rules.NOT_AN_ORDER: ("ranking", _("Put every option in order, each option once.")),
        rules.PREFERRED_REQUIRED: ("preferred", _("Choose the option this participant prefers.")),
    }[code]


def _ids(values) -> list[int]:
    try:
        return [int(getattr(v, "pk", v)) for v in values or ()]
    except (TypeError, ValueError):
        return [-1]


def do_save_preference(
    actor: User,
    case: Case,
    *,
    member,
    kind: str,
    ranking=(),
    preferred=None,
    reasons: str = "",
    seen_options=(),
    expected_version=None,
) -> Preference:
    """Save one participant's preference: an order of the options, one preferred option, or leaving the choice to
    the professional ("Ik laat de keuze liever aan de hulpverlener", a valid answer, §5), with their reasons.

    ``seen_options``: the option ids the participant saw; when the options changed since, refused (stale list).
    ``expected_version``: the version of their preference read (0 or None when there was none).
    A family member records their own preference in the portal (the actor is their account): the dossier entry is
    then the family's portal input (``EntryKind.PORTAL``), which the caseworker's dashboard shows.
    """
    from samenplan.portal.access import acts_as

    own = acts_as(actor, member)
    if not own:
        _require_editor(actor, case)
    errors: dict[str, ValidationError] = {}
    if not _is_member(member, case):
        _error(errors, "member", _("Choose a member of this family."), "unknown_member")
    if kind not in PreferenceKind.values:
        _error(errors, "kind", _("Choose how this participant answers."), "invalid_choice")
    if kind == rules.PREFERRED and not _text(reasons):
        _error(errors, "reasons", _("Write down why, in their own words."), "required")
    _raise(errors)
    with transaction.atomic():
        locked = lock_case(case)
        current = list(locked.options.order_by("pk").values_list("pk", flat=True))
        order = _ids(ranking) if kind == rules.ORDER else []
        preferred_id = _ids([preferred])[0] if preferred is not None and kind == rules.PREFERRED else None
        refusal = rules.preference_refusal(
            kind=kind, current_options=current, seen_options=_ids(seen_options), ranking=order, preferred=preferred_id
        )
        if refusal is not None:
            field, message = _preference_message(refusal)
            raise ValidationError({field: ValidationError(message, code=refusal)})
        existing = Preference.objects.select_for_update().filter(case=locked, member=member).first()
        if existing is not None:
            check_version(existing, expected_version)
        elif expected_version not in (None, "", 0, "0"):
            raise StaleVersion()
        values = {
            "kind": kind,
            "ranking": order,
            "preferred_id": preferred_id,
            "reasons": _text(reasons),
            "author": actor,
            "recorded_at": clock.now(),
        }
        if existing is None:
            preference = Preference.objects.create(case=locked, member=member, **values)
        else:
            preference = existing
            for field, value in values.items():
                setattr(preference, field, value)
            preference.version += 1
            preference.save()
        with translation.override(settings.LANGUAGE_CODE):
            names = dict(locked.options.values_list("pk", "name"))
            if kind == rules.ORDER:
                text = _("Puts the options in this order: %(order)s.") % {
                    "order": ", ".join(f"{i}. {names[pk]}" for i, pk in enumerate(order, start=1))
                }
            elif kind == rules.PREFERRED:
                text = _("Prefers: %(name)s.") % {"name": names[preferred_id]}
            else:
                text = _("Would rather leave the choice to the professional.")
            if preference.reasons:
                text = f"{text}\n{preference.reasons}"
        kind = EntryKind.PORTAL if own else EntryKind.PREFERENCE
        _dossier(locked, actor, kind, text, voice=Voice.FAMILY, speaker=member)
        event = Event.CREATE if existing is None else Event.CHANGE
        log.record(actor, event, "decisions.save_preference", case=locked, detail=f"preference={preference.pk}")
    return preference


# ── A family member's own view of an option, from the portal (P6) ───────────────────────────────────────────

REACTION_MAX = 5000


def do_react_to_option(
    actor: User, option: Option, *, member, pros: str = "", cons: str = "", option_version=None, expected_version=None
) -> OptionReaction:
    """Record what ``member`` sees as good and less good about ``option``, in their own words.

    The actor is the member's own portal account (or an editor of the case writing it down for them).
    ``option_version``: the version of the option the member read; when the professional changed the option since,
    refused (``option_version``, code ``option_changed``) so nobody reacts to something they did not see, and the
    form keeps their words. ``expected_version``: the version of their earlier reaction (0 or None when none).
    """
    from samenplan.portal.access import acts_as

    case = option.case
    own = acts_as(actor, member)
    if not own:
        _require_editor(actor, case)
    errors: dict[str, ValidationError] = {}
    if not _is_member(member, case):
        _error(errors, "member", _("Choose a member of this family."), "unknown_member")
    texts = {}
    for field, value in (("pros", pros), ("cons", cons)):
        try:
            texts[field] = clean_text(str(value or ""))
        except ValidationError as invalid:
            errors.setdefault(field, invalid)
            texts[field] = ""
        if len(texts[field]) > REACTION_MAX:
            _error(errors, field, _("Keep it under 5000 characters."), "max_length")
    if not errors and not texts["pros"] and not texts["cons"]:
        _error(errors, "pros", _("Write down what is good or what is less good about it."), "required")
    _raise(errors)
    with transaction.atomic():
        locked_case = lock_case(case)
        locked = Option.objects.select_for_update(of=("self",)).get(pk=option.pk)
        if option_version in (None, "") or str(option_version) != str(locked.version):
            raise ValidationError(
                {
                    "option_version": ValidationError(
                        _("This option was changed in the meantime. Read it again; your words are still here."),
                        code="option_changed",
                    )
                }
            )
        existing = OptionReaction.objects.select_for_update().filter(option=locked, member=member).first()
        if existing is not None:
            check_version(existing, expected_version)
        elif expected_version not in (None, "", 0, "0"):
            raise StaleVersion()
        values = {**texts, "author": actor, "recorded_at": clock.now()}
        if existing is None:
            reaction = OptionReaction.objects.create(option=locked, member=member, **values)
        else:
            reaction = existing
            for field, value in values.items():
                setattr(reaction, field, value)
            reaction.version += 1
            reaction.save()
        with translation.override(settings.LANGUAGE_CODE):
            lines = [_("About the option %(name)s:") % {"name": locked.name}]
            if reaction.pros:
                lines.append(_("Good about it: %(text)s") % {"text": reaction.pros})
            if reaction.cons:
                lines.append(_("Less good: %(text)s") % {"text": reaction.cons})
        kind = EntryKind.PORTAL if own else EntryKind.OPTIONS
        _dossier(locked_case, actor, kind, "\n".join(lines), voice=Voice.FAMILY, speaker=member)
        event = Event.CREATE if existing is None else Event.CHANGE
        log.record(
            actor,
            event,
            "decisions.react_to_option",
            case=locked_case,
            member=member,
            detail=f"option={locked.pk} reaction={reaction.pk}",
        )
    return reaction


# ── A team lead's override of the consultation (§3.5: heavy care on a specialist's advice) ───────────────────


def answered_consultation(case: Case) -> Consultation | None:
    """The case's latest answered consultation of a behavioural scientist, if any."""
    return (
        Consultation.objects.filter(case=case, status=ConsultationStatus.ANSWERED)
        .order_by("-answered_at", "-pk")
        .first()
    )


def open_override(case: Case) -> CrucialOverride | None:
    return CrucialOverride.objects.filter(case=case, decision__isnull=True).order_by("-at", "-pk").first()


def do_override_crucial(actor: User, case: Case, *, reason: str) -> CrucialOverride:
    """A team lead records why the next crucial decision of this case may be made without a consultation."""
    if not permission_rules.test_rule("analysis.override_consultation", actor, case):
        raise PermissionDenied
    if not _text(reason):
        raise ValidationError(
            {"reason": ValidationError(_("Write down why no consultation is needed."), code="required")}
        )
    with transaction.atomic():
        locked = lock_case(case)
        override = CrucialOverride.objects.create(case=locked, reason=_text(reason), by=actor, at=clock.now())
        with translation.override(settings.LANGUAGE_CODE):
            text = _(
                "The team lead decided that the crucial decision may be made without a consultation. Why: %(reason)s"
            ) % {"reason": override.reason}
        _dossier(locked, actor, EntryKind.DECISION, text)
        log.record(actor, Event.CREATE, "decisions.override_crucial", case=locked, detail=f"override={override.pk}")
    return override


# ── The decision (§3.5.4, §3.5.5) ───────────────────────────────────────────────────────────────────────────


def _decision_message(code: str) -> tuple[str, str]:
    return {
        rules.NO_OPTIONS: ("options", _("Choose at least one option.")),
        rules.LEVEL_OUT_OF_RANGE: ("participation_level", _("The participation level is a number from 1 to 5.")),
        rules.CRUCIAL_NEEDS_CONSULTATION: (
            "crucial",
            _(
                "This is a crucial decision (heavy care, an out-of-home placement or against the family's wish). "
                "First ask a behavioural scientist for advice, or ask the team lead to record why that is not needed."
            ),
        ),
        rules.DISAGREEMENT_NEEDS_RESOLUTION: (
            "resolution",
            _("A participant does not agree. Write down both positions, who decided and why."),
        ),
    }[code]


def do_record_decision(
    actor: User,
    case: Case,
    *,
    options,
    summary: str,
    participation_level,
    evaluation_agreement: str,
    evaluation_on: date | None = None,
    arguments: str = "",
    agreements=(),
    out_of_home: bool = False,
    against_family_wish: bool = False,
    family_position: str = "",
    professional_position: str = "",
    resolved_by: str = "",
    resolution: str = "",
    safety_conditions: str = "",
    aftercare_agreement: str = "",
) -> Decision:
    """Record the decision made together: the chosen options in concrete words, the participation level (1 to 5),
    each participant's agreement, disagreement and how it was resolved, evaluation and aftercare agreements.

    A crucial decision (heavy care, out-of-home placement, against the family's wish) needs an answered
    consultation of the case or an open override of a team lead; the override is then used up.
    """
    _require_editor(actor, case)
    errors: dict[str, ValidationError] = {}
    options = list(options or ())
    if any(not isinstance(o, Option) or o.case_id != case.pk for o in options):
        _error(errors, "options", _("Choose options of this case."), "unknown_option")
    if not _text(summary):
        _error(errors, "summary", _("Write down what was decided, in concrete words."), "required")
    if not _text(evaluation_agreement):
        _error(
            errors, "evaluation_agreement", _("Agree on when and how the help is evaluated, and with whom."), "required"
        )
    if evaluation_on is None:
        _error(errors, "evaluation_on", _("Give the date of the evaluation."), "required")
    elif evaluation_on < timezone.localdate(clock.now()):
        _error(errors, "evaluation_on", _("The evaluation date lies in the past."), "past")
    seen: set[int] = set()
    for i, answer in enumerate(agreements or ()):
        member = answer.get("member")
        if not _is_member(member, case):
            _error(errors, f"agreements[{i}].member", _("Choose a member of this family."), "unknown_member")
        elif member.pk in seen:
            _error(errors, f"agreements[{i}].member", _("This person is listed twice."), "duplicate")
        else:
            seen.add(member.pk)
        if answer.get("agreement") not in DecisionAgreement.Answer.values:
            _error(errors, f"agreements[{i}].agreement", _("Choose yes, partly or no."), "invalid_choice")
        elif answer["agreement"] != rules.AGREE_YES and not _text(answer.get("words")):
            message = _("Write down in their own words what they do not agree with.")
            _error(errors, f"agreements[{i}].words", message, "required")
    if not errors.get("options"):
        answers = [a.get("agreement") for a in agreements or ()]
        heavy = any(o.is_heavy for o in options)
        crucial = rules.is_crucial(
            heavy=heavy, out_of_home=bool(out_of_home), against_family_wish=bool(against_family_wish)
        )
        consultation = answered_consultation(case) if crucial else None
        override = open_override(case) if crucial and consultation is None else None
        resolution_complete = all(_text(v) for v in (family_position, professional_position, resolved_by, resolution))
        for code in rules.decision_refusals(
            option_count=len(options),
            level=participation_level,
            crucial=crucial,
            answered_consultation=consultation is not None,
            override=override is not None,
            agreements=answers,
            resolution_complete=resolution_complete,
        ):
            field, message = _decision_message(code)
            _error(errors, field, message, code)
    _raise(errors)
    with transaction.atomic():
        locked = lock_case(case)
        if override is not None:
            override = CrucialOverride.objects.select_for_update().filter(pk=override.pk, decision__isnull=True).first()
            if override is None:
                raise StaleVersion()
        now = clock.now()
        decision = Decision.objects.create(
            case=locked,
            decided_at=now,
            summary=_text(summary),
            arguments=_text(arguments),
            participation_level=participation_level,
            out_of_home=bool(out_of_home),
            against_family_wish=bool(against_family_wish),
            crucial=crucial,
            consultation=consultation,
            family_position=_text(family_position),
            professional_position=_text(professional_position),
            resolved_by=_text(resolved_by),
            resolution=_text(resolution),
            safety_conditions=_text(safety_conditions),
            evaluation_on=evaluation_on,
            evaluation_agreement=_text(evaluation_agreement),
            aftercare_agreement=_text(aftercare_agreement),
            author=actor,
            recorded_at=now,
        )
        decision.options.set(options)
        if override is not None:
            override.decision = decision
            override.save(update_fields=["decision"])
        records = [
            DecisionAgreement.objects.create(
                decision=decision, member=a["member"], agreement=a["agreement"], words=_text(a.get("words"))
            )
            for a in agreements or ()
        ]
        _decision_entries(locked, actor, decision, records)
        _advance(actor, locked, Phase.GOALS, Phase.DECISION)
        log.record(actor, Event.CREATE, "decisions.record_decision", case=locked, detail=f"decision={decision.pk}")
    return decision


def _decision_entries(locked: Case, actor: User, decision: Decision, records) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            _("Decision: %(summary)s") % {"summary": decision.summary},
            _("Chosen: %(options)s.") % {"options": ", ".join(o.name for o in decision.options.all())},
            _("Participation level %(level)s: %(label)s.")
            % {"level": decision.participation_level, "label": decision.level_label},
        ]
        if decision.arguments:
            lines.append(_("Arguments: %(text)s") % {"text": decision.arguments})
        if decision.crucial:
            basis = (
                _("advice of the behavioural scientist") if decision.consultation_id else _("the team lead's override")
            )
            lines.append(_("A crucial decision, made on the basis of: %(basis)s.") % {"basis": basis})
        if decision.resolution:
            lines.append(_("The professional's position: %(text)s") % {"text": decision.professional_position})
            lines.append(
                _("Resolved: %(who)s decided. Why: %(why)s") % {"who": decision.resolved_by, "why": decision.resolution}
            )
            if decision.safety_conditions:
                lines.append(_("Safety conditions: %(text)s") % {"text": decision.safety_conditions})
        lines.append(
            _("Evaluation on %(date)s: %(text)s")
            % {"date": decision.evaluation_on.strftime("%d-%m-%Y"), "text": decision.evaluation_agreement}
        )
        if decision.aftercare_agreement:
            lines.append(_("Aftercare: %(text)s") % {"text": decision.aftercare_agreement})
        _dossier(locked, actor, EntryKind.DECISION, "\n".join(lines))
        if decision.family_position:
            text = _("The family's position: %(text)s") % {"text": decision.family_position}
            _dossier(locked, actor, EntryKind.DECISION, text, voice=Voice.FAMILY)
        for record in records:
            text = _("Agrees with the decision: %(answer)s.") % {"answer": record.get_agreement_display()}
            if record.words:
                text = f"{text}\n{record.words}"
            _dossier(locked, actor, EntryKind.DECISION, text, voice=Voice.FAMILY, speaker=record.member)


# ── Help in progress (§3.7) ─────────────────────────────────────────────────────────────────────────────────

HELP_FIELDS = ("description", "intensity", "provider", "contact_person", "starts_on", "ends_on", "status")


def _help_values(case: Case, data: dict) -> dict:
    errors: dict[str, ValidationError] = {}
    values = {
        "description": _text(data.get("description")),
        "intensity": data.get("intensity"),
        "provider": _text(data.get("provider")),
        "contact_person": _text(data.get("contact_person")),
        "starts_on": data.get("starts_on"),
        "ends_on": data.get("ends_on"),
        "status": data.get("status") or HelpStatus.PLANNED,
        "offer": data.get("offer"),
        "decision": data.get("decision"),
    }
    if not values["description"]:
        _error(errors, "description", _("Write down what help is given."), "required")
    elif len(values["description"]) > 300:
        _error(errors, "description", _("Keep the description under 300 characters."), "max_length")
    for field in ("provider", "contact_person"):
        if len(values[field]) > 200:
            _error(errors, field, _("Keep this under 200 characters."), "max_length")
    if values["intensity"] not in Intensity.values:
        _error(errors, "intensity", _("Choose how heavy the help is."), "invalid_choice")
    if values["status"] not in HelpStatus.values:
        _error(errors, "status", _("Choose a status from the list."), "invalid_choice")
    if values["starts_on"] and values["ends_on"] and values["ends_on"] < values["starts_on"]:
        _error(errors, "ends_on", _("The help cannot end before it starts."), "date_range")
    if values["status"] in (HelpStatus.ENDED, HelpStatus.STOPPED) and not values["ends_on"]:
        _error(errors, "ends_on", _("Give the date the help ended."), "required")
    offer = values["offer"]
    if offer is not None and (not isinstance(offer, HelpOffer) or offer.organisation_id != case.family.organisation_id):
        _error(errors, "offer", _("Choose help from the catalogue of this organisation."), "unknown")
    decision = values["decision"]
    if decision is not None and (not isinstance(decision, Decision) or decision.case_id != case.pk):
        _error(errors, "decision", _("Choose a decision of this case."), "unknown")
    goals = list(data.get("goals") or ())
    if any(not isinstance(g, Goal) or g.case_id != case.pk for g in goals):
        _error(errors, "goals", _("Choose goals of this case."), "unknown_goal")
    _raise(errors)
    values["goals"] = goals
    return values


def _help_entry(locked: Case, actor: User, help: HelpDeployment, heading: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        lines = [heading % {"what": help.description}]
        lines.append(_("Status: %(status)s.") % {"status": help.get_status_display()})
        if help.provider:
            lines.append(_("Given by: %(provider)s.") % {"provider": help.provider})
        if help.starts_on:
            lines.append(_("From %(date)s.") % {"date": help.starts_on.strftime("%d-%m-%Y")})
        if help.ends_on:
            lines.append(_("Until %(date)s.") % {"date": help.ends_on.strftime("%d-%m-%Y")})
        goals = list(help.goals.all())
        if goals:
            lines.append(_("For the goals: %(goals)s") % {"goals": "; ".join(g.words for g in goals)})
        _dossier(locked, actor, EntryKind.HELP, "\n".join(lines))


def do_add_help(actor: User, case: Case, **data) -> HelpDeployment:
    """Record help that is given (network, light or professional), usually from a decision's chosen option.

    The case's caseworker stays its owner: the provider is recorded, nobody is handed the case ("erbij halen").
    The first help moves a case that is deciding on help on to carrying out help, when the phase machine allows.
    """
    _require_editor(actor, case)
    values = _help_values(case, data)
    goals = values.pop("goals")
    with transaction.atomic():
        locked = lock_case(case)
        now = clock.now()
        help = HelpDeployment.objects.create(case=locked, author=actor, recorded_at=now, changed_at=now, **values)
        help.goals.set(goals)
        _help_entry(locked, actor, help, _("Help: %(what)s."))
        _advance(actor, locked, Phase.DECISION, Phase.HELP)
        log.record(actor, Event.CREATE, "decisions.add_help", case=locked, detail=f"help={help.pk}")
    return help


def do_change_help(actor: User, help: HelpDeployment, *, expected_version, **data) -> HelpDeployment:
    """Change help in progress: its status, dates, provider or the goals it serves."""
    case = help.case
    _require_editor(actor, case)
    values = _help_values(case, data)
    goals = values.pop("goals")
    with transaction.atomic():
        locked_case = lock_case(case)
        locked = HelpDeployment.objects.select_for_update(of=("self",)).get(pk=help.pk)
        check_version(locked, expected_version)
        for field, value in values.items():
            setattr(locked, field, value)
        locked.changed_at = clock.now()
        locked.version += 1
        locked.save()
        locked.goals.set(goals)
        _help_entry(locked_case, actor, locked, _("Help changed: %(what)s."))
        log.record(actor, Event.CHANGE, "decisions.change_help", case=locked_case, detail=f"help={locked.pk}")
    return locked


def help_from_option(option: Option | None) -> dict:
    """The initial values of help prefilled from a chosen option."""
    if option is None:
        return {}
    provider = option.offer.provider if option.offer else (option.network_member.name if option.network_member else "")
    contact = option.offer.contact if option.offer else (option.network_member.contact if option.network_member else "")
    return {
        "description": option.name[:300],
        "intensity": option.ladder_intensity,
        "offer": option.offer,
        "provider": provider[:200],
        "contact_person": contact[:200],
    }

"""Every write of the goals step goes through here (DOMAIN §3.4): agreement, goals, scale scores, techniques.

Each action checks everything first (a precise Dutch error per field, nothing half-saved), then writes in one
transaction: the record, an entry on the case's timeline (the family's words as theirs, with the speaker) and
the access-log record. Views, the API, the demo data and tests call these.
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
from samenplan.accounts.models import User
from samenplan.analysis.models import Factor
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases.actions import add_entries, add_entry, lock_case, new_entry
from samenplan.cases.models import Case, DossierEntry, EntryKind, Member, Voice
from samenplan.errors import StaleVersion, check_version
from samenplan.goals import rules
from samenplan.goals.models import (
    Agreement,
    Drieluik,
    Goal,
    GoalStatus,
    MiracleAnswer,
    ProblemAgreement,
    ScaleScore,
    SignsOfSafety,
    Term,
    Whose,
)
from samenplan.intake.actions import latest_safety  # the clarification's latest safety answer
from samenplan.validation import clean_text


def _require_editor(actor: User, case: Case) -> None:
    if not permission_rules.test_rule("cases.change_case", actor, case):
        raise PermissionDenied


def _error(errors: dict, field: str, message: str, code: str) -> None:
    errors.setdefault(field, ValidationError(message, code=code))


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _check_member(errors: dict, field: str, member, case: Case) -> bool:
    if not isinstance(member, Member) or member.family_id != case.family_id:
        _error(errors, field, _("Choose a member of this family."), "unknown_member")
        return False
    return True


def _text(value) -> str:
    """The text without invisible characters around it (zero-width spaces too): "" when nothing visible is left."""
    return clean_text(str(value or ""))


def _dossier(locked: Case, actor: User, text: str, *, voice: str = Voice.PROFESSIONAL, speaker=None) -> None:
    with translation.override(settings.LANGUAGE_CODE):  # the dossier speaks the organisation's language
        add_entry(locked, actor, EntryKind.GOALS, str(text), voice=voice, speaker=speaker)


def case_professionals(case: Case) -> list[User]:
    """Who may score as "the professional": the case's caseworker and co-workers."""
    return [case.caseworker, *case.coworkers.exclude(pk=case.caseworker_id).order_by("pk")]


def is_case_professional(case: Case, user) -> bool:
    """Is ``user`` one of :func:`case_professionals`? No query for the caseworker, one for anyone else."""
    pk = getattr(user, "pk", None)
    if pk is None:
        return False
    return pk == case.caseworker_id or case.coworkers.filter(pk=pk).exists()


# ── Agreement on the question and the problem (§3.4.1) ──────────────────────────────────────────────────────


def do_record_agreement(actor: User, case: Case, *, member, agreement: str, words: str = "") -> ProblemAgreement:
    """Record one participant's agreement (see :func:`do_record_agreements`); errors name the plain fields."""
    answer = {"member": member, "agreement": agreement, "words": words}
    try:
        (record,) = do_record_agreements(actor, case, answers=[answer])
    except ValidationError as error:
        raise ValidationError({k.removeprefix("answers[0]."): v for k, v in error.error_dict.items()}) from error
    return record


def do_record_agreements(actor: User, case: Case, *, answers) -> list[ProblemAgreement]:
    """Record whether participants agree with the question and the problem: yes, partly or no (§3.4.1).

    ``answers``: {"member", "agreement", "words"}. "No" blocks nothing: it is recorded and shown next to the
    goals. Partly and no ask for their own words. All answers are saved together, or none.
    """
    _require_editor(actor, case)
    errors: dict[str, ValidationError] = {}
    if not answers:
        _error(errors, "answers", _("Record the answer of at least one participant."), "required")
    seen: set[int] = set()
    for i, answer in enumerate(answers or ()):
        member, agreement = answer.get("member"), answer.get("agreement")
        if _check_member(errors, f"answers[{i}].member", member, case):
            if member.pk in seen:
                _error(errors, f"answers[{i}].member", _("This person is listed twice."), "duplicate")
            seen.add(member.pk)
        if agreement not in Agreement.values:
            _error(errors, f"answers[{i}].agreement", _("Choose yes, partly or no."), "invalid_choice")
        elif agreement != Agreement.YES and not _text(answer.get("words")):
            _error(
                errors,
                f"answers[{i}].words",
                _("Write down in their own words what they do not agree with."),
                "required",
            )
    _raise(errors)
    with transaction.atomic():
        locked = lock_case(case)
        records = []
        for answer in answers:
            member = answer["member"]
            record = ProblemAgreement.objects.create(
                case=locked,
                member=member,
                agreement=answer["agreement"],
                words=_text(answer.get("words")),
                author=actor,
                recorded_at=clock.now(),
            )
            records.append(record)
            with translation.override(settings.LANGUAGE_CODE):
                answer_label = record.get_agreement_display()
                text = _("Agrees with the question and the problem: %(answer)s.") % {"answer": answer_label}
                if record.words:
                    text = f"{text}\n{record.words}"
            _dossier(locked, actor, text, voice=Voice.FAMILY, speaker=member)
        log.record(actor, Event.CREATE, "goals.record_agreement", case=locked, detail=f"answers={len(records)}")
    return records


def current_agreements(case: Case) -> list[ProblemAgreement]:
    """Each participant's latest agreement, in the order they were first asked."""
    latest: dict[int, ProblemAgreement] = {}
    for record in case.problem_agreements.select_related("member").order_by("recorded_at", "pk"):
        latest.pop(record.member_id, None)
        latest[record.member_id] = record
    return sorted(latest.values(), key=lambda r: (r.member.role == "child", r.member_id))


# ── Goals (§3.4.2) ──────────────────────────────────────────────────────────────────────────────────────────


def goal_factor_choices(case: Case):
    """The factors a goal of this case may aim at (§3.4.2): the changeable (maintaining) and protective factors of
    the case's current coherent picture. Empty when the case has no picture."""
    return (
        Factor.objects.filter(picture__case=case, picture__current=True, kind__in=rules.GOAL_FACTOR_KINDS)
        .select_related("picture")
        .order_by("kind", "pk")
    )


def _check_factors(errors: dict, case: Case, factors) -> None:
    """Each factor belongs to the case's current coherent picture and is changeable or protective."""
    if not factors:
        return
    if any(not isinstance(f, Factor) for f in factors):
        _error(errors, "factors", _("Choose factors of this case's current coherent picture."), "unknown_factor")
        return
    kinds = dict(
        Factor.objects.filter(pk__in=[f.pk for f in factors], picture__case=case, picture__current=True).values_list(
            "pk", "kind"
        )
    )
    if any(f.pk not in kinds for f in factors):
        _error(errors, "factors", _("Choose factors of this case's current coherent picture."), "unknown_factor")
    elif any(not rules.goal_may_aim_at(kinds[f.pk]) for f in factors):
        _error(
            errors,
            "factors",
            _("A goal aims at a factor that can change (a maintaining factor) or that protects, not at a cause."),
            "not_changeable",
        )


def _check_goal(errors: dict, case: Case, *, words, whose, member, term, target_date, today: date | None) -> None:
    if not _text(words):
        _error(errors, "words", _("Write down the goal in the family's own words."), "required")
    if whose not in Whose.values:
        _error(errors, "whose", _("Choose whose goal this is."), "invalid_choice")
    elif whose == Whose.MEMBER:
        if member is None:
            _error(errors, "member", _("Choose the family member whose goal this is."), "required")
        else:
            _check_member(errors, "member", member, case)
    elif member is not None:
        _error(
            errors,
            "member",
            _("Only choose a family member when the goal is one family member's."),
            "member_not_allowed",
        )
    if term not in Term.values:
        _error(errors, "term", _("Choose short term or long term."), "invalid_choice")
    if target_date is not None and today is not None and target_date < today:
        _error(errors, "target_date", _("The target date lies in the past."), "past")


def do_add_goal(
    actor: User,
    case: Case,
    *,
    words: str,
    professional_words: str = "",
    whose: str = Whose.FAMILY,
    member: Member | None = None,
    term: str = Term.SHORT,
    target_date: date | None = None,
    marked_as_family_own: bool = False,
    factors=None,
) -> Goal:
    """Add a goal in the family's own words; it comes last in the priority order.

    ``marked_as_family_own``: the goal is taken from the family's own plan (family group plan, §3.5.2).
    ``factors``: the factors of the case's current coherent picture it aims at (changeable or protective).
    """
    _require_editor(actor, case)
    errors: dict[str, ValidationError] = {}
    _check_goal(
        errors,
        case,
        words=words,
        whose=whose,
        member=member,
        term=term,
        target_date=target_date,
        today=timezone.localdate(clock.now()),
    )
    _check_factors(errors, case, factors)
    _raise(errors)
    with transaction.atomic():
        locked = lock_case(case)  # one change of the priority order at a time
        last = locked.goals.order_by("-position").values_list("position", flat=True).first() or 0
        goal = Goal.objects.create(
            case=locked,
            words=_text(words),
            professional_words=_text(professional_words),
            whose=whose,
            member=member if whose == Whose.MEMBER else None,
            term=term,
            position=last + 1,
            target_date=target_date,
            marked_as_family_own=bool(marked_as_family_own),
            author=actor,
            recorded_at=clock.now(),
        )
        goal.factors.set(factors or ())
        with translation.override(settings.LANGUAGE_CODE):
            text = _goal_text(goal, _("New goal (%(whose)s, %(term)s):"))
        _dossier(locked, actor, text, voice=Voice.FAMILY, speaker=goal.member)
        log.record(actor, Event.CREATE, "goals.add_goal", case=locked, detail=f"goal={goal.pk}")
    return goal


def _goal_text(goal: Goal, heading: str) -> str:
    lines = [heading % {"whose": goal.whose_label, "term": goal.get_term_display()}, goal.words]
    if goal.professional_words:
        lines.append(_("In the professional's words: %(text)s") % {"text": goal.professional_words})
    if goal.target_date:
        lines.append(_("Target date: %(date)s") % {"date": goal.target_date.strftime("%d-%m-%Y")})
    if goal.marked_as_family_own:
        lines.append(_("From the family's own plan."))
    for factor in goal.factors.order_by("kind", "pk"):
        values = {"kind": factor.get_kind_display(), "factor": factor.description}
        lines.append(_("Aims at the %(kind)s factor: %(factor)s") % values)
    return "\n".join(lines)


def do_change_goal(
    actor: User,
    goal: Goal,
    *,
    expected_version,
    words: str,
    professional_words: str = "",
    whose: str = Whose.FAMILY,
    member: Member | None = None,
    term: str = Term.SHORT,
    target_date: date | None = None,
    status: str = GoalStatus.OPEN,
    status_reason: str = "",
    factors=None,
) -> Goal:
    """Change a goal's words, owner, term, target date or status. A dropped goal says why (§3.4.2).

    ``factors``: the factors of the current coherent picture it aims at; ``None`` leaves them as they are.
    """
    case = goal.case
    _require_editor(actor, case)
    errors: dict[str, ValidationError] = {}
    # A target date already in the record may stay in the past (the goal was simply not reached by then).
    _check_goal(
        errors,
        case,
        words=words,
        whose=whose,
        member=member,
        term=term,
        target_date=target_date,
        today=None if target_date == goal.target_date else timezone.localdate(clock.now()),
    )
    if status not in GoalStatus.values:
        _error(errors, "status", _("Choose a status from the list."), "invalid_choice")
    elif rules.needs_reason(status) and not _text(status_reason):
        _error(errors, "status_reason", _("Write down why the goal is dropped."), "required")
    _check_factors(errors, case, factors)
    _raise(errors)
    with transaction.atomic():
        locked_case = lock_case(case)
        locked = Goal.objects.select_for_update(of=("self",)).select_related("member").get(pk=goal.pk)
        check_version(locked, expected_version)
        before = locked.status
        locked.words = _text(words)
        locked.professional_words = _text(professional_words)
        locked.whose = whose
        locked.member = member if whose == Whose.MEMBER else None
        locked.term = term
        locked.target_date = target_date
        locked.status = status
        locked.status_reason = _text(status_reason)
        locked.version += 1
        locked.save(
            update_fields=[
                "words",
                "professional_words",
                "whose",
                "member",
                "term",
                "target_date",
                "status",
                "status_reason",
                "version",
            ]
        )
        if factors is not None:
            locked.factors.set(factors)
        with translation.override(settings.LANGUAGE_CODE):
            text = _goal_text(locked, _("Goal changed (%(whose)s, %(term)s):"))
            if status != before or locked.status_reason:
                text += "\n" + _("Status: %(status)s.") % {"status": locked.get_status_display()}
                if locked.status_reason:
                    text += " " + locked.status_reason
        _dossier(locked_case, actor, text, voice=Voice.FAMILY, speaker=locked.member)
        log.record(actor, Event.CHANGE, "goals.change_goal", case=locked_case, detail=f"goal={locked.pk}")
    return locked


def _order_message(code: str) -> str:
    return {
        rules.STALE_ORDER: _(
            "The order of the goals was changed by someone else in the meantime. Look at the new order, then try again."
        ),
        rules.UNKNOWN_GOAL: _("This goal is not one of this case's goals."),
        rules.AT_EDGE: _("This goal is already at the top or the bottom of the list."),
        rules.UNKNOWN_DIRECTION: _("Choose up or down."),
    }[code]


def do_move_goal(actor: User, case: Case, *, goal_id: int, direction: str, seen_order) -> list[Goal]:
    """Move one goal a place up or down in the priority order.

    ``seen_order``: the goal ids in the order the user saw them. When the stored order differs, somebody else
    changed it in the meantime: refused with ``stale_order``, nothing moves.
    """
    _require_editor(actor, case)
    with transaction.atomic():
        locked = lock_case(case)
        goals = list(locked.goals.select_for_update().order_by("position", "pk"))
        current = [g.pk for g in goals]
        try:
            seen = [int(pk) for pk in seen_order]
            goal_id = int(goal_id)
        except (TypeError, ValueError):
            seen, goal_id = [], -1
        order, refusal = rules.reorder(current, seen, goal_id, direction)
        if refusal is not None:
            field = {rules.STALE_ORDER: "order", rules.UNKNOWN_DIRECTION: "direction"}.get(refusal, "goal")
            raise ValidationError({field: ValidationError(_order_message(refusal), code=refusal)})
        by_id = {g.pk: g for g in goals}
        changed = []
        for position, pk in enumerate(order, start=1):
            if by_id[pk].position != position:
                by_id[pk].position = position
                changed.append(by_id[pk])
        Goal.objects.bulk_update(changed, ["position"])
        moved = by_id[goal_id]
        with translation.override(settings.LANGUAGE_CODE):
            text = _("Priority of a goal changed: now number %(position)s of %(count)s.\n%(words)s") % {
                "position": moved.position,
                "count": len(order),
                "words": moved.words,
            }
        _dossier(locked, actor, text)
        log.record(actor, Event.CHANGE, "goals.move_goal", case=locked, detail=f"goal={goal_id} {direction}")
    return [by_id[pk] for pk in order]


# ── Scale scores (§3.4.3) ───────────────────────────────────────────────────────────────────────────────────


def do_add_score(
    actor: User,
    goal: Goal,
    *,
    score,
    scored_on: date | None = None,
    member: Member | None = None,
    professional: User | None = None,
    desired=None,
    one_point_higher: str = "",
) -> ScaleScore:
    """Record a 0 to 10 score on a goal, given by a member of the case's family or by a professional of the case."""
    case = goal.case
    from samenplan.portal.access import acts_as  # a family member scores for themselves in the portal

    if not acts_as(actor, member):
        _require_editor(actor, case)
    errors: dict[str, ValidationError] = {}
    today = timezone.localdate(clock.now())
    if not rules.on_scale(score):
        message = _("The score is a whole number from 0 (the worst moment) to 10 (goal reached).")
        _error(errors, "score", message, "range")
    if desired is not None and not rules.on_scale(desired):
        _error(errors, "desired", _("The desired score is a whole number from 0 to 10."), "range")
    if scored_on is None:
        _error(errors, "scored_on", _("Give a date."), "required")
    elif scored_on > today:
        _error(errors, "scored_on", _("This date lies in the future."), "future")
    if (member is None) == (professional is None):
        _error(errors, "scorer", _("Choose who gives the score: a family member or the professional."), "required")
    elif member is not None:
        if not isinstance(member, Member) or member.family_id != case.family_id:
            _error(errors, "scorer", _("Choose a member of this family or a professional of this case."), "scorer")
    elif not is_case_professional(case, professional):
        _error(errors, "scorer", _("Choose a member of this family or a professional of this case."), "scorer")
    _raise(errors)
    with transaction.atomic():
        locked = lock_case(case)
        (record,) = add_scores(
            locked,
            actor,
            [{"goal": goal, "member": member, "professional": professional, "score": score, "desired": desired}],
            scored_on=scored_on,
            one_point_higher=one_point_higher,
        )
        log.record(actor, Event.CREATE, "goals.add_score", case=locked, detail=f"goal={goal.pk}")
    return record


def score_entry(locked: Case, actor: User, record: ScaleScore) -> DossierEntry:
    """The timeline entry of a scale score (in the family's voice when a member gave it), not saved yet."""
    with translation.override(settings.LANGUAGE_CODE):  # the dossier speaks the organisation's language
        when = record.scored_on.strftime("%d-%m-%Y")
        lines = [
            _("Scale score %(score)s of 10 on %(date)s by %(who)s, for the goal: %(goal)s")
            % {"score": record.score, "date": when, "who": record.scorer_label, "goal": record.goal},
        ]
        if record.desired is not None:
            lines.append(_("Desired score: %(score)s.") % {"score": record.desired})
        if record.one_point_higher:
            lines.append(_("One point higher would look like: %(text)s") % {"text": record.one_point_higher})
        voice = Voice.FAMILY if record.member else Voice.PROFESSIONAL
        return new_entry(locked, actor, EntryKind.GOALS, "\n".join(lines), voice=voice, speaker=record.member)


def new_scores(actor: User, scores, *, scored_on: date, one_point_higher: str = "") -> list[ScaleScore]:
    """The scale scores :func:`add_scores` saves, not saved yet (for a caller that saves them with its own)."""
    now = clock.now()
    return [
        ScaleScore(
            goal=item["goal"],
            member=item["member"],
            professional=item["professional"],
            score=item["score"],
            desired=item.get("desired"),
            one_point_higher=_text(one_point_higher),
            scored_on=scored_on,
            author=actor,
            recorded_at=now,
        )
        for item in scores
    ]


def add_scores(
    locked: Case, actor: User, scores, *, scored_on: date, one_point_higher: str = "", entries: list | None = None
) -> list[ScaleScore]:
    """Save scale scores checked by the caller ({"goal", "member", "professional", "score", "desired"}) in one
    query, and their timeline entries in one more; with ``entries`` the entries are appended there instead, for
    the caller to save with its own. The caller holds the lock on the case and writes the access-log record."""
    # bulk_create, its INSERT compiled once per connection and count
    records = prepared.insert_many(new_scores(actor, scores, scored_on=scored_on, one_point_higher=one_point_higher))
    made = [score_entry(locked, actor, record) for record in records]
    if entries is None:
        add_entries(made)
    else:
        entries.extend(made)
    return records


# ── Conversation techniques (§3.4.3) ────────────────────────────────────────────────────────────────────────


def do_record_miracle(actor: User, case: Case, *, member, words: str) -> MiracleAnswer:
    """One participant's answer to the miracle question (see :func:`do_record_miracle_answers`)."""
    try:
        (record,) = do_record_miracle_answers(actor, case, answers=[{"member": member, "words": words}])
    except ValidationError as error:
        raise ValidationError({k.removeprefix("answers[0]."): v for k, v in error.error_dict.items()}) from error
    return record


def do_record_miracle_answers(actor: User, case: Case, *, answers) -> list[MiracleAnswer]:
    """Participants' answers to the miracle question, each in their own words; saved together, or none.

    ``answers``: {"member", "words"}.
    """
    _require_editor(actor, case)
    errors: dict[str, ValidationError] = {}
    if not answers:
        _error(errors, "answers", _("Write down the answer of at least one participant."), "required")
    for i, answer in enumerate(answers or ()):
        _check_member(errors, f"answers[{i}].member", answer.get("member"), case)
        if not _text(answer.get("words")):
            _error(errors, f"answers[{i}].words", _("Write down the answer in their own words."), "required")
    _raise(errors)
    with transaction.atomic():
        locked = lock_case(case)
        records = []
        for answer in answers:
            record = MiracleAnswer.objects.create(
                case=locked,
                member=answer["member"],
                words=_text(answer["words"]),
                author=actor,
                recorded_at=clock.now(),
            )
            records.append(record)
            with translation.override(settings.LANGUAGE_CODE):
                text = _("The miracle question:") + "\n" + record.words
            _dossier(locked, actor, text, voice=Voice.FAMILY, speaker=record.member)
        log.record(actor, Event.CREATE, "goals.record_miracle", case=locked, detail=f"answers={len(records)}")
    return records


def _version_of(existing, expected_version) -> None:
    """A first save needs no version; changing what is there names the version it was based on."""
    if existing is not None:
        check_version(existing, expected_version)
    elif expected_version not in (None, "", 0, "0"):
        raise StaleVersion()


def do_save_drieluik(
    actor: User,
    case: Case,
    *,
    nothing_changes: str = "",
    wished: str = "",
    what_we_do: str = "",
    expected_version=None,
) -> Drieluik:
    """Save the case's Drieluik: in six months if nothing changes / how you would like it / what we will do."""
    _require_editor(actor, case)
    values = {"nothing_changes": _text(nothing_changes), "wished": _text(wished), "what_we_do": _text(what_we_do)}
    if not any(values.values()):
        raise ValidationError(
            {"nothing_changes": ValidationError(_("Fill in at least one of the three panels."), code="required")}
        )
    with transaction.atomic():
        locked = lock_case(case)
        existing = Drieluik.objects.select_for_update().filter(case=locked).first()
        _version_of(existing, expected_version)
        now = clock.now()
        if existing is None:
            drieluik = Drieluik.objects.create(case=locked, author=actor, recorded_at=now, **values)
        else:
            drieluik = existing
            for field, value in values.items():
                setattr(drieluik, field, value)
            drieluik.author, drieluik.recorded_at, drieluik.version = actor, now, drieluik.version + 1
            drieluik.save(update_fields=[*values, "author", "recorded_at", "version"])
        with translation.override(settings.LANGUAGE_CODE):
            text = "\n".join(
                (
                    _("Drieluik"),
                    _("In six months, if nothing changes: %(text)s") % {"text": drieluik.nothing_changes or "-"},
                    _("How would you like it to be: %(text)s") % {"text": drieluik.wished or "-"},
                    _("What we will do: %(text)s") % {"text": drieluik.what_we_do or "-"},
                )
            )
        _dossier(locked, actor, text, voice=Voice.FAMILY)
        log.record(actor, Event.CREATE if existing is None else Event.CHANGE, "goals.save_drieluik", case=locked)
    return drieluik


def do_save_signs_of_safety(
    actor: User,
    case: Case,
    *,
    worries: str = "",
    goes_well: str = "",
    must_happen: str = "",
    safety_score=None,
    expected_version=None,
) -> SignsOfSafety:
    """Save the Signs of Safety columns and the 0 to 10 safety scale. Only when the clarification raised concerns."""
    _require_editor(actor, case)
    errors: dict[str, ValidationError] = {}
    if not rules.shows_signs_of_safety(latest_safety(case)):
        _error(
            errors,
            "__all__",
            _(
                "Signs of Safety is used when the clarification found concerns about safety, or found the child "
                "not safe. This case has no such answer."
            ),
            "not_applicable",
        )
    values = {"worries": _text(worries), "goes_well": _text(goes_well), "must_happen": _text(must_happen)}
    if not any(values.values()):
        _error(errors, "worries", _("Fill in at least one of the three columns."), "required")
    if safety_score is not None and not rules.on_scale(safety_score):
        _error(errors, "safety_score", _("The safety score is a whole number from 0 to 10."), "range")
    _raise(errors)
    with transaction.atomic():
        locked = lock_case(case)
        existing = SignsOfSafety.objects.select_for_update().filter(case=locked).first()
        _version_of(existing, expected_version)
        now = clock.now()
        if existing is None:
            record = SignsOfSafety.objects.create(
                case=locked, safety_score=safety_score, author=actor, recorded_at=now, **values
            )
        else:
            record = existing
            for field, value in values.items():
                setattr(record, field, value)
            record.safety_score = safety_score
            record.author, record.recorded_at, record.version = actor, now, record.version + 1
            record.save(update_fields=[*values, "safety_score", "author", "recorded_at", "version"])
        with translation.override(settings.LANGUAGE_CODE):
            score = "-" if safety_score is None else str(safety_score)
            text = "\n".join(
                (
                    _("Signs of Safety. Safety score: %(score)s of 10.") % {"score": score},
                    _("Worries: %(text)s") % {"text": record.worries or "-"},
                    _("What goes well: %(text)s") % {"text": record.goes_well or "-"},
                    _("What must happen: %(text)s") % {"text": record.must_happen or "-"},
                )
            )
        _dossier(locked, actor, text)
        log.record(actor, Event.CREATE if existing is None else Event.CHANGE, "goals.save_signs_of_safety", case=locked)
    return record

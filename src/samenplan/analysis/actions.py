"""Every step of the problem-and-strengths analysis goes through here (DOMAIN §3.3).

Each action checks everything first (a precise Dutch error per field, nothing half-saved), then writes in one
transaction: the records, the entry on the case's timeline and the access-log record. Asking another agency for
information goes through ``consent.services.allows``; skipping the analysis goes through the phase machine
(``cases.actions.move_phase``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import rules as permission_rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samenplan import clock
from samenplan.accounts.models import Membership, Role, User
from samenplan.analysis import (
    predicates,  # noqa: F401  (registers the rules)
    rules,
)
from samenplan.analysis.messages import message
from samenplan.analysis.models import (
    Circumstance,
    CoherentPicture,
    Consultation,
    ConsultationStatus,
    Factor,
    FactorDomain,
    FactorKind,
    FactorSource,
    FamilyAgreement,
    FamilyView,
    InvestigationQuestion,
    Method,
    PsychoEducation,
    SpecialCircumstance,
)
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases.actions import add_entry, lock_case, move_phase
from samenplan.cases.models import Case, EntryKind, Member, Phase, Voice
from samenplan.consent import services
from samenplan.consent.models import DataKind, Purpose, Recipient
from samenplan.errors import check_version
from samenplan.instruments.models import Definition
from samenplan.intake import phases

MAX_FACTORS = 30
FACTOR_LINES = {
    FactorKind.CAUSAL: lambda: _("Causal factor (%(domain)s, source: %(source)s): %(text)s"),
    FactorKind.MAINTAINING: lambda: _("Maintaining factor (%(domain)s, source: %(source)s): %(text)s"),
    FactorKind.PROTECTIVE: lambda: _("Protective factor (%(domain)s, source: %(source)s): %(text)s"),
}
MAX_MEMBERS = 50


def _require_editor(actor: User, case: Case) -> None:
    if not permission_rules.test_rule("cases.change_case", actor, case):
        raise PermissionDenied


def _error(errors: dict, field: str, text: str, code: str) -> None:
    errors.setdefault(field, ValidationError(text, code=code))


def _required(errors: dict, field: str, value: str, text: str) -> str:
    value = (value or "").strip()
    if not value:
        _error(errors, field, text, "required")
    return value


def _members(errors: dict, field: str, members, case: Case, *, required: str | None) -> list[Member]:
    members = list(dict.fromkeys(members or ()))
    if not members and required:
        _error(errors, field, required, "required")
    elif len(members) > MAX_MEMBERS:
        _error(errors, field, _("Choose at most %(maximum)d family members.") % {"maximum": MAX_MEMBERS}, "too_many")
    elif any(not isinstance(m, Member) or m.family_id != case.family_id for m in members):
        _error(errors, field, _("Choose members of this family."), "unknown_member")
    return members


def _text(template: str, **values) -> str:
    """A dossier text in the organisation's language (the dossier is one record for everyone)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(template) % values


# ── Special circumstances and the investigation plan (§3.3.1, G4.1) ───────────────────────────────────────


def do_record_circumstance(
    actor: User, case: Case, *, member: Member, code: str, language: str = "", note: str = ""
) -> SpecialCircumstance:
    """Record a family member's special circumstance; the plan warns when an instrument does not suit it."""
    _require_editor(actor, case)
    errors: dict[str, ValidationError] = {}
    if not isinstance(member, Member) or member.family_id != case.family_id:
        _error(errors, "member", _("Choose a member of this family."), "unknown_member")
    if code not in Circumstance.values:
        _error(errors, "code", _("Choose a circumstance from the list."), "invalid_choice")
    elif (refusal := rules.circumstance_refusal(code, language or "")) is not None:
        _error(errors, "language", message(refusal), refusal)
    if not errors and SpecialCircumstance.objects.filter(case=case, member=member, code=code).exists():
        _error(errors, "code", _("This circumstance is already recorded for %(name)s.") % {"name": member}, "duplicate")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_case(case)
        item = SpecialCircumstance.objects.create(
            case=case,
            member=member,
            code=code,
            language=(language or "").strip(),
            note=(note or "").strip(),
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        with translation.override(settings.LANGUAGE_CODE):
            text = _("Special circumstance recorded for %(name)s: %(what)s.") % {
                "name": member,
                "what": Circumstance(code).label + (f" ({item.language})" if item.language else ""),
            }
        add_entry(case, actor, EntryKind.ANALYSIS, text, voice=Voice.SYSTEM)
        log.record(actor, Event.CREATE, "analysis.record_circumstance", case=case, member=member)
    return item


def do_add_question(
    actor: User,
    case: Case,
    *,
    question: str,
    information_needed: str,
    method: str,
    made_with,
    about: Member | None = None,
    instrument: Definition | None = None,
    recipient: Recipient | None = None,
    data_kinds=(),
) -> InvestigationQuestion:
    """Add a question to the investigation plan, made together with the family (G4.1).

    Information from another agency is asked only with the family's consent for asking that agency for those data
    (G4.7, L2): refused with the messages of ``consent.services.allows`` otherwise, and nothing is saved.
    """
    _require_editor(actor, case)
    errors: dict[str, ValidationError] = {}
    question = _required(errors, "question", question, _("Write down the question that needs an answer."))
    information_needed = _required(
        errors, "information_needed", information_needed, _("Write down which information is needed to answer it.")
    )
    made_with = _members(errors, "made_with", made_with, case, required=_("Choose with whom the plan was made."))
    if about is not None and (not isinstance(about, Member) or about.family_id != case.family_id):
        _error(errors, "about", _("Choose a member of this family."), "unknown_member")
    kinds = list(dict.fromkeys(data_kinds or ()))
    if method not in Method.values:
        _error(errors, "method", _("Choose how the information is collected."), "invalid_choice")
    else:
        refusal = rules.method_refusal(method, instrument is not None, recipient is not None)
        if refusal is not None:
            field = "instrument" if refusal.startswith("instrument") else "recipient"
            _error(errors, field, message(refusal), refusal)
        if instrument is not None and not _usable(instrument, case):
            _error(errors, "instrument", _("Choose a questionnaire your organisation may use."), "invalid_choice")
        if method == Method.INSTRUMENT and about is None:
            _error(errors, "about", _("Choose who fills in the questionnaire or whom it is about."), "required")
        if method == Method.OTHER_AGENCY:
            if recipient is not None and recipient.case_id != case.pk:
                _error(errors, "recipient", _("Choose a recipient of this case."), "invalid_choice")
            if not kinds:
                _error(errors, "data_kinds", _("Choose which data you ask for: only what is needed."), "required")
        elif kinds:
            _error(errors, "data_kinds", _("Kinds of data are only asked from another agency."), "invalid")
    if any(k not in DataKind.values for k in kinds):
        _error(errors, "data_kinds", _("Choose kinds of data from the list."), "invalid_choice")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_case(case)  # like a revocation: a consent revoked a moment ago is never used by a question added now
        if method == Method.OTHER_AGENCY:
            allowed = services.allows(case, recipient, Purpose.REQUEST_INFORMATION, kinds)
            if not allowed:
                raise ValidationError({"recipient": [ValidationError(m.message, code=m.code) for m in allowed.missing]})
        item = InvestigationQuestion.objects.create(
            case=case,
            question=question,
            information_needed=information_needed,
            method=method,
            about=about,
            instrument=instrument,
            recipient=recipient,
            data_kinds=kinds,
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        item.made_with.set(made_with)
        with translation.override(settings.LANGUAGE_CODE):
            how = Method(method).label
            if instrument is not None:
                how = f"{how}: {instrument}"
            if recipient is not None:
                how = f"{how}: {recipient}"
            text = _("Investigation plan, made with %(names)s. Question: %(question)s Information needed: "
                     "%(needed)s How: %(how)s.") % {
                "names": ", ".join(str(m) for m in made_with),
                "question": question,
                "needed": information_needed,
                "how": how,
            }  # fmt: skip
        add_entry(case, actor, EntryKind.ANALYSIS, text, voice=Voice.SYSTEM)
        log.record(actor, Event.CREATE, "analysis.add_question", case=case, detail=f"question={item.pk}")
    return item


def _usable(definition: Definition, case: Case) -> bool:
    return definition.organisation_id in (None, case.family.organisation_id)


# ── The coherent picture (§3.3.2 to §3.3.3, G4.2, G4.3) ──────────────────────────────────────────────────────


def _check_factors(errors: dict, factors) -> list[dict]:
    factors = list(factors or ())
    if len(factors) > MAX_FACTORS:
        _error(errors, "factors", _("Name at most %(maximum)d factors.") % {"maximum": MAX_FACTORS}, "too_many")
        return []
    cleaned = []
    for i, factor in enumerate(factors):
        description = str(factor.get("description") or "").strip()
        if not description:
            _error(errors, f"factors[{i}].description", _("Describe the factor."), "required")
        for field, choices, text in (
            ("kind", FactorKind, _("Choose: causal, maintaining or protective.")),
            ("domain", FactorDomain, _("Choose: child, parent, family or environment.")),
            ("source", FactorSource, _("Choose where this comes from: conversation, instrument or other agency.")),
        ):
            if factor.get(field) not in choices.values:
                _error(errors, f"factors[{i}].{field}", text, "invalid_choice")
        cleaned.append({**{k: factor.get(k) for k in ("kind", "domain", "source")}, "description": description})
    return cleaned


def do_save_picture(
    actor: User,
    case: Case,
    *,
    nature_severity: str,
    safety: str,
    strengths: str,
    resources: str = "",
    multiple_and_complex: bool = False,
    factors=(),
    expected_version: int | None = None,
) -> CoherentPicture:
    """Write the coherent picture: nature and severity, the factors, safety, strengths and resources.

    A draft changes in place; once discussed with the family (or final) a change makes a new version and the
    earlier one stays. Changing an existing picture needs the version last read (optimistic locking).
    """
    _require_editor(actor, case)
    errors: dict[str, ValidationError] = {}
    fields = {
        "nature_severity": _required(
            errors, "nature_severity", nature_severity, _("Describe the nature and severity of the problems.")
        ),
        "safety": _required(errors, "safety", safety, _("Describe the child's safety.")),
        "strengths": _required(errors, "strengths", strengths, _("Write down what goes well: the strengths.")),
        "resources": (resources or "").strip(),
        "multiple_and_complex": bool(multiple_and_complex),
    }
    factors = _check_factors(errors, factors)
    if not factors and "factors" not in errors:
        _error(errors, "factors", message(rules.NO_FACTORS), rules.NO_FACTORS)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_case(case)
        current = CoherentPicture.objects.select_for_update().filter(case=case, current=True).first()
        if current is not None:
            check_version(current, expected_version)
        now = clock.now()
        if current is None or rules.new_version_needed(current.is_shared, current.is_final):
            number = (case.pictures.aggregate(n=Max("number"))["n"] or 0) + 1
            if current is not None:
                current.current = False
                current.save(update_fields=["current"])
            picture = CoherentPicture.objects.create(
                case=case, number=number, recorded_by=actor, recorded_at=now, **fields
            )
            event = Event.CREATE
        else:
            picture = current
            for key, value in fields.items():
                setattr(picture, key, value)
            picture.recorded_by, picture.recorded_at = actor, now
            picture.version += 1
            picture.save(update_fields=[*fields, "recorded_by", "recorded_at", "version"])
            picture.factors.all().delete()
            event = Event.CHANGE
        Factor.objects.bulk_create(Factor(picture=picture, **f) for f in factors)
        with translation.override(settings.LANGUAGE_CODE):
            lines = [
                _("Coherent picture, version %(number)s.") % {"number": picture.number},
                _("Nature and severity: %(text)s") % {"text": picture.nature_severity},
            ]
            for f in factors:
                lines.append(
                    FACTOR_LINES[f["kind"]]()
                    % {
                        "domain": FactorDomain(f["domain"]).label,
                        "source": FactorSource(f["source"]).label,
                        "text": f["description"],
                    }
                )
            lines.append(_("Safety: %(text)s") % {"text": picture.safety})
            lines.append(_("Strengths: %(text)s") % {"text": picture.strengths})
            if picture.resources:
                lines.append(_("Resources: %(text)s") % {"text": picture.resources})
            if picture.multiple_and_complex:
                lines.append(_("The problems are multiple and complex."))
        add_entry(case, actor, EntryKind.ANALYSIS, "\n".join(lines), voice=Voice.SYSTEM)
        log.record(actor, event, "analysis.save_picture", case=case, detail=f"picture={picture.pk}")
    picture.refresh_from_db()
    return picture


def do_share_picture(actor: User, picture: CoherentPicture, *, views, expected_version: int | None) -> CoherentPicture:
    """Record that the picture was discussed with the family, and how each participant sees it, in their words.

    From now on a change to the picture makes a new version (the family saw this one).
    """
    case = picture.case
    _require_editor(actor, case)
    errors: dict[str, ValidationError] = {}
    views = list(views or ())
    if not views:
        _error(errors, "views", _("Record for at least one participant how they see the picture."), "required")
    seen: set[int] = set()
    for i, view in enumerate(views):
        member = view.get("member")
        if not isinstance(member, Member) or member.family_id != case.family_id:
            _error(errors, f"views[{i}].member", _("Choose a member of this family."), "unknown_member")
        elif member.pk in seen:
            _error(errors, f"views[{i}].member", _("This person is listed twice."), "duplicate")
        else:
            seen.add(member.pk)
        if view.get("agreement") not in FamilyAgreement.values:
            _error(errors, f"views[{i}].agreement", _("Choose: agrees, partly or does not agree."), "required")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_case(case)
        locked = CoherentPicture.objects.select_for_update().get(pk=picture.pk)
        check_version(locked, expected_version)
        if not locked.current:
            raise ValidationError(_("This is an earlier version of the picture; open the current one."), code="old")
        # A family member may have given their own view in the portal already (do_family_view): then this
        # version counts as seen by the family, and only the others' views can still be recorded.
        recorded = set(locked.family_views.values_list("member_id", flat=True))
        if recorded & {v["member"].pk for v in views}:
            raise ValidationError(
                _("The family's view of this version is already recorded. Change the picture to make a new version."),
                code="already_shared",
            )
        now = clock.now()
        FamilyView.objects.bulk_create(
            FamilyView(
                picture=locked, member=v["member"], agreement=v["agreement"], words=str(v.get("words") or "").strip()
            )
            for v in views
        )
        was_shared = locked.is_shared
        locked.shared_at = locked.shared_at or now
        locked.version += 1
        locked.save(update_fields=["shared_at", "version"])
        if not was_shared:
            add_entry(
                case,
                actor,
                EntryKind.ANALYSIS,
                _text(
                    gettext_noop("Coherent picture, version %(number)s, discussed with the family."),
                    number=locked.number,
                ),
                voice=Voice.SYSTEM,
            )
        for v in views:
            with translation.override(settings.LANGUAGE_CODE):
                text = _("About the coherent picture: %(agreement)s.") % {
                    "agreement": FamilyAgreement(v["agreement"]).label
                }
            words = str(v.get("words") or "").strip()
            add_entry(
                case, actor, EntryKind.ANALYSIS, f"{text}\n{words}" if words else text,
                voice=Voice.FAMILY, speaker=v["member"],
            )  # fmt: skip
        log.record(actor, Event.CHANGE, "analysis.share_picture", case=case, detail=f"picture={locked.pk}")
    return locked


def do_family_view(
    user: User, member: Member, picture: CoherentPicture, *, agreement: str, words: str = "", expected_version
) -> FamilyView:
    """A parent or youth gives their own view of the current coherent picture in the portal: agrees, partly or
    not, in their own words. It replaces a view recorded for them earlier on this version (the dossier keeps
    both). The family has then seen this version: a later change makes a new one. ``expected_version``: the
    version of the picture they read (a picture changed meanwhile is not answered unseen)."""
    from samenplan.portal.access import acts_as

    case = picture.case
    if not acts_as(user, member) or member.family_id != case.family_id:
        raise PermissionDenied
    errors: dict[str, ValidationError] = {}
    words = (words or "").strip()
    if agreement not in FamilyAgreement.values:
        _error(errors, "agreement", _("Choose: agrees, partly or does not agree."), "required")
    elif agreement != FamilyAgreement.AGREES and not words:
        _error(errors, "words", _("Write down, in their own words, what they see differently."), "required")
    if len(words) > 5000:
        _error(errors, "words", _("This text is too long: at most 5000 characters."), "too_long")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_case(case)
        locked = CoherentPicture.objects.select_for_update().get(pk=picture.pk)
        check_version(locked, expected_version)
        if not locked.current:
            raise ValidationError(_("This is an earlier version of the picture; open the current one."), code="old")
        view, _created = FamilyView.objects.update_or_create(
            picture=locked, member=member, defaults={"agreement": agreement, "words": words}
        )
        locked.shared_at = locked.shared_at or clock.now()
        locked.version += 1
        locked.save(update_fields=["shared_at", "version"])
        with translation.override(settings.LANGUAGE_CODE):
            text = _("About the coherent picture, version %(number)s: %(agreement)s.") % {
                "number": locked.number,
                "agreement": FamilyAgreement(agreement).label,
            }
        add_entry(
            case, user, EntryKind.ANALYSIS, f"{text}\n{words}" if words else text, voice=Voice.FAMILY, speaker=member
        )
        log.record(user, Event.CHANGE, "analysis.family_view", case=case, member=member, detail=f"picture={locked.pk}")
    return view


def _answered_consultation(case: Case) -> bool:
    return case.consultations.filter(status=ConsultationStatus.ANSWERED).exists()


def do_finalise_picture(actor: User, picture: CoherentPicture, *, expected_version: int | None) -> CoherentPicture:
    """Finalise the coherent picture; with multiple and complex problems only after a behavioural scientist's
    advice (or a team lead's override with a reason). The analysis route may then go on to goals."""
    case = picture.case
    _require_editor(actor, case)
    with transaction.atomic():
        lock_case(case)
        locked = CoherentPicture.objects.select_for_update().get(pk=picture.pk)
        check_version(locked, expected_version)
        if not locked.current:
            raise ValidationError(_("This is an earlier version of the picture; open the current one."), code="old")
        refusal = rules.finalise_refusal(
            finalised=locked.is_final,
            shared=locked.is_shared,
            factor_kinds=locked.factors.values_list("kind", flat=True),
            multiple_and_complex=locked.multiple_and_complex,
            answered_consultation=_answered_consultation(case),
            override=bool(locked.override_reason),
        )
        if refusal is not None:
            raise ValidationError(message(refusal), code=refusal)
        locked.finalised_at, locked.finalised_by = clock.now(), actor
        locked.version += 1
        locked.save(update_fields=["finalised_at", "finalised_by", "version"])
        add_entry(
            case,
            actor,
            EntryKind.ANALYSIS,
            _text(gettext_noop("Coherent picture, version %(number)s, is final."), number=locked.number),
            voice=Voice.SYSTEM,
        )
        log.record(actor, Event.CHANGE, "analysis.finalise_picture", case=case, detail=f"picture={locked.pk}")
    return locked


def do_override_consultation(
    actor: User, picture: CoherentPicture, *, reason: str, expected_version: int | None
) -> CoherentPicture:
    """A team lead records why this picture may be final without a behavioural scientist's advice."""
    case = picture.case
    if not permission_rules.test_rule("analysis.override_consultation", actor, case):
        raise PermissionDenied
    errors: dict[str, ValidationError] = {}
    reason = _required(errors, "reason", reason, _("Write down why no consultation is needed."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_case(case)
        locked = CoherentPicture.objects.select_for_update().get(pk=picture.pk)
        check_version(locked, expected_version)
        if not locked.current or locked.is_final:
            raise ValidationError(_("Only the current picture, before it is final."), code="not_current")
        locked.override_reason, locked.override_by, locked.override_at = reason, actor, clock.now()
        locked.version += 1
        locked.save(update_fields=["override_reason", "override_by", "override_at", "version"])
        add_entry(
            case,
            actor,
            EntryKind.CONSULTATION,
            _text(
                gettext_noop("The team lead decided that no consultation is needed for this picture. Why: %(reason)s"),
                reason=reason,
            ),
            voice=Voice.PROFESSIONAL,
        )
        log.record(actor, Event.CHANGE, "analysis.override_consultation", case=case, detail=f"picture={locked.pk}")
    return locked


# ── Consultation of a behavioural scientist (§1.9, §3.3.4, G2.7, G4.4) ───────────────────────────────────


def scientists_for(case: Case):
    """The behavioural scientists of the case's organisation whom the caseworker may consult."""
    ids = Membership.objects.filter(
        role=Role.BEHAVIOURAL_SCIENTIST, team__organisation_id=case.family.organisation_id, user__is_active=True
    ).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("first_name", "last_name", "username")


def do_request_consultation(
    actor: User, case: Case, *, scientist: User, question: str, agreed_by, conditions: str
) -> Consultation:
    """Ask a behavioural scientist about the case, with the current coherent picture attached and the family's
    agreement and conditions recorded. The scientist sees the case until the advice is in."""
    _require_editor(actor, case)
    errors: dict[str, ValidationError] = {}
    if scientist is None or not scientists_for(case).filter(pk=scientist.pk).exists():
        _error(errors, "scientist", _("Choose a behavioural scientist of your organisation."), "invalid_choice")
    question = _required(errors, "question", question, _("Write down what you ask the behavioural scientist."))
    agreed_by = _members(
        errors, "agreed_by", agreed_by, case, required=_("Record who in the family agreed to the consultation.")
    )
    conditions = _required(
        errors, "conditions", conditions, _("Write down the family's conditions (or that they set none).")
    )
    picture = case.pictures.filter(current=True).first()
    if picture is None:
        _error(errors, "__all__", _("Write the coherent picture first: it goes with the question."), "no_picture")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_case(case)
        consultation = Consultation.objects.create(
            case=case,
            picture=picture,
            scientist=scientist,
            question=question,
            conditions=conditions,
            requested_by=actor,
            requested_at=clock.now(),
        )
        consultation.agreed_by.set(agreed_by)
        add_entry(
            case,
            actor,
            EntryKind.CONSULTATION,
            _text(
                gettext_noop(
                    "Consultation asked of %(scientist)s about the coherent picture, version %(number)s. Question: "
                    "%(question)s Agreed by: %(names)s. The family's conditions: %(conditions)s"
                ),
                scientist=scientist,
                number=picture.number,
                question=question,
                names=", ".join(str(m) for m in agreed_by),
                conditions=conditions,
            ),
            voice=Voice.SYSTEM,
        )
        log.record(
            actor, Event.CREATE, "analysis.request_consultation", case=case, detail=f"consultation={consultation.pk}"
        )
    return consultation


def do_answer_consultation(
    actor: User, consultation: Consultation, *, advice: str, expected_version: int | None
) -> Consultation:
    """The behavioural scientist's advice; it lands in the dossier in their words. The request closes."""
    if not permission_rules.test_rule("analysis.answer_consultation", actor, consultation):
        raise PermissionDenied
    errors: dict[str, ValidationError] = {}
    advice = _required(errors, "advice", advice, _("Write down your advice."))
    if errors:
        raise ValidationError(errors)
    case = consultation.case
    with transaction.atomic():
        lock_case(case)
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        check_version(locked, expected_version)
        if not locked.is_open:
            raise ValidationError(_("This consultation has already been answered."), code="already_answered")
        locked.advice, locked.status, locked.answered_at = advice, ConsultationStatus.ANSWERED, clock.now()
        locked.version += 1
        locked.save(update_fields=["advice", "status", "answered_at", "version"])
        add_entry(
            case,
            actor,
            EntryKind.CONSULTATION,
            _text(
                gettext_noop("Advice of behavioural scientist %(scientist)s: %(advice)s"),
                scientist=actor,
                advice=advice,
            ),
            voice=Voice.PROFESSIONAL,
        )
        log.record(actor, Event.CHANGE, "analysis.answer_consultation", case=case, detail=f"consultation={locked.pk}")
    return locked


# ── Psycho-education (§3.3.5, G4.5) ───────────────────────────────────────────────────────────────────────


def do_record_psycho_education(
    actor: User,
    case: Case,
    *,
    topic: str,
    explained: str,
    given_to,
    material_title: str = "",
    material_description: str = "",
    given_on: date | None = None,
) -> PsychoEducation:
    _require_editor(actor, case)
    today = timezone.localdate(clock.now())
    given_on = given_on or today
    errors: dict[str, ValidationError] = {}
    topic = _required(errors, "topic", topic, _("Write down the topic."))
    explained = _required(
        errors,
        "explained",
        explained,
        _("Write down what was explained: meaning, what they can do, which help exists."),
    )
    given_to = _members(errors, "given_to", given_to, case, required=_("Choose to whom it was explained."))
    material_title, material_description = (material_title or "").strip(), (material_description or "").strip()
    if material_description and not material_title:
        _error(errors, "material_title", _("Give the material a title."), "required")
    if given_on > today:
        _error(errors, "given_on", _("This date lies in the future."), "future")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_case(case)
        item = PsychoEducation.objects.create(
            case=case,
            topic=topic,
            explained=explained,
            material_title=material_title,
            material_description=material_description,
            given_on=given_on,
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        item.given_to.set(given_to)
        with translation.override(settings.LANGUAGE_CODE):
            text = _("Psycho-education on %(date)s for %(names)s about %(topic)s: %(explained)s") % {
                "date": formats.date_format(given_on, "d-m-Y"),
                "names": ", ".join(str(m) for m in given_to),
                "topic": topic,
                "explained": explained,
            }
            if material_title:
                text = " ".join((text, _("Material given: %(title)s.") % {"title": material_title}))
        add_entry(case, actor, EntryKind.ANALYSIS, text, voice=Voice.SYSTEM)
        log.record(actor, Event.CREATE, "analysis.psycho_education", case=case, detail=f"psycho_education={item.pk}")
    return item


# ── Skipping the analysis (§3.3, G4.6) ────────────────────────────────────────────────────────────────────


def do_skip_analysis(actor: User, case: Case, *, reason: str, expected_version: int | None) -> Case:
    """Under a child-protection measure, with extensive information available beforehand, the analysis may be
    skipped with a recorded reason: the case goes on to goals, as the phase machine allows."""
    if not permission_rules.test_rule("cases.change_case", actor, case):
        raise PermissionDenied
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = lock_case(case)
        check_version(locked, expected_version)
        facts = replace(phases.facts_for(locked), analysis_skip_reason=reason)
        if locked.phase != Phase.ANALYSIS:
            raise ValidationError(
                {"reason": ValidationError(_("Only a case in the analysis can skip it."), code="not_in_analysis")}
            )
        note = _text(gettext_noop("The analysis is skipped. Why: %(reason)s"), reason=reason) if reason else ""
        move_phase(actor, locked, Phase.GOALS, facts, note=note)
        log.record(actor, Event.CHANGE, "analysis.skip", case=locked, detail="analysis->goals")
    return locked

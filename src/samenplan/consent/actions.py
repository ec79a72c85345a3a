"""Recording and revoking consent, and asking others for information: each in one transaction with its
dossier entry and its access-log record. Views, the API, the demo data and tests call these."""

from __future__ import annotations

from datetime import date

import rules as permission_rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from samenplan.accounts.models import User
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases.actions import add_entry, lock_case
from samenplan.cases.models import Case, DossierEntry, EntryKind, Member, Voice
from samenplan.consent import rules, services
from samenplan.consent.models import (
    Consent,
    ConsentProposal,
    DataKind,
    InformationRequest,
    Purpose,
    Recipient,
    RecipientKind,
    RecipientRole,
)
from samenplan.errors import StaleVersion


def _entry(case: Case, author: User, kind: str, text: str) -> DossierEntry:
    return DossierEntry.objects.create(
        case=case, author=author, at=timezone.now(), kind=kind, voice=Voice.SYSTEM, text=text
    )


def _require_editor(actor: User, case: Case) -> None:
    if not permission_rules.test_rule("cases.change_case", actor, case):
        raise PermissionDenied


def _recipient(case: Case, name: str, kind: str, role: str, contact: str) -> Recipient:
    """The case's recipient of this name and role (named again, found again), or a new one."""
    name = name.strip()
    found = Recipient.objects.filter(case=case, name__iexact=name, role=role).first()
    return found or Recipient.objects.create(case=case, name=name, kind=kind, role=role, contact=contact.strip())


def _lock_open_consent(consent: Consent, expected_version) -> Consent:
    """The consent row, locked, as the client last read it (StaleVersion otherwise) and not yet revoked."""
    locked = Consent.objects.select_for_update().select_related("recipient").get(pk=consent.pk)
    if expected_version is not None and int(expected_version) != locked.version:
        raise StaleVersion()
    if locked.revoked_at is not None:
        raise ValidationError(_("This consent has already been revoked."), code="already_revoked")
    return locked


def _check_what_is_shared(
    errors: dict, recipient_name: str, recipient_kind: str, recipient_role: str, purpose: str, data_kinds, benefit: str
) -> list[str]:
    """The checks a consent and a proposed consent share: who receives the data, what for, which data (returned,
    checked) and why it helps the family."""
    if not recipient_name.strip():
        errors["recipient_name"] = ValidationError(_("Say with whom the data may be shared."), code="required")
    if recipient_kind not in RecipientKind.values:
        errors["recipient_kind"] = ValidationError(_("Choose organisation or person."), code="invalid_choice")
    if recipient_role not in RecipientRole.values:
        errors["recipient_role"] = ValidationError(_("Choose the recipient's role."), code="invalid_choice")
    if purpose not in Purpose.values:
        errors["purpose"] = ValidationError(_("Choose what the data are shared for."), code="invalid_choice")
    kinds = _check_data_kinds(data_kinds, errors)
    if not benefit.strip():
        errors["benefit"] = ValidationError(_("Write down why sharing these data helps the family."), code="required")
    return kinds


def _check_data_kinds(data_kinds, errors: dict) -> list[str]:
    kinds = list(dict.fromkeys(data_kinds or ()))
    if not kinds:
        errors["data_kinds"] = ValidationError(_("Choose at least one kind of data."), code="required")
    elif any(k not in DataKind.values for k in kinds):
        errors["data_kinds"] = ValidationError(_("Choose kinds of data from the list."), code="invalid_choice")
    return kinds


def _kinds_text(kinds) -> str:
    return ", ".join(str(DataKind(k).label) for k in kinds)


def _day(value: date) -> str:
    return formats.date_format(value, "d-m-Y")


def do_record_consent(
    actor: User,
    case: Case,
    *,
    recipient_name: str,
    recipient_kind: str,
    recipient_role: str,
    purpose: str,
    data_kinds,
    benefit: str,
    givers,
    given_on: date | None = None,
    expires_on: date | None = None,
    recipient_contact: str = "",
) -> Consent:
    """Record that family members consent to sharing data kinds with a recipient for a purpose.

    Each giver must be a member of the family who may consent on ``given_on`` (the age rules); the
    professional writes down why sharing helps the family (DOMAIN §6).
    """
    _require_editor(actor, case)
    today = timezone.localdate()
    given_on = given_on or today
    errors: dict[str, ValidationError] = {}
    kinds = _check_what_is_shared(errors, recipient_name, recipient_kind, recipient_role, purpose, data_kinds, benefit)
    if given_on > today:
        errors["given_on"] = ValidationError(_("The date of consent lies in the future."), code="future")
    if expires_on is not None and expires_on < max(given_on, today):
        errors["expires_on"] = ValidationError(
            _("The end date lies before today or before the date of consent."), code="before_given"
        )
    givers = list(dict.fromkeys(givers or ()))
    family = list(case.family.members.all())
    if not givers:
        errors["givers"] = ValidationError(_("Choose who gives consent."), code="required")
    elif any(g.family_id != case.family_id for g in givers):
        errors["givers"] = ValidationError(_("Choose members of this family."), code="invalid_choice")
    else:
        everyone = services.people(family)
        limits = services.thresholds(case.family.organisation_id)
        refused = [
            problem
            for giver in givers
            if (problem := rules.may_consent(services.person(giver), everyone, given_on, limits))
        ]
        if refused:
            errors["givers"] = ValidationError(
                [ValidationError(services.problem_message(p, limits), code=p.code) for p in refused]
            )
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        lock_case(case)  # one sharing decision at a time per case
        recipient = _recipient(case, recipient_name, recipient_kind, recipient_role, recipient_contact)
        consent = Consent.objects.create(
            case=case,
            recipient=recipient,
            purpose=purpose,
            data_kinds=kinds,
            benefit=benefit.strip(),
            given_on=given_on,
            expires_on=expires_on,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        consent.givers.set(givers)
        with translation.override(settings.LANGUAGE_CODE):  # the dossier speaks the organisation's language
            text = _(
                "Consent given by %(givers)s to share with %(recipient)s for: %(purpose)s. Data: %(kinds)s. "
                "Why this helps the family: %(benefit)s"
            ) % {
                "givers": ", ".join(str(g) for g in givers),
                "recipient": recipient,
                "purpose": Purpose(purpose).label,
                "kinds": _kinds_text(kinds),
                "benefit": consent.benefit,
            }
            if expires_on:
                text = " ".join((text, _("Valid until %(date)s.") % {"date": _day(expires_on)}))
        _entry(case, actor, EntryKind.CONSENT, text)
        log.record(actor, Event.CREATE, "consent.record", case=case, detail=f"consent={consent.pk}")
    return consent


def do_revoke_consent(
    actor: User, consent: Consent, *, revoked_by: Member, reason: str, expected_version: int | None
) -> Consent:
    """Revoke a consent. It stops allowing anything at once: from this moment ``allows`` refuses."""
    case = consent.case
    from samenplan.portal.access import acts_as  # a family member revokes their own consent in the portal

    if not acts_as(actor, revoked_by):
        _require_editor(actor, case)
    errors: dict[str, ValidationError] = {}
    if revoked_by is None or revoked_by.family_id != case.family_id:
        errors["revoked_by"] = ValidationError(_("Choose a member of this family."), code="invalid_choice")
    elif not consent.givers.filter(pk=revoked_by.pk).exists():
        errors["revoked_by"] = ValidationError(
            _("%(name)s did not give this consent; only whoever gave it can revoke it.") % {"name": revoked_by},
            code="not_a_giver",
        )
    if not reason.strip():
        errors["reason"] = ValidationError(_("Write down why the consent is revoked."), code="required")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_case(case)
        locked = _lock_open_consent(consent, expected_version)
        locked.revoked_at = timezone.now()
        locked.revoked_by = revoked_by
        locked.revocation_reason = reason.strip()
        locked.revocation_recorded_by = actor
        locked.version += 1
        locked.save(
            update_fields=["revoked_at", "revoked_by", "revocation_reason", "revocation_recorded_by", "version"]
        )
        with translation.override(settings.LANGUAGE_CODE):
            text = _("%(name)s revoked the consent to share with %(recipient)s for: %(purpose)s. Why: %(reason)s") % {
                "name": revoked_by,
                "recipient": locked.recipient,
                "purpose": locked.get_purpose_display(),
                "reason": locked.revocation_reason,
            }
        _entry(case, actor, EntryKind.CONSENT, text)
        log.record(actor, Event.CHANGE, "consent.revoke", case=case, detail=f"consent={locked.pk}")
    return locked


def do_request_information(
    actor: User,
    case: Case,
    *,
    recipient: Recipient,
    data_kinds,
    question: str,
    reason: str,
    requested_on: date | None = None,
) -> InformationRequest:
    """Ask the referrer or an agency already involved for information (L2), only with the family's consent.

    Refused, with the message of :func:`services.allows`, when the consent for asking this recipient for
    these data is missing, expired or revoked; nothing is saved then.
    """
    _require_editor(actor, case)
    today = timezone.localdate()
    requested_on = requested_on or today
    errors: dict[str, ValidationError] = {}
    if recipient is None or recipient.case_id != case.pk:
        errors["recipient"] = ValidationError(_("Choose a recipient of this case."), code="invalid_choice")
    kinds = _check_data_kinds(data_kinds, errors)
    if not question.strip():
        errors["question"] = ValidationError(_("Write down what you ask for."), code="required")
    if not reason.strip():
        errors["reason"] = ValidationError(_("Write down why this information helps the family."), code="required")
    if requested_on > today:
        errors["requested_on"] = ValidationError(_("The date lies in the future."), code="future")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Locked like a revocation: a consent revoked a moment ago is never used by a request made now.
        lock_case(case)
        allowed = services.allows(case, recipient, Purpose.REQUEST_INFORMATION, kinds, on=requested_on)
        if not allowed:
            raise ValidationError([ValidationError(m.message, code=m.code) for m in allowed.missing])
        request = InformationRequest.objects.create(
            case=case,
            recipient=recipient,
            data_kinds=kinds,
            question=question.strip(),
            reason=reason.strip(),
            requested_on=requested_on,
            requested_by=actor,
            recorded_at=timezone.now(),
        )
        with translation.override(settings.LANGUAGE_CODE):
            text = _("Information asked from %(recipient)s (%(kinds)s): %(question)s Why: %(reason)s") % {
                "recipient": recipient,
                "kinds": _kinds_text(kinds),
                "question": request.question,
                "reason": request.reason,
            }
        _entry(case, actor, EntryKind.INFORMATION_REQUEST, text)
        log.record(actor, Event.CREATE, "consent.request_information", case=case, detail=f"request={request.pk}")
    return request


# ── Consent proposed by the caseworker, given by the family member; limiting a consent ─────────────────────


def _giver_errors(case: Case, members, on: date) -> list[ValidationError]:
    """Why these members may not consent on ``on`` (the age rules), as field errors; empty when they may."""
    limits = services.thresholds(case.family.organisation_id)
    everyone = services.people(case.family.members.all())
    return [
        ValidationError(services.problem_message(problem, limits), code=problem.code)
        for member in members
        if (problem := rules.may_consent(services.person(member), everyone, on, limits))
    ]


def do_propose_consent(
    actor: User,
    case: Case,
    *,
    recipient_name: str,
    recipient_kind: str,
    recipient_role: str,
    purpose: str,
    data_kinds,
    benefit: str,
    asked,
    expires_on: date | None = None,
    recipient_contact: str = "",
) -> ConsentProposal:
    """Propose a consent to the family: each member in ``asked`` may give it in the portal. Until then it allows
    nothing. The same checks as recording a consent: who may consent by age, a clear benefit, known data kinds."""
    _require_editor(actor, case)
    today = timezone.localdate()
    errors: dict[str, ValidationError] = {}
    kinds = _check_what_is_shared(errors, recipient_name, recipient_kind, recipient_role, purpose, data_kinds, benefit)
    if expires_on is not None and expires_on < today:
        errors["expires_on"] = ValidationError(_("The end date lies before today."), code="before_today")
    asked = list(dict.fromkeys(asked or ()))
    if not asked:
        errors["asked"] = ValidationError(_("Choose whom you ask for consent."), code="required")
    elif any(m.family_id != case.family_id for m in asked):
        errors["asked"] = ValidationError(_("Choose members of this family."), code="invalid_choice")
    elif refused := _giver_errors(case, asked, today):
        errors["asked"] = ValidationError(refused)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_case(case)
        recipient = _recipient(case, recipient_name, recipient_kind, recipient_role, recipient_contact)
        proposal = ConsentProposal.objects.create(
            case=case, recipient=recipient, purpose=purpose, data_kinds=kinds, benefit=benefit.strip(),
            expires_on=expires_on, proposed_by=actor, proposed_at=timezone.now(),
        )  # fmt: skip
        proposal.asked.set(asked)
        with translation.override(settings.LANGUAGE_CODE):
            text = _(
                "Consent proposed to %(asked)s: to share with %(recipient)s for: %(purpose)s. Data: %(kinds)s. "
                "Why this helps the family: %(benefit)s"
            ) % {
                "asked": ", ".join(str(m) for m in asked),
                "recipient": recipient,
                "purpose": Purpose(purpose).label,
                "kinds": _kinds_text(kinds),
                "benefit": proposal.benefit,
            }
        _entry(case, actor, EntryKind.CONSENT, text)
        log.record(actor, Event.CREATE, "consent.propose", case=case, detail=f"proposal={proposal.pk}")
    return proposal


def given_from(proposal: ConsentProposal, member: Member) -> Consent | None:
    """The consent ``member`` gave from ``proposal``, if any."""
    return proposal.consents.filter(givers=member).order_by("pk").first()


def do_give_proposed_consent(user: User, proposal: ConsentProposal, *, member: Member) -> Consent:
    """``member`` (logged in as ``user``, for themselves) gives the proposed consent: from now on it counts in
    ``services.allows`` for them. Once per member; only a member asked; the age rules as on any consent."""
    from samenplan.portal.access import acts_as

    if not acts_as(user, member):
        raise PermissionDenied
    case = proposal.case
    today = timezone.localdate()
    with transaction.atomic():
        lock_case(case)
        if not proposal.asked.filter(pk=member.pk).exists():
            raise ValidationError(_("This consent was not asked of you."), code="not_asked")
        if given_from(proposal, member) is not None:
            raise ValidationError(_("You have already given this consent."), code="already_given")
        if proposal.expires_on is not None and proposal.expires_on < today:
            raise ValidationError(_("This proposal has expired. Ask your contact person."), code="expired")
        refused = _giver_errors(case, [member], today)
        if refused:
            raise ValidationError(refused)
        consent = Consent.objects.create(
            case=case, recipient=proposal.recipient, purpose=proposal.purpose, data_kinds=list(proposal.data_kinds),
            benefit=proposal.benefit, given_on=today, expires_on=proposal.expires_on, recorded_by=user,
            recorded_at=timezone.now(), proposal=proposal,
        )  # fmt: skip
        consent.givers.set([member])
        with translation.override(settings.LANGUAGE_CODE):
            text = _("%(name)s gave consent to share with %(recipient)s for: %(purpose)s. Data: %(kinds)s.") % {
                "name": member,
                "recipient": proposal.recipient,
                "purpose": Purpose(proposal.purpose).label,
                "kinds": _kinds_text(consent.data_kinds),
            }
        add_entry(case, user, EntryKind.PORTAL, text, voice=Voice.FAMILY, speaker=member)
        log.record(
            user, Event.CREATE, "consent.give_proposed", case=case, member=member,
            detail=f"proposal={proposal.pk} consent={consent.pk}",
        )  # fmt: skip
    return consent


def do_limit_consent(
    actor: User,
    consent: Consent,
    *,
    limited_by: Member,
    data_kinds,
    expires_on: date | None,
    reason: str,
    expected_version: int | None,
) -> Consent:
    """Narrow a consent: fewer data kinds and/or an earlier end date. A new version takes its place at once: the
    consent as it was ends now (like a revocation, with the reason), and a consent with the narrower terms,
    ``replaces`` pointing at it, is given by the same people. Only whoever gave it limits it; never wider."""
    from samenplan.portal.access import acts_as

    case = consent.case
    family_member = acts_as(actor, limited_by)
    if not family_member:
        _require_editor(actor, case)
    today = timezone.localdate()
    errors: dict[str, ValidationError] = {}
    if limited_by is None or limited_by.family_id != case.family_id:
        errors["limited_by"] = ValidationError(_("Choose a member of this family."), code="invalid_choice")
    elif not consent.givers.filter(pk=limited_by.pk).exists():
        errors["limited_by"] = ValidationError(
            _("%(name)s did not give this consent; only whoever gave it can limit it.") % {"name": limited_by},
            code="not_a_giver",
        )
    kinds = _check_data_kinds(data_kinds, errors)
    problem = rules.limit_problem(
        old_kinds=consent.data_kinds, new_kinds=kinds, old_until=consent.expires_on, new_until=expires_on, today=today
    )
    if problem == rules.LIMIT_WIDER_KINDS:
        errors["data_kinds"] = ValidationError(_("You can only leave kinds of data out, not add them."), code=problem)
    elif problem == rules.LIMIT_LATER:
        errors["expires_on"] = ValidationError(
            _("The new end date must be before the current one. To share longer, ask your contact person."),
            code=problem,
        )
    elif problem == rules.LIMIT_PAST:
        errors["expires_on"] = ValidationError(_("The end date lies before today."), code=problem)
    elif problem == rules.LIMIT_NOTHING and "data_kinds" not in errors:
        errors["data_kinds"] = ValidationError(
            _("Nothing changes this way: leave out a kind of data or choose an earlier end date."), code=problem
        )
    if not reason.strip():
        errors["reason"] = ValidationError(_("Write down why you limit the consent."), code="required")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_case(case)
        locked = _lock_open_consent(consent, expected_version)
        givers = list(locked.givers.all())
        now = timezone.now()
        with translation.override(settings.LANGUAGE_CODE):
            locked.revoked_at, locked.revoked_by, locked.revocation_recorded_by = now, limited_by, actor
            locked.revocation_reason = _("Limited: %(reason)s") % {"reason": reason.strip()}
            locked.version += 1
            locked.save(
                update_fields=["revoked_at", "revoked_by", "revocation_reason", "revocation_recorded_by", "version"]
            )
            limited = Consent.objects.create(
                case=case, recipient=locked.recipient, purpose=locked.purpose, data_kinds=kinds,
                benefit=locked.benefit, given_on=today, expires_on=expires_on, recorded_by=actor, recorded_at=now,
                proposal=locked.proposal, replaces=locked,
            )  # fmt: skip
            limited.givers.set(givers)
            text = _(
                "%(name)s limited the consent to share with %(recipient)s for: %(purpose)s. From now on: "
                "%(kinds)s%(until)s. Why: %(reason)s"
            ) % {
                "name": limited_by,
                "recipient": locked.recipient,
                "purpose": locked.get_purpose_display(),
                "kinds": _kinds_text(kinds),
                "until": (" " + _("until %(date)s") % {"date": _day(expires_on)}) if expires_on else "",
                "reason": reason.strip(),
            }
        if family_member:
            add_entry(case, actor, EntryKind.PORTAL, text, voice=Voice.FAMILY, speaker=limited_by)
        else:
            _entry(case, actor, EntryKind.CONSENT, text)
        log.record(
            actor, Event.CHANGE, "consent.limit", case=case, member=limited_by,
            detail=f"consent={locked.pk} new={limited.pk}",
        )  # fmt: skip
    return limited

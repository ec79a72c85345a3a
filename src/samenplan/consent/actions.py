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
from samenplan.cases.models import Case, DossierEntry, EntryKind, Member, Voice
from samenplan.consent import rules, services
from samenplan.consent.models import (
    Consent,
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
        Case.objects.select_for_update().filter(pk=case.pk).first()  # one sharing decision at a time per case
        name = recipient_name.strip()
        recipient = Recipient.objects.filter(case=case, name__iexact=name, role=recipient_role).first()
        if recipient is None:
            recipient = Recipient.objects.create(
                case=case, name=name, kind=recipient_kind, role=recipient_role, contact=recipient_contact.strip()
            )
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
        Case.objects.select_for_update().filter(pk=case.pk).first()
        locked = Consent.objects.select_for_update().select_related("recipient").get(pk=consent.pk)
        if expected_version is not None and int(expected_version) != locked.version:
            raise StaleVersion()
        if locked.revoked_at is not None:
            raise ValidationError(_("This consent has already been revoked."), code="already_revoked")
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
        Case.objects.select_for_update().filter(pk=case.pk).first()
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

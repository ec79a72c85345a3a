"""Writing the family plan: a new version, the family's agreement with a version. Each in one transaction with the
case locked, an entry on the case's timeline and an access-log record. Views, the API, the demo and tests call
these. A version's evaluation agreement plans the evaluation (``evaluations.actions.do_plan_evaluation``)."""

from __future__ import annotations

from datetime import date

import rules as permission_rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samenplan import clock
from samenplan.accounts.models import User
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases.actions import add_entry, lock_case
from samenplan.cases.models import Case, EntryKind, Member, Voice
from samenplan.errors import StaleVersion
from samenplan.plans import rules, services
from samenplan.plans.models import FamilyPlan, PlanAgreement, PlanVersion

MESSAGES = {
    "voice": gettext_lazy("Choose whose words these are: the family's or the professional's."),
    "too_long": gettext_lazy("This text is too long: at most 5000 characters."),
    "safety_what": gettext_lazy("Write down what to do when someone feels unsafe."),
    "safety_whom": gettext_lazy("Write down whom to call, during the day and at night (with phone numbers)."),
    "date": gettext_lazy("Give the date as year-month-day, for example 2027-03-01."),
}


class StalePlan(StaleVersion):
    """The plan has a newer version than the one the editor started from; ``current`` is its number."""

    def __init__(self, current: int):
        super().__init__()
        self.current = current
        self.message = _(
            "Someone else saved a new version of the plan (version %(number)s) while you were editing. "
            "Nothing is overwritten: compare both and choose what to keep."
        ) % {"number": current}


def _require_editor(actor: User, case: Case) -> None:
    if not permission_rules.test_rule("cases.change_case", actor, case):
        raise PermissionDenied


def check_content(content: dict) -> dict:
    """The normalised content, or a ValidationError naming each field (``section.field``) that is wrong."""
    content = rules.normalise(content)
    if errors := rules.content_errors(content):
        raise ValidationError({field: ValidationError(MESSAGES[code], code=code) for field, code in errors.items()})
    return content


def do_new_version(actor: User, case: Case, *, based_on: int, content: dict, reason: str = "") -> PlanVersion:
    """Save the plan as a new version, started from version ``based_on`` (0 for the first).

    When the plan has a newer version than ``based_on``, nothing is saved: :class:`StalePlan` names the newest
    number (the web page then shows both and lets the editor merge). The goals and the help are copied from their
    records at this moment. A save that changes nothing makes no version and returns the current one.
    """
    _require_editor(actor, case)
    content = check_content(content)
    reason = (reason or "").strip()[: rules.TEXT_MAX]
    try:
        based_on = int(based_on)
    except (TypeError, ValueError):
        raise ValidationError(
            {"based_on": ValidationError(_("The version you started from is missing."), code="required")}
        ) from None
    with transaction.atomic():
        locked = lock_case(case)
        plan = FamilyPlan.objects.select_for_update().filter(case=locked).first()
        current = plan.version if plan else 0
        if based_on != current:
            raise StalePlan(current)
        content.update(services.snapshot(locked))
        if plan is None:
            plan = FamilyPlan.objects.create(case=locked, created_at=clock.now(), version=0)
        else:
            previous = plan.versions.get(number=plan.version)
            if rules.normalise(previous.content) == content:
                return previous
            changed = rules.changed_sections(previous.content, content)
        number = plan.version + 1
        version = PlanVersion.objects.create(
            plan=plan,
            number=number,
            based_on=based_on,
            content=content,
            reason=reason,
            author=actor,
            created_at=clock.now(),
        )
        plan.version = number
        plan.save(update_fields=["version"])
        with translation.override(settings.LANGUAGE_CODE):
            text = _("Family plan version %(number)s saved.") % {"number": number}
            if number > 1:
                names = ", ".join(str(section_title(key)) for key in changed)
                text += " " + _("Changed: %(sections)s.") % {"sections": names}
            if reason:
                text += " " + _("Why: %(reason)s") % {"reason": reason}
        add_entry(locked, actor, EntryKind.PLAN, text, voice=Voice.SYSTEM)
        log.record(actor, Event.CREATE, "plans.new_version", case=locked, detail=f"plan_version={version.pk}")
        _plan_the_evaluation(actor, locked, content.get(rules.EVALUATION) or {})
    return version


def _plan_the_evaluation(actor: User, case: Case, agreement: dict) -> None:
    """The plan's evaluation agreement puts the evaluation on the caseload (nothing asked twice): a date from today on
    that has no planned evaluation yet becomes one, with the plan's how and with whom."""
    from samenplan.evaluations.actions import do_plan_evaluation
    from samenplan.evaluations.models import Evaluation

    try:
        day = date.fromisoformat(agreement.get("next_on") or "")
    except ValueError:
        return
    if not case.is_open or day < timezone.localdate(clock.now()):
        return
    if Evaluation.objects.filter(case=case, planned_on=day, held_on__isnull=True).exists():
        return
    do_plan_evaluation(
        actor, case, planned_on=day, how=agreement.get("how") or "", with_whom=agreement.get("with_whom") or ""
    )


def do_record_agreement(
    actor: User, version: PlanVersion, *, member: Member, agreement: str, words: str = ""
) -> PlanAgreement:
    """Record one participant's agreement with a version of the plan (the newest), in their own words."""
    case = version.plan.case
    from samenplan.portal.access import acts_as  # a family member answers for themselves in the portal

    if not acts_as(actor, member):
        _require_editor(actor, case)
    words = (words or "").strip()
    errors = {}
    if not isinstance(member, Member) or member.pk not in {m.pk for m in services.participants(case)}:
        errors["member"] = ValidationError(_("Choose a parent or youth of this family."), code="invalid_choice")
    if agreement not in rules.AGREEMENTS:
        errors["agreement"] = ValidationError(_("Choose yes, partly or no."), code="invalid_choice")
    if agreement in (rules.PARTLY, rules.NO) and not words:
        errors["words"] = ValidationError(
            _("Write down, in their own words, what they do not agree with."), code="required"
        )
    if len(words) > rules.TEXT_MAX:
        errors["words"] = ValidationError(MESSAGES["too_long"], code="too_long")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = lock_case(case)
        newest = FamilyPlan.objects.get(pk=version.plan_id).version
        if version.number != newest:
            raise ValidationError(
                {
                    "version": ValidationError(
                        _("The family agrees with the newest version of the plan (version %(number)s).")
                        % {"number": newest},
                        code="not_newest",
                    )
                }
            )
        record, _created = PlanAgreement.objects.update_or_create(
            version=version,
            member=member,
            defaults={"agreement": agreement, "words": words, "author": actor, "recorded_at": clock.now()},
        )
        with translation.override(settings.LANGUAGE_CODE):
            text = _("%(name)s on version %(number)s of the family plan: %(answer)s.") % {
                "name": member,
                "number": version.number,
                "answer": record.get_agreement_display(),
            }
            if words:
                text += " " + _("In their own words: %(words)s") % {"words": words}
        add_entry(locked, actor, EntryKind.PLAN, text, voice=Voice.FAMILY, speaker=member)
        log.record(actor, Event.CHANGE, "plans.agreement", case=locked, detail=f"plan_agreement={record.pk}")
    return record


SECTION_TITLES = {
    rules.GOALS: gettext_lazy("Our goals"),
    rules.OWN: gettext_lazy("What we do ourselves"),
    rules.NETWORK: gettext_lazy("What the people around us do"),
    rules.HELP: gettext_lazy("Help from professionals"),
    rules.SAFETY: gettext_lazy("Safety plan"),
    rules.EVALUATION: gettext_lazy("When and how we look back"),
    rules.AFTERCARE: gettext_lazy("After the help (aftercare)"),
}


FIELD_LABELS = {
    "when_unsafe": gettext_lazy("What we do when someone feels unsafe"),
    "signals": gettext_lazy("Signals to watch for"),
    "day_contacts": gettext_lazy("Whom to call during the day"),
    "night_contacts": gettext_lazy("Whom to call at night and at the weekend"),
    "next_on": gettext_lazy("Next evaluation"),
    "how": gettext_lazy("How we evaluate"),
    "with_whom": gettext_lazy("With whom"),
}


def section_title(key: str):
    return SECTION_TITLES[key]

"""The one check every share of a family's data goes through: :func:`allows`.

Every action that shares data with, or asks data from, someone outside the team calls ``allows`` inside its
transaction and refuses when the result is falsy; the result's messages name what is missing (which member,
which purpose, which data kinds, expired, revoked) in Dutch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from samenplan.administration.services import settings_for
from samenplan.cases.models import Case, Member
from samenplan.consent import rules
from samenplan.consent.models import Consent, DataKind, Purpose, Recipient


def thresholds(organisation) -> rules.AgeThresholds:
    """The organisation's age rules (its administrator sets them; CONSENT_YOUTH_* are the defaults)."""
    ages = settings_for(organisation)
    return rules.AgeThresholds(ages.consent_youth_with_parents_from_age, ages.consent_youth_alone_from_age)


def person(member: Member) -> rules.Person:
    return rules.Person(member.pk, str(member), member.is_child, member.date_of_birth, member.has_custody)


def people(members: Iterable[Member]) -> list[rules.Person]:
    return [person(m) for m in members]


def fact(consent: Consent) -> rules.ConsentFact:
    revoked_on = timezone.localdate(consent.revoked_at) if consent.revoked_at else None
    return rules.ConsentFact(
        frozenset(m.pk for m in consent.givers.all()),
        frozenset(consent.data_kinds),
        consent.given_on,
        consent.expires_on,
        revoked_on,
    )


def _day(value: date) -> str:
    return formats.date_format(value, "d-m-Y")


def _kinds(kinds: Sequence[str]) -> str:
    return ", ".join(str(DataKind(k).label) for k in kinds)


def problem_message(problem: rules.Problem, limits: rules.AgeThresholds) -> str:
    """A precise Dutch sentence for a problem found by the age rules (``limits``: the organisation's ages)."""
    name = problem.person.name if problem.person else ""
    if problem.code == rules.NO_CHILD:
        return _("No child is recorded in this family yet: record the children first.")
    if problem.code == rules.AGE_UNKNOWN:
        return _("The date of birth of %(name)s is not known, so it is unclear who must give consent.") % {"name": name}
    if problem.code == rules.NO_CUSTODIAL_PARENT:
        return _(
            "%(name)s is %(age)s: a parent with custody must give consent, but no parent in this family is "
            "recorded as having custody."
        ) % {"name": name, "age": problem.age}
    if problem.code == rules.GIVER_AGE_UNKNOWN:
        return _("The date of birth of %(name)s is not known, so it is unclear whether %(name)s may consent.") % {
            "name": name
        }
    if problem.code == rules.GIVER_TOO_YOUNG:
        return _(
            "%(name)s is %(age)s and may not give consent yet: under %(limit)s the parents with custody consent."
        ) % {"name": name, "age": problem.age, "limit": limits.youth_with_parents_from}
    if problem.code == rules.GIVER_WITHOUT_CUSTODY:
        return _("%(name)s has no custody (or it is not recorded) and may not give consent.") % {"name": name}
    if problem.code == rules.YOUTH_CONSENTS_ALONE:
        return _(
            "%(name)s may not give consent: every child in this family is %(limit)s or older and consents alone."
        ) % {"name": name, "limit": limits.youth_alone_from}
    raise ValueError(problem.code)


def gap_message(gap: rules.Gap, recipient: Recipient, purpose: str) -> str:
    values = {
        "name": gap.person.name,
        "recipient": recipient.name,
        "purpose": Purpose(purpose).label,
        "kinds": _kinds(gap.data_kinds),
    }
    if gap.code == rules.REVOKED:
        return _("%(name)s revoked the consent for %(recipient)s (%(purpose)s) on %(date)s; it covered: %(kinds)s.") % {
            **values,
            "date": _day(gap.since),
        }
    if gap.code == rules.EXPIRED:
        return _(
            "The consent of %(name)s for %(recipient)s (%(purpose)s) expired on %(date)s; it covered: %(kinds)s."
        ) % {**values, "date": _day(gap.since)}
    return _("Consent of %(name)s is missing for %(recipient)s, purpose: %(purpose)s, data: %(kinds)s.") % values


@dataclass(frozen=True)
class Missing:
    """One thing that is missing: ``code`` is stable (API), ``message`` is Dutch."""

    code: str
    message: str
    member_id: int | None = None
    data_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Allowed:
    """The answer of :func:`allows`: truthy when allowed; otherwise ``missing`` says what is missing."""

    missing: tuple[Missing, ...] = ()

    def __bool__(self) -> bool:
        return not self.missing

    @property
    def messages(self) -> list[str]:
        return [m.message for m in self.missing]

    @property
    def message(self) -> str:
        return " ".join(self.messages)


def allows(
    case: Case, recipient: Recipient, purpose: str, data_kinds: Iterable[str], *, on: date | None = None
) -> Allowed:
    """May ``data_kinds`` of the family of ``case`` go to (or be asked from) ``recipient`` for ``purpose`` on
    ``on`` (default today)? Every member whose consent the age rules require must have given a consent for
    this recipient and purpose that covers every data kind, is not expired and not revoked on that day."""
    on = on or timezone.localdate()
    kinds = list(dict.fromkeys(data_kinds))
    unknown = [k for k in kinds if k not in DataKind.values]
    if unknown or purpose not in Purpose.values or recipient.case_id != case.pk:
        raise ValueError("allows() needs known data kinds, a known purpose and a recipient of this case")
    members = people(case.family.members.all())
    consents = [
        fact(c)
        for c in Consent.objects.filter(case=case, recipient=recipient, purpose=purpose).prefetch_related("givers")
    ]
    limits = thresholds(case.family.organisation_id)
    found = rules.check(members, consents, kinds, on, limits)
    missing = []
    for item in found:
        if isinstance(item, rules.Gap):
            code = {rules.REVOKED: "consent_revoked", rules.EXPIRED: "consent_expired"}.get(item.code, "no_consent")
            missing.append(Missing(code, gap_message(item, recipient, purpose), item.person.id, item.data_kinds))
        else:
            member_id = item.person.id if item.person else None
            missing.append(Missing(item.code, problem_message(item, limits), member_id))
    return Allowed(tuple(missing))

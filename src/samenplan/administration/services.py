"""Reading an organisation's settings, for every app that uses them: :func:`settings_for`.

An organisation that never changed a setting has no row; it gets the documented defaults (``DEFAULTS``)."""

from __future__ import annotations

from django.conf import settings
from django.db import router
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from samenplan import prepared
from samenplan.accounts.models import Team
from samenplan.administration.models import NameShown, OrganisationSettings


def defaults() -> dict:
    """The documented defaults. The consent ages come from the environment (CONSENT_YOUTH_*), so an installation
    can set its own default for every organisation; the rest are samenplan's."""
    return {
        "consent_youth_with_parents_from_age": settings.CONSENT_YOUTH_WITH_PARENTS_FROM_AGE,
        "consent_youth_alone_from_age": settings.CONSENT_YOUTH_ALONE_FROM_AGE,
        "reopen_period_days": 180,
        "inactivity_days": 28,
        "name_shown_to_families": NameShown.FULL_NAME.value,
        "evaluation_interval_weeks": 12,
    }


FIELDS = (
    "consent_youth_with_parents_from_age",
    "consent_youth_alone_from_age",
    "reopen_period_days",
    "inactivity_days",
    "name_shown_to_families",
    "evaluation_interval_weeks",
)

# What each setting means, in plain words (shown next to it on the settings page).
EXPLANATIONS = {
    "consent_youth_with_parents_from_age": _(
        "Below this age the parents with custody consent to sharing a child's data. From this age the youth "
        "consents too, together with those parents."
    ),
    "consent_youth_alone_from_age": _(
        "From this age the youth decides alone; the parents are no longer asked. Must be higher than the age above."
    ),
    "reopen_period_days": _(
        "A family that comes back within this many days after closing continues in its old case (reopened, with its "
        "history); later it is a new registration."
    ),
    "inactivity_days": _(
        "An open case in which nothing was written for this many days is shown as 'without activity' in the team "
        "lead's overview."
    ),
    "name_shown_to_families": _("How the name of a professional appears to families, for example in letters."),
    "evaluation_interval_weeks": _(
        "When a plan starts, the first evaluation is suggested this many weeks later. The professional can change it."
    ),
}


def settings_for(organisation) -> OrganisationSettings:
    """The organisation's settings; an unsaved record with the defaults when it has none yet.

    Read as ``.filter(organisation_id=…).first()`` would, the query compiled once per database connection
    (``prepared.values_list``: building and compiling it through the ORM took three quarters of this function's
    time, on the dashboard and every page that asks a setting, issue 14) and the record made from its row as the
    ORM makes it (``Model.from_db``)."""
    org_id = getattr(organisation, "pk", organisation)
    names = [field.attname for field in OrganisationSettings._meta.concrete_fields]
    rows = prepared.values_list(
        OrganisationSettings,
        "administration.settings_for",
        lambda: OrganisationSettings.objects.filter(organisation_id=org_id).order_by("pk").values_list(*names)[:1],
        [org_id],
    )
    if rows:
        return OrganisationSettings.from_db(router.db_for_read(OrganisationSettings), names, rows[0])
    return OrganisationSettings(organisation_id=org_id, version=0, **defaults())


def values_of(record: OrganisationSettings) -> dict:
    return {field: getattr(record, field) for field in FIELDS}


def teams_with_counts(organisation_id):
    """The organisation's teams with counts of active people and open cases (numbers only: no case is read)."""
    open_cases = Count("cases", filter=Q(cases__closed_on__isnull=True), distinct=True)
    people = Count("memberships__user", filter=Q(memberships__user__is_active=True), distinct=True)
    return (
        Team.objects.filter(organisation_id=organisation_id)
        .annotate(open_cases=open_cases, people=people)
        .order_by("archived_at", "name")
    )


def advice_by_rank(organisation_id) -> dict[int, str]:
    from samenplan.administration.models import SeverityAdvice

    return dict(SeverityAdvice.objects.filter(organisation_id=organisation_id).values_list("rank", "advice"))


def routing_advice(case):
    """(level, advice) for the severity of the case's latest assessment, when the organisation gave advice for it."""
    assessment = (
        case.assessments.filter(severity__isnull=False)
        .select_related("severity")
        .order_by("-recorded_at", "-pk")
        .first()
    )
    if assessment is None:
        return None
    advice = advice_by_rank(case.team.organisation_id).get(assessment.severity.rank)
    return (assessment.severity, advice) if advice else None

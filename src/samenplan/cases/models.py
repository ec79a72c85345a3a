"""Families, their members, their cases (trajectories) and the dossier timeline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenplan.accounts.models import Organisation, Team
from samenplan.cases.search import Folded


def label_of(choices: type[models.Choices], value: str) -> str:
    """``get_FOO_display()`` of ``value``: its label in the active language, or the stored value for one no longer
    offered, as Django shows it. Django's own version translates the label of every choice on each call (it hashes
    each lazy label to find this one): 13 to 27 µs, many times on a dossier."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class Family(models.Model):
    """A family or household. Belongs to exactly one organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="families", verbose_name=_("organisation")
    )
    name = models.CharField(_("family name"), max_length=200, help_text=_("How the family wants to be called."))
    # the name as the search compares it, folded by the database on every write (cases/search.py); a copy of the
    # name, so not in serialised records (the inspection export)
    name_folded = models.GeneratedField(
        expression=Folded("name"), output_field=models.TextField(), db_persist=True, serialize=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("family")
        verbose_name_plural = _("families")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    PARENT = "parent", _("parent")
    FOSTER_PARENT = "foster_parent", _("foster parent")
    ADOPTIVE_PARENT = "adoptive_parent", _("adoptive parent")
    STEP_PARENT = "step_parent", _("step-parent")
    LEGAL_GUARDIAN = "legal_guardian", _("legal guardian")
    OTHER_CARER = "other_carer", _("other adult in the parent role")
    CHILD = "child", _("child or youth")


PARENT_ROLES = frozenset(r.value for r in MemberRole if r != MemberRole.CHILD)


class Member(models.Model):
    """A member of a family: a parent (in any parent role) or a child/youth."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members", verbose_name=_("family"))
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)
    # the names as the search compares them, folded by the database on every write (cases/search.py); copies of
    # the names, so not in serialised records (the inspection export)
    given_name_folded = models.GeneratedField(
        expression=Folded("given_name"), output_field=models.TextField(), db_persist=True, serialize=False
    )
    family_name_folded = models.GeneratedField(
        expression=Folded("family_name"), output_field=models.TextField(), db_persist=True, serialize=False
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    role = models.CharField(_("role in the family"), max_length=32, choices=MemberRole.choices)
    has_custody = models.BooleanField(
        _("has custody"),
        null=True,
        blank=True,
        help_text=_("Only for parents: does this parent have custody?"),
    )
    lives_at_home = models.BooleanField(
        _("lives at home"),
        null=True,
        blank=True,
        help_text=_("Only for children: does the child live at home?"),
    )
    language = models.CharField(
        _("language"),
        max_length=16,
        blank=True,
        default="",
        help_text=_("The language this family member reads best (settings.LANGUAGES); empty: not asked yet."),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["role", "date_of_birth", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="child") | models.Q(lives_at_home__isnull=True),
                name="member_lives_at_home_only_for_children",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="child") | models.Q(has_custody__isnull=True),
                name="member_custody_only_for_parents",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def is_child(self) -> bool:
        return self.role == MemberRole.CHILD

    @property
    def age(self) -> int | None:
        """Age in whole years today (in the organisation's time zone); None without a date of birth."""
        from samenplan import clock
        from samenplan.cases.rules import age_on

        if self.date_of_birth is None:
            return None
        return age_on(self.date_of_birth, timezone.localdate(clock.now()))


class Phase(models.TextChoices):
    """The phases of a case, in the guideline's order (DOMAIN §3)."""

    REGISTRATION = "registration", _("registration")
    CLARIFICATION = "clarification", _("clarifying the question")
    ANALYSIS = "analysis", _("problem-and-strengths analysis")
    GOALS = "goals", _("goals")
    DECISION = "decision", _("deciding on help")
    HELP = "help", _("carrying out help")
    EVALUATION = "evaluation", _("evaluation")
    CLOSED = "closed", _("closed")


class RegisteredBy(models.TextChoices):
    FAMILY = "family", _("the family itself")
    PROFESSIONAL = "professional", _("a professional (referral)")
    CONCERN = "concern", _("a concern report (zorgmelding)")


class Case(models.Model):
    """A family's trajectory with one fixed caseworker, from registration to closing."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="cases", verbose_name=_("family"))
    # The family's name, copied: lists of cases sort by it (and show it) without joining every case's family
    # (the caseload of a team lead: 2,000 cases). The database keeps it, by triggers (migration
    # caseload_sort_name_and_folded_names): set on every insert of a case and every change of its family, and
    # following a change of the family's name; what Python writes here is overwritten. Read it in queries: an
    # instance made in Python may hold None. A copy, so not in serialised records (the inspection export).
    # Nullable only so that SQLite adds the column in place (the triggers fill it: never NULL in the database): for
    # a NOT NULL column Django remakes the table, which SQLite refuses while triggers of other tables name it (those
    # of the timeline's dates on the case).
    family_name = models.CharField(_("family name"), max_length=200, null=True, editable=False, serialize=False)
    # Every name the search compares for the case, folded and joined by line breaks: the family's, then each
    # member's given and family name (cases/search.py). Kept by the database, by triggers (migration
    # case_names_folded), as ``family_name``; never written by Python.
    names_folded = models.TextField(null=True, editable=False, serialize=False)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases", verbose_name=_("team"))
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases_as_caseworker",
        verbose_name=_("caseworker"),
    )
    coworkers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="cases_as_coworker", verbose_name=_("co-workers")
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.REGISTRATION)
    child_protection_measure = models.BooleanField(
        _("child-protection measure"),
        default=False,
        help_text=_("A child-protection measure applies (gedwongen kader)."),
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # Kept by the database (triggers on the timeline's table, migration 0019), never written by Python: the time of
    # the case's newest timeline entry and of its newest phase change, None without one. They are what
    # ``last_entry_at()`` and ``last_entry_at(EntryKind.PHASE_CHANGE)`` find, read without a step on the timeline per
    # case (the team overview reads them for a thousand cases). A Case in memory does not see an entry added after
    # it was read: ``refresh_from_db(fields=TIMELINE_DATES)``.
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True, editable=False)
    phase_changed_at = models.DateTimeField(_("last phase change"), null=True, blank=True, editable=False)
    # The earliest planned day of the case's evaluations not held yet, None without one: kept by the database, by
    # triggers on the evaluations (migration 0024), never written by Python. The team overview counts the
    # evaluations due only of the cases whose day has come (issue 14).
    next_evaluation_on = models.DateField(null=True, editable=False, serialize=False)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=models.F("opened_on")),
                name="case_closed_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family} ({self.opened_on:%d-%m-%Y})"

    def save(self, *args, **kwargs):
        """As Django's, except that saving a case read earlier never writes what the database keeps back (the two
        timeline dates, the family's name, the names searched): an entry added or a name changed meanwhile would be
        undone by the stale value in memory."""
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name not in KEPT_BY_DATABASE
            ]
        super().save(*args, **kwargs)

    def get_phase_display(self) -> str:
        """The phase's label in the active language. Django's own version translates the label of every phase on
        each call (it hashes each lazy label to find this one): 25 µs, twice on every dossier."""
        return label_of(Phase, self.phase)

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


TIMELINE_DATES = ("last_activity_at", "phase_changed_at")  # on Case, kept by the database from the timeline
# family_name: the family's, kept by triggers (migration 0020); names_folded: the names searched (migration 0023)
# next_evaluation_on: from the evaluations (migration 0024)
KEPT_BY_DATABASE = (*TIMELINE_DATES, "family_name", "names_folded", "next_evaluation_on")


class EntryKind(models.TextChoices):
    REGISTRATION = "registration", _("registration")
    NOTE = "note", _("note")
    PHASE_CHANGE = "phase_change", _("phase change")
    MEMBER = "member", _("family member")
    CASEWORKER = "caseworker", _("caseworker")
    CONSENT = "consent", _("consent")
    INFORMATION_REQUEST = "information_request", _("information requested")
    CONVERSATION = "conversation", _("conversation")
    CLARIFICATION = "clarification", _("clarifying the question")
    ROUTE = "route", _("route")
    INSTRUMENT = "instrument", _("questionnaire")
    ANALYSIS = "analysis", _("problem-and-strengths analysis")
    CONSULTATION = "consultation", _("consultation")
    OWN_STRENGTH = "own_strength", _("own strength")
    NETWORK = "network", _("network")
    FAMILY_GROUP_PLAN = "family_group_plan", _("family group plan")
    GOALS = "goals", _("goals")
    TABLE = "table", _("intake or review table")
    OPTIONS = "options", _("options for help")
    PREFERENCE = "preference", _("the family's preference")
    DECISION = "decision", _("decision")
    PLAN = "plan", _("family plan")
    HELP = "help", _("help in progress")
    EVALUATION = "evaluation", _("evaluation")
    CLOSING = "closing", _("closing")
    REOPENING = "reopening", _("reopening")
    PORTAL = "portal", _("the family's input in the portal")


class Voice(models.TextChoices):
    FAMILY = "family", _("the family's own words")
    PROFESSIONAL = "professional", _("the professional's words")
    REFERRER = "referrer", _("the referrer's words")
    SYSTEM = "system", _("recorded by samenplan")


class DossierEntry(models.Model):
    """One step on the case's timeline. Entries are added, never edited: the dossier is a record."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="entries", verbose_name=_("case"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    at = models.DateTimeField(_("time"), db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    voice = models.CharField(_("whose words"), max_length=20, choices=Voice.choices)
    speaker = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("said by"),
        help_text=_("The family member whose words these are."),
    )
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("dossier entry")
        verbose_name_plural = _("dossier entries")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["case", "at", "id"], name="cases_entry_timeline_idx"),  # keyset pages
            # since when a case is in its phase (the team overview): the last phase change, one index step
            models.Index(
                fields=["case", "at"], condition=models.Q(kind="phase_change"), name="cases_entry_phase_change_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d-%m-%Y}"

    def get_kind_display(self) -> str:
        """The kind's label in the active language. Django's own version translates the label of every kind on
        each call (it hashes each lazy label to find this one): 27 translations per entry of the timeline."""
        return label_of(EntryKind, self.kind)


def last_entry_at(kind: str | None = None) -> models.Subquery:
    """An annotation of cases: the time of the case's newest timeline entry (of ``kind``), or None.

    One step back on an index of the case's entries per case, instead of ``Max("entries__at")`` that reads every
    entry of every case. ``Case.last_activity_at`` and ``Case.phase_changed_at`` hold the same two values without
    the step (the team overview reads those)."""
    entries = DossierEntry.objects.filter(case_id=models.OuterRef("pk"))
    if kind is not None:
        entries = entries.filter(kind=kind)
    return models.Subquery(entries.order_by("-at").values("at")[:1])


class SharedEntry(models.Model):
    """A note of the dossier that the professional shared with the family: the family reads it in the portal.

    The entry itself stays as it was written (the dossier is a record); sharing and un-sharing are their own rows
    and access-log records. Nothing of the timeline is shown to the family without one of these.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shared_entries", verbose_name=_("case"))
    entry = models.OneToOneField(
        DossierEntry, on_delete=models.CASCADE, related_name="sharing", verbose_name=_("dossier entry")
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("shared by")
    )
    shared_at = models.DateTimeField(_("shared at"))

    class Meta:
        verbose_name = _("note shared with the family")
        verbose_name_plural = _("notes shared with the family")
        ordering = ["-shared_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.entry} (shared)"

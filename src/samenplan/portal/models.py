"""Family accounts: a login of one family member (cases.Member), and the invitations that create them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenplan.cases.models import Case, Family, Member


class FamilyAccount(models.Model):
    """Makes a user a family member's account. Such a user has no team membership and is refused by every
    professional route (portal.middleware); the portal refuses every user without one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="family_account", verbose_name=_("user")
    )
    member = models.OneToOneField(
        Member, on_delete=models.PROTECT, related_name="portal_account", verbose_name=_("family member")
    )
    # The member's family, copied: the dashboard asks which of a caseload's families have an account with one
    # look-up per family, not one per member (migration account_family). The database keeps it, by triggers: set on
    # every insert of an account and every change of its member, and following the member to another family; what
    # Python writes here is overwritten. Read it in queries: an instance made in Python may hold None. Nullable so
    # that SQLite adds the column in place (the triggers fill it); DO_NOTHING: a family with an account's member is
    # never deleted (the member is PROTECTed), so Django need not look here when it deletes a family. No verbose name:
    # never shown (a translated one would be one more text for the families' catalogues).
    family = models.ForeignKey(
        Family,
        on_delete=models.DO_NOTHING,
        null=True,
        editable=False,
        serialize=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    shares_own_part = models.BooleanField(
        _("shares their own part with the parents"),
        default=False,
        help_text=_("A youth from the private age (PORTAL_OWN_PART_PRIVATE_FROM_AGE) agrees that parents see it."),
    )

    class Meta:
        verbose_name = _("family account")
        verbose_name_plural = _("family accounts")

    def __str__(self) -> str:
        return str(self.member)

    @property
    def role_label(self) -> str:
        """How the access log names the actor's role."""
        return "jongere" if self.member.role == "child" else "ouder"


class Invitation(models.Model):
    """A one-time link sent by e-mail. Only a hash of the token is stored; it expires and is used once."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="portal_invitations", verbose_name=_("family member")
    )
    email = models.EmailField(_("e-mail address"))
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.member} {self.created_at:%d-%m-%Y}"


class ProposalKind(models.TextChoices):
    QUESTION = "question", _("question")
    GOAL = "goal", _("goal")
    OWN_SOLUTION = "own_solution", _("own solution")


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("not answered yet")
    TAKEN = "taken", _("taken in")
    DECLINED = "declined", _("not taken in")


class Proposal(models.Model):
    """What a parent or youth proposes in the portal, in their own words: their help question, a goal, or an own
    solution (something they or the people around them can do themselves).

    It stays the family's: the caseworker takes it into the record of the app that owns it (the intake's
    clarified question, a goal, the plan's "what we do ourselves") with the words unchanged, or declines it with a
    reason the family reads. The link to what it became is kept here, so that record shows whose words they are.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="family_proposals", verbose_name=_("case"))
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("proposed by"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("what it is"), max_length=20, choices=ProposalKind.choices)
    words = models.TextField(_("in their own words"))
    proposed_at = models.DateTimeField(_("proposed at"))
    status = models.CharField(_("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decline_reason = models.TextField(_("why it was not taken in"), blank=True)
    # What it became (a reference, not part of the proposal: SET_NULL).
    goal = models.OneToOneField(
        "goals.Goal", on_delete=models.SET_NULL, null=True, blank=True, related_name="family_proposal"
    )
    clarification = models.OneToOneField(
        "intake.Clarification", on_delete=models.SET_NULL, null=True, blank=True, related_name="family_proposal"
    )
    plan_version = models.ForeignKey(
        "plans.PlanVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("proposal of the family")
        verbose_name_plural = _("proposals of the family")
        ordering = ["-proposed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.words[:40]}"

    @property
    def is_open(self) -> bool:
        return self.status == ProposalStatus.OPEN


class FamilyInputSeen(models.Model):
    """How far the professionals of a case have read what the family wrote: every dossier entry by a family
    account up to ``up_to_entry`` (an entry id; ids only grow) is seen. One row per case, moved on by "mark as
    seen" on the case page; the dashboard's "New from the family" lists the cases with family entries after it."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="family_input_seen")
    up_to_entry = models.PositiveBigIntegerField(default=0)
    seen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("family input seen")
        verbose_name_plural = _("family input seen")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.up_to_entry}"

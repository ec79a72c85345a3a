"""The family's rating of a conversation (GUIDELINE P8): three questions on a 0 to 9 scale and an optional comment.

One answer per family member per conversation. The answer is the family's: the member who answered it, in their
own words; the team lead sees only aggregates of ten answers or more (:mod:`samenplan.feedback.rules`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenplan.cases.models import Member
from samenplan.intake.models import Conversation

LOWEST, HIGHEST = 0, 9
SCALE = [MinValueValidator(LOWEST), MaxValueValidator(HIGHEST)]


class ConversationRating(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("conversation")
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="conversation_ratings", verbose_name=_("family member")
    )
    understand = models.PositiveSmallIntegerField(_("effort to make the situation clear"), validators=SCALE)
    listen = models.PositiveSmallIntegerField(_("effort to hear what matters most"), validators=SCALE)
    include = models.PositiveSmallIntegerField(
        _("effort to take what matters most into the next steps"), validators=SCALE
    )
    comment = models.TextField(_("comment"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("answered by")
    )
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("rating of a conversation")
        verbose_name_plural = _("ratings of conversations")
        ordering = ["-answered_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "member"], name="one_rating_per_member_per_conversation"),
            models.CheckConstraint(
                condition=models.Q(understand__lte=HIGHEST, listen__lte=HIGHEST, include__lte=HIGHEST),
                name="rating_scores_at_most_nine",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}: {self.member_id}"

    def scores(self) -> tuple[int, int, int]:
        return (self.understand, self.listen, self.include)

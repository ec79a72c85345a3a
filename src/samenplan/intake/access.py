"""Reading intake records of a case the user may see (the case comes from ``cases.access``), prefetched."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from samenplan.cases.models import Case
from samenplan.intake.models import Assessment, Clarification, Conversation, RouteDecision


def conversations(case: Case) -> QuerySet[Conversation]:
    return case.conversations.prefetch_related("members", "professionals", "steps", Prefetch("contributions__speaker"))


def conversation(pk: int) -> Conversation:
    return Conversation.objects.prefetch_related("members", "professionals", "steps", "contributions__speaker").get(
        pk=pk
    )


def clarification_overview(case: Case) -> dict:
    return {
        "participants": Clarification.objects.filter(case=case)
        .select_related("member", "author")
        .prefetch_related("problems"),
        "assessments": Assessment.objects.filter(case=case).select_related("severity", "author"),
    }


def route_decisions(case: Case) -> QuerySet[RouteDecision]:
    return case.route_decisions.select_related("author", "crisis").prefetch_related("agreements__member")


def route_decision(pk: int) -> RouteDecision:
    return RouteDecision.objects.select_related("author", "crisis").prefetch_related("agreements__member").get(pk=pk)

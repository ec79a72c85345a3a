"""The daily digest: per professional, how much is due in their own open cases. Counts only: no family's or
family member's name ever goes into the e-mail (names are client data; the link leads to samenplan)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings as django_settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from samenplan.accounts.models import Role, User
from samenplan.administration.services import settings_for
from samenplan.caseload import registry, rules, services, texts


@dataclass
class Digest:
    user: User
    lines: list[str]


def recipients():
    """Active professionals with an e-mail address, each once."""
    return (
        User.objects.filter(is_active=True, memberships__role=Role.PROFESSIONAL)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def digest_for(user: User, today: date) -> Digest:
    """The lines of the user's digest (empty when nothing is their turn)."""
    cases = services.own_caseload(user)
    items = registry.collect(cases, today, settings_for(user.organisation_id))
    with translation.override(django_settings.LANGUAGE_CODE):
        lines = [texts.digest_line(line.key, line.due, line.overdue) for line in rules.digest(items)]
    return Digest(user, lines)


def message(digest: Digest) -> EmailMessage:
    with translation.override(django_settings.LANGUAGE_CODE):
        link = django_settings.SITE_URL.rstrip("/") + reverse("caseload:dashboard")
        body = "\n".join(
            [
                _("Good morning,"),
                "",
                _("This is due in your cases in samenplan:"),
                "",
                *(f"- {line}" for line in digest.lines),
                "",
                _("See what it is about, and do it, in samenplan: %(link)s") % {"link": link},
                "",
                _("This message holds no client data; it is sent every working day by samenplan."),
            ]
        )
        subject = _("samenplan: what is due today")
    return EmailMessage(subject, body, to=[digest.user.email])

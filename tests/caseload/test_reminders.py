"""samenplan reminders: a digest of counts per professional, sent through a real SMTP server on loopback (aiosmtpd,
started here), holding no family's or family member's name."""

from __future__ import annotations

import email
import socket
import threading
from email import policy
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from samenplan.caseload import registry
from samenplan.caseload.registry import Item
from samenplan.cases.models import Family, Member
from tests.caseload.factories import busy_cases


class Inbox:
    """What the loopback SMTP server received (aiosmtpd handler)."""

    def __init__(self):
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []
        self.arrived = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (list(envelope.rcpt_tos), email.message_from_bytes(envelope.content, policy=policy.default))
        )
        self.arrived.set()
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_inbox(settings):
    """A real SMTP server on 127.0.0.1 (a free port), and samenplan's mail sent to it over SMTP."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    settings.SITE_URL = "https://samenplan.rivierstad.example"
    yield inbox
    controller.stop()


def _evaluations(cases, today, settings):
    """A stand-in for the evaluations app's provider: one due this week per case, the first one overdue."""
    found = list(cases.order_by("pk").select_related("family"))
    return [
        Item(registry.EVALUATIONS_PROVIDER_KEY, "Evaluatie", f"/cases/{c.pk}/", c.pk, c.family_id, c.family.name,
             due=today, overdue=i == 0)
        for i, c in enumerate(found)
    ]  # fmt: skip


@pytest.fixture
def evaluations_registered():
    registry.register(registry.EVALUATIONS_PROVIDER_KEY, _evaluations)
    yield
    registry.unregister(registry.EVALUATIONS_PROVIDER_KEY)


def _names() -> set[str]:
    names = set(Family.objects.values_list("name", flat=True))
    for given, family in Member.objects.values_list("given_name", "family_name"):
        names |= {given, family} - {""}
    return names


def test_it_mails_each_professional_the_counts_and_never_a_name(world, smtp_inbox, evaluations_registered):
    busy_cases(world, 3)  # with the world's case: 4 cases of the caseworker
    world.caseworker.email, world.colleague.email = "caseworker@rivierstad.example", "colleague@rivierstad.example"
    world.caseworker.save(update_fields=["email"])
    world.colleague.save(update_fields=["email"])
    out = StringIO()
    call_command("reminders", stdout=out)
    assert smtp_inbox.arrived.wait(10), "no mail reached the SMTP server"
    assert [to for to, _ in smtp_inbox.messages] == [["caseworker@rivierstad.example"]]  # the colleague: nothing due
    (_, message), = smtp_inbox.messages  # fmt: skip
    body = message.get_content()
    assert message["Subject"] == "samenplan: wat er vandaag te doen is"
    assert "- 4 evaluaties deze week, 1 te laat" in body
    assert "- 3 toestemmingen lopen binnen 30 dagen af" in body
    assert "- 2 trajecten met iets nieuws van het gezin" in body
    assert "- 1 traject zonder activiteit" in body
    assert "advies" not in body  # consultations waiting for the scientist are not the professional's turn
    assert "https://samenplan.rivierstad.example/caseload/" in body
    whole = message.as_string()
    leaked = {name for name in _names() if name in whole}
    assert not leaked, f"client data in the e-mail: {leaked}"
    assert "Sent 1 reminders" in out.getvalue()


def test_a_dry_run_sends_nothing_and_says_what_it_would_send(world, smtp_inbox):
    world.caseworker.email = "caseworker@rivierstad.example"
    world.caseworker.save(update_fields=["email"])
    busy_cases(world, 1)
    out = StringIO()
    call_command("reminders", "--dry-run", "--date", "2026-12-07", stdout=out)
    assert smtp_inbox.messages == []
    assert "caseworker <caseworker@rivierstad.example>:" in out.getvalue()
    assert "1 of" in out.getvalue()


def test_it_refuses_a_date_that_is_not_one(world):
    with pytest.raises(CommandError, match="not a date"):
        call_command("reminders", "--date", "morgen")


def test_it_shows_progress_when_there_are_many_professionals(world, smtp_inbox):
    from samenplan.accounts.models import Role
    from tests.factories import member_of

    for i in range(10):
        member_of(world.north, Role.PROFESSIONAL, username=f"extra{i}", email=f"extra{i}@rivierstad.example")
    out = StringIO()
    call_command("reminders", stdout=out)
    assert "Checking [" in out.getvalue() and "Sent 0 reminders" in out.getvalue()

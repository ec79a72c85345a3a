"""`samenplan seed --scale`: synthetic data at the size of a region, with a valid access-log chain."""

import pytest
from django.core.management import call_command

from samenplan.audit import log
from samenplan.audit.models import AccessLogRecord, ChainHead
from samenplan.cases.models import Case, DossierEntry, Family, Phase
from samenplan.consent.models import Consent
from samenplan.intake.models import Registration
from tests.factories import stopped_seed

pytestmark = pytest.mark.django_db


def test_scale_seed_loads_every_phase_and_a_chain_that_verifies(capsys):
    call_command("seed", "--scale", "--families", "60", "--log-per-family", "3")

    assert Family.objects.count() == 60
    assert Family.objects.filter(members__isnull=True).count() == 0
    assert set(Case.objects.values_list("phase", flat=True)) == set(Phase.values)
    assert Registration.objects.count() == Case.objects.count()
    assert Consent.objects.exists()
    assert DossierEntry.objects.filter(case__in=Case.objects.filter(closed_on__isnull=True)).count() >= 500
    assert AccessLogRecord.objects.count() >= 60
    checked, broken = log.verify()
    assert broken is None
    assert checked == sum(ChainHead.objects.values_list("seq", flat=True))
    out = capsys.readouterr().out
    assert "Benchmark data loaded" in out
    assert out.count("help case ") == out.count("evaluation case ") == 2  # one of each per organisation


def test_a_seed_of_one_family_names_the_one_case_it_has(capsys):
    call_command("seed", "--scale", "--families", "1", "--log-per-family", "1")
    out = capsys.readouterr().out
    assert Case.objects.count() == out.count("help case ") + out.count("evaluation case ") >= 1


def test_scale_seed_runs_once_and_leaves_the_demo_seed_alone(capsys):
    call_command("seed", "--scale", "--families", "5", "--log-per-family", "1")
    call_command("seed", "--scale", "--families", "5", "--log-per-family", "1")
    assert Family.objects.count() == 5
    assert "already loaded" in capsys.readouterr().out
    call_command("seed", "--families", "2")
    assert Family.objects.count() == 5 + 2 + 1  # the demo's two families and its family on the analysis route


def test_a_seed_stopped_halfway_is_named_unfinished_and_neither_seed_nor_bench_passes_it_off_as_whole(capsys):
    """Ctrl-C after the first chunk of families: the organisations keep their "unfinished" mark, a second seed
    refuses with what to do, and the benchmark refuses to measure half a region; a seed that ends drops the mark."""
    from django.core.management.base import CommandError

    from samenplan import scale_seed
    from samenplan.accounts.models import Organisation

    stopped_seed(3)
    assert Family.objects.count() == 3 and not AccessLogRecord.objects.exists()
    assert scale_seed.state() == "unfinished"
    assert all(name.endswith(scale_seed.UNFINISHED) for name in Organisation.objects.values_list("name", flat=True))
    with pytest.raises(CommandError, match="stopped before it finished"):
        call_command("seed", "--scale", "--families", "3", "--log-per-family", "1")
    with pytest.raises(CommandError, match="unfinished"):
        call_command("bench", "--runs", "1", "--warmup", "0", "--no-timing")
    assert Family.objects.count() == 3  # nothing added to the half-loaded data
    assert scale_seed.state() == "unfinished"


def test_a_seed_that_ends_is_complete_and_its_organisations_carry_no_mark(capsys):
    from samenplan import scale_seed
    from samenplan.accounts.models import Organisation

    assert scale_seed.state() == "empty"
    call_command("seed", "--scale", "--families", "3", "--log-per-family", "1")
    assert scale_seed.state() == "complete"
    names = list(Organisation.objects.values_list("name", flat=True))
    assert names and not any(scale_seed.UNFINISHED in name for name in names)
    out = capsys.readouterr().out
    assert "Regio " in out and scale_seed.UNFINISHED not in out  # the summary names them as they are now


def test_every_organisation_has_a_planned_and_an_evaluated_case_whose_pages_render(client, capsys):
    """The contract with the benchmark and the load test: per organisation a case in the help phase with an
    agreed plan and goals scored three times or more, and a case being evaluated with its evaluation held; the
    seeded logins use the one password; the plan, its PDF, the progress page and a family's portal home answer."""
    from django.urls import reverse

    from samenplan.accounts.models import Organisation, User
    from samenplan.demo_data import DEMO_PASSWORD
    from samenplan.evaluations.models import Evaluation
    from samenplan.goals.models import Goal
    from samenplan.intake.models import Conversation
    from samenplan.plans.models import PlanAgreement, PlanVersion
    from samenplan.portal.models import FamilyAccount
    from samenplan.scale_seed import seed
    from tests.factories import give_totp

    summary = seed(25, log_per_family=4)

    assert summary["organisations"] == Organisation.objects.count() == len(summary["showcase"]) == 2
    assert Conversation.objects.filter(members__isnull=False, professionals__isnull=False).exists()
    for row in summary["showcase"]:
        helped = Case.objects.get(pk=row["help_case"], phase=Phase.HELP)
        evaluated = Case.objects.get(pk=row["evaluation_case"], phase=Phase.EVALUATION)
        for case in (helped, evaluated):
            version = PlanVersion.objects.get(plan__case=case, number=1)
            assert PlanAgreement.objects.filter(version=version).exists()
            assert [g["goal_id"] for g in version.content["goals"]] == list(
                Goal.objects.filter(case=case).values_list("pk", flat=True)
            )
            assert all(goal.scores.count() >= 3 for goal in Goal.objects.filter(case=case))
            assert case.entries.filter(kind="plan").exists() and case.entries.filter(kind="goals").exists()
        assert Evaluation.objects.filter(case=helped, held_on__isnull=True, planned_on__isnull=False).exists()
        held = Evaluation.objects.get(case=evaluated, held_on__isnull=False)
        assert held.outcome == "continue" and evaluated.entries.filter(kind="evaluation").count() == 3

        worker = User.objects.get(username=row["evaluation_caseworker"])
        assert worker.check_password(DEMO_PASSWORD) and not worker.authenticator_set.exists()
        give_totp(worker)  # as the benchmark does: professionals work with a second factor
        client.force_login(worker)
        for name in ("plans:plan", "evaluations:progress", "cases:dossier"):
            assert client.get(reverse(name, args=[evaluated.pk])).status_code == 200, name
        pdf = client.get(reverse("plans:pdf", args=[evaluated.pk]))
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"

    account = FamilyAccount.objects.select_related("user").get(user__username=summary["family_account"])
    assert summary["family_account"] == "f000001" and FamilyAccount.objects.count() == summary["family_accounts"] == 3
    assert account.user.check_password(DEMO_PASSWORD)
    client.force_login(account.user)
    home = client.get(reverse("portal:home"))
    assert home.status_code == 200 and account.member.given_name.encode() in home.content

    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out.lower()


def test_the_seeded_log_is_numbered_in_time_order_across_chunks_and_its_period_shows_on_the_log_page(
    client, monkeypatch
):
    """Each chunk of families makes records over the five years of its cases; the seed numbers them all in one time
    order (as a server's writes are numbered, which the log page's period relies on: audit.access.SLACK), still
    chained so that verify passes, and a log reader's page of a period shows that period's records."""
    from datetime import datetime, time, timedelta

    from django.urls import reverse
    from django.utils import timezone

    from samenplan import scale_seed
    from samenplan.accounts.models import User
    from samenplan.audit import access
    from tests.factories import give_totp

    # Four chunks of families; the log spilled in batches of 7 and written in slices of 50 records.
    monkeypatch.setattr(scale_seed, "CHUNK", 10)
    monkeypatch.setattr(scale_seed, "LOG_BATCH", 7)
    monkeypatch.setattr(scale_seed, "LOG_SLICE", 50)
    steps = []
    summary = scale_seed.seed(40, log_per_family=6, progress=lambda what, done, total: steps.append((what, done)))

    records = list(AccessLogRecord.objects.order_by("seq").values_list("seq", "at"))
    assert len(records) == summary["log"] > 4 * 50
    assert [seq for seq, _at in records] == list(range(1, len(records) + 1))
    assert [at for _seq, at in records] == sorted(at for _seq, at in records)
    checked, broken = log.verify()
    assert broken is None and checked == len(records) == sum(ChainHead.objects.values_list("seq", flat=True))
    assert [s for s in steps if s[0] == "families"] == [("families", n) for n in (10, 20, 30, 40)]
    assert [s for s in steps if s[0] == "log"][-1] == ("log", len(records))

    lead = User.objects.get(username=summary["two_team_lead"])
    give_totp(lead)
    client.force_login(lead)
    cases = access.led_cases(lead)
    case_ids, family_ids = set(cases.values_list("pk", flat=True)), set(cases.values_list("family_id", flat=True))
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    shown = 0
    for half_year in range(1, 10):  # each half-year of the seeded five years, both dates included (as the page's)
        start, end = today - timedelta(days=182 * (half_year + 1)), today - timedelta(days=182 * half_year + 1)
        period = AccessLogRecord.objects.filter(
            organisation_id=lead.organisation_id,
            at__gte=datetime.combine(start, time.min, tz),
            at__lt=datetime.combine(end + timedelta(days=1), time.min, tz),
        ).order_by("-seq")
        readable = [
            r.seq
            for r in period
            if r.case_id in case_ids or (r.case_id is None and r.family_id in family_ids)  # each has a family
        ]

        response = client.get(reverse("audit:log"), {"start": start.isoformat(), "end": end.isoformat()})

        assert response.status_code == 200
        assert [r.seq for r in response.context["rows"]] == readable[:50], (start, end)
        shown += len(readable[:50])
    assert shown >= 50

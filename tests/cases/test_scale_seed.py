"""`samenplan seed --scale`: synthetic data at the size of a region, with a valid access-log chain."""

import pytest
from django.core.management import call_command

from samenplan.audit import log
from samenplan.audit.models import AccessLogRecord, ChainHead
from samenplan.cases.models import Case, DossierEntry, Family, Phase
from samenplan.consent.models import Consent
from samenplan.intake.models import Registration

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

"""What a family member sees and does in the portal: their goals (and scores), their consents (and taking one
back), who looked at their file; in "u" for parents and "je" for youth; never a professional's menu."""

from datetime import date

import pytest
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.urls import reverse

from samenplan.administration.models import OrganisationSettings
from samenplan.administration.services import defaults
from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import DossierEntry, MemberRole, Voice
from samenplan.consent import actions as consent_actions
from samenplan.consent import services as consent_services
from samenplan.goals import actions as goal_actions
from samenplan.goals.models import ScaleScore
from samenplan.portal.models import FamilyAccount
from tests.audit.statements import record_statements
from tests.factories import code_for_secret, record_consent
from tests.pagetext import shows_word, without_tokens

PORTAL_PAGES = ("portal:home", "portal:goals", "portal:consents", "portal:access_log")


def goal_of(world, **fields):
    defaults_ = {"words": "Rustig samen eten zonder ruzie", "whose": "family"}
    defaults_.update(fields)
    return goal_actions.do_add_goal(world.caseworker, world.case, **defaults_)


def member_of_user(user):
    return FamilyAccount.objects.get(user=user).member


@pytest.mark.guideline("P3")
def test_it_lets_the_parent_score_a_goal_in_the_familys_voice_with_the_parent_as_the_actor(client, world):
    goal = goal_of(world)
    parent = world.persona("parent")
    client.force_login(parent)
    page = client.get(reverse("portal:goals")).content.decode()
    assert "Rustig samen eten zonder ruzie" in page and "Uw doelen" in page
    url = reverse("portal:score", args=[goal.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"score": "6", "one_point_higher": "Dat we <b>samen</b> lachen"})
    assert response.status_code == 302 and response["Location"] == reverse("portal:goals")
    score = ScaleScore.objects.get(goal=goal)
    assert (score.score, score.member, score.author) == (6, member_of_user(parent), parent)
    entry = DossierEntry.objects.filter(case=world.case).latest("pk")
    assert entry.voice == Voice.FAMILY and entry.speaker == member_of_user(parent)
    record = AccessLogRecord.objects.filter(action="goals.add_score").latest("seq")
    assert (record.user_id, record.role, record.case_id) == (parent.pk, "ouder", world.case.pk)
    page = client.get(reverse("portal:goals")).content.decode()
    assert "<svg" in page and "Dat we &lt;b&gt;samen&lt;/b&gt; lachen" in page  # the chart, the table, escaped


def test_it_refuses_a_score_off_the_scale_with_a_field_error(client, world):
    goal = goal_of(world)
    client.force_login(world.persona("parent"))
    response = client.post(reverse("portal:score", args=[goal.pk]), {"score": "11"})
    assert response.status_code == 422
    assert not ScaleScore.objects.exists()


def test_another_familys_member_gets_404_for_a_goal_and_a_consent(client, world):
    goal = goal_of(world)
    consent = record_consent(world.caseworker, world.case)
    client.force_login(world.persona("other_parent"))
    assert client.get(reverse("portal:score", args=[goal.pk])).status_code == 404
    assert client.post(reverse("portal:score", args=[goal.pk]), {"score": "3"}).status_code == 404
    assert client.get(reverse("portal:revoke", args=[consent.pk])).status_code == 404
    assert "Rustig samen eten" not in client.get(reverse("portal:goals")).content.decode()
    assert "Regenboog" not in client.get(reverse("portal:consents")).content.decode()
    assert not ScaleScore.objects.exists()


def test_a_16_year_olds_own_goal_is_hidden_from_the_parent_until_the_youth_agrees(client, world):
    child = world.case.family.members.get(role=MemberRole.CHILD)
    youth = world.persona("youth")
    child.date_of_birth = date(2010, 1, 5)  # 16 now
    child.save()
    own = goal_of(world, words="Zelf naar school fietsen", whose="member", member=child)
    parent = world.persona("parent")
    client.force_login(parent)
    assert "Zelf naar school fietsen" not in client.get(reverse("portal:goals")).content.decode()
    assert client.get(reverse("portal:score", args=[own.pk])).status_code == 404

    client.force_login(youth)
    page = client.get(reverse("portal:goals")).content.decode()
    assert "Zelf naar school fietsen" in page and "Jouw doelen" in page
    assert client.post(reverse("portal:share_own_part"), {"shares": "on"}).status_code == 302
    assert AccessLogRecord.objects.filter(action="portal.share_own_part", user_id=youth.pk).exists()

    client.force_login(parent)
    assert "Zelf naar school fietsen" in client.get(reverse("portal:goals")).content.decode()
    # A parent cannot change what the youth agreed to.
    assert client.post(reverse("portal:share_own_part"), {"shares": ""}).status_code == 404


def test_a_14_year_olds_own_goal_is_shown_to_the_parent(client, world):
    child = world.case.family.members.get(role=MemberRole.CHILD)
    child.date_of_birth = date(2012, 3, 1)
    child.save()
    goal_of(world, words="Op tijd naar bed", whose="member", member=child)
    client.force_login(world.persona("parent"))
    assert "Op tijd naar bed" in client.get(reverse("portal:goals")).content.decode()


def test_a_consent_the_parent_takes_back_refuses_the_next_share_at_once(client, world):
    consent = record_consent(world.caseworker, world.case)
    assert consent_services.allows(world.case, consent.recipient, "request_information", ["school"])
    parent = world.persona("parent")
    client.force_login(parent)
    page = client.get(reverse("portal:consents")).content.decode()
    assert "OBS De Regenboog" in page and "Uw toestemming" in page
    url = reverse("portal:revoke", args=[consent.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": "", "version": consent.version}).status_code == 422  # a reason is asked
    response = client.post(url, {"reason": "Ik wil dit niet meer.", "version": consent.version})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.revoked_by == member_of_user(parent)
    assert AccessLogRecord.objects.filter(action="consent.revoke", user_id=parent.pk).exists()
    with pytest.raises(ValidationError) as refused:
        consent_actions.do_request_information(
            world.caseworker,
            world.case,
            recipient=consent.recipient,
            data_kinds=["school"],
            question="Hoe gaat het op school?",
            reason="Om het gezin goed te helpen.",
        )
    assert "consent_revoked" in str(refused.value.error_list[0].code)
    # Taking it back twice: a plain message, nothing changes.
    assert client.post(url, {"reason": "Nog eens.", "version": consent.version}).status_code == 422


def test_a_stale_version_gets_a_clear_message(client, world):
    consent = record_consent(world.caseworker, world.case)
    client.force_login(world.persona("parent"))
    response = client.post(reverse("portal:revoke", args=[consent.pk]), {"reason": "Weg ermee.", "version": 99})
    assert response.status_code == 422
    assert "intussen veranderd" in response.content.decode()


@pytest.mark.guideline("G2.4")
def test_the_access_log_page_lists_the_caseworkers_views_in_plain_words(client, world):
    OrganisationSettings.objects.create(
        organisation=world.org, version=1, **{**defaults(), "name_shown_to_families": "first_name"}
    )
    client.force_login(world.caseworker)
    client.get(reverse("cases:dossier", args=[world.case.pk]))
    parent = world.persona("parent")
    client.force_login(parent)
    client.get(reverse("portal:home"))  # the family's own reads are not listed
    response = client.get(reverse("portal:access_log"))
    page = without_tokens(response.content.decode())
    assert response.status_code == 200
    assert "bekeek het dossier" in page
    # The first name only:
    assert shows_word(page, world.caseworker.first_name) and not shows_word(page, world.caseworker.last_name)
    assert "Rivierstad" in page
    assert world.caseworker.username not in page and "cases.dossier" not in page  # no internal detail
    assert "127.0.0.1" not in page
    assert "ouder" not in page.split("<main", 1)[1].split("</main>")[0]
    # Another family sees nothing of it.
    client.force_login(world.persona("other_parent"))
    other_page = without_tokens(client.get(reverse("portal:access_log")).content.decode())
    assert not shows_word(other_page, world.caseworker.first_name)


def test_the_access_log_page_is_paginated(client, world):
    client.force_login(world.caseworker)
    for _ in range(27):
        client.get(reverse("cases:dossier", args=[world.case.pk]))
    client.force_login(world.persona("parent"))
    first = client.get(reverse("portal:access_log")).content.decode()
    assert "Pagina 1 van 2" in first
    second = client.get(reverse("portal:access_log") + "?page=2")
    assert second.status_code == 200 and "Pagina 2 van 2" in second.content.decode()
    assert client.get(reverse("portal:access_log") + "?page=zzz").status_code == 200


@pytest.mark.parametrize("page", PORTAL_PAGES)
def test_it_speaks_u_to_parents_and_je_to_youth_and_hides_the_professional_menu(client, world, page):
    client.force_login(world.persona("parent"))
    parent_page = client.get(reverse(page)).content.decode()
    client.force_login(world.persona("youth"))
    youth_page = client.get(reverse(page)).content.decode()
    assert "Ons plan" in parent_page and "Jouw plan" in youth_page
    assert "Jouw" not in parent_page and " je " not in parent_page.split("<main", 1)[1]
    assert " u " not in youth_page.split("<main", 1)[1] and "Uw " not in youth_page
    for professional_link in (reverse("cases:caseload"), reverse("cases:register"), "Mijn trajecten"):
        assert professional_link not in parent_page and professional_link not in youth_page


def test_a_family_member_with_totp_must_enter_the_code(client, world):
    parent = world.persona("parent")
    password = "een lange zin over de fiets"
    assert client.login(username=parent.username, password=password)
    activate = reverse("mfa_activate_totp")
    response = client.get(activate)
    response = client.post(response["Location"], {"password": password})  # the password again first
    secret = client.get(activate).context["form"].secret
    response = client.post(activate, {"code": code_for_secret(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=parent, type=Authenticator.Type.RECOVERY_CODES).exists()
    client.logout()

    response = client.post(reverse("account_login"), {"login": parent.username, "password": password})
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("portal:home"))["Location"].startswith(reverse("account_login"))  # not in yet
    assert client.post(reverse("mfa_authenticate"), {"code": "000000"}).status_code == 200
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": code_for_secret(secret)})
    assert response.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200


def _family_cases(world, n: int) -> list:
    """The world's family with ``n`` cases, each with its registration in the family's words, a clarified question
    and a route decided together (through the actions)."""
    from samenplan.cases.actions import add_entry
    from samenplan.cases.models import EntryKind
    from tests.conftest import decide_route
    from tests.factories import case_with_registration

    cases = [decide_route(world.caseworker, world.case)]
    for i in range(1, n):
        case = case_with_registration(
            family=world.case.family, team=world.north, caseworker=world.caseworker, opened_on=date(2020 + i, 3, 1)
        )
        add_entry(case, world.caseworker, EntryKind.REGISTRATION, f"Aanmelding nummer {i + 1}", voice=Voice.FAMILY)
        cases.append(decide_route(world.caseworker, case))
    return cases


# The portal home of a parent, as many queries for one case as for three:
#   2  the session and the user (with their team memberships)
#   1  the portal account with its member and family (kept on the user: the access-log record asks it who reads,
#      "ouder" or "jongere", without a query)
#   1  every case of the family with every part at once: the registrations in the family's words, the questions,
#      the current routes (portal.access.home_overview)
#   1  the access-log record of the read: on PostgreSQL one statement, on SQLite 3 (tests/audit/statements.py)
PORTAL_HOME_QUERIES = 4 + record_statements()


@pytest.mark.parametrize("n_cases", [1, 3])
def test_the_home_reads_every_case_of_the_family_in_the_same_number_of_queries(
    client, world, n_cases, django_assert_num_queries
):
    cases = _family_cases(world, n_cases)
    client.force_login(world.persona("parent"))
    client.get(reverse("portal:home"))  # the session as a user's usual one
    with django_assert_num_queries(PORTAL_HOME_QUERIES):
        page = client.get(reverse("portal:home")).content.decode()
    assert page.count('class="samenplan-card"') == n_cases
    assert page.count("Hoe krijgen we weer rust in huis?") == n_cases
    assert page.count("Samen besproken: eerst lichte hulp.") == n_cases
    assert all(f'id="case-{case.pk}"' in page for case in cases)
    assert "Aanmelding nummer 3" in page if n_cases == 3 else "Aanmelding nummer" not in page

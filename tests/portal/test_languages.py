"""The family's languages (issue 12): a family member chooses among seven languages and keeps that choice; the
workbench stays Dutch and English; the invitation e-mail and the plan PDF speak the member's language; the case
page shows the language and the special circumstances, so the caseworker can plan an interpreter."""

import io

import pypdf
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from samenplan.analysis import actions as analysis_actions
from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import EntryKind, MemberRole, Voice
from samenplan.intake import actions as intake_actions
from samenplan.intake.models import Conversation
from samenplan.portal.models import FamilyAccount
from tests.plans.factories import SAFETY, plan_version


def member_of(user):
    return FamilyAccount.objects.select_related("member").get(user=user).member


def choose(client, language, next_url="/portal/"):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


def test_a_parent_chooses_arabic_and_reads_the_portal_right_to_left(client, world):
    parent = world.persona("parent")
    client.force_login(parent)
    response = choose(client, "ar")
    assert response.status_code == 302 and response["Location"] == "/portal/"
    assert member_of(parent).language == "ar"
    record = AccessLogRecord.objects.filter(action="portal.language").latest("seq")
    assert (record.user_id, record.event, record.detail) == (parent.pk, "change", "language=ar")
    page = client.get(reverse("portal:home")).content.decode()
    assert '<html lang="ar" dir="rtl"' in page
    assert "نظرة عامة" in page and "أهدافكم" in page  # "Overview", "Your goals" (parent)
    assert "Overzicht" not in page


def test_the_choice_is_kept_for_the_next_session_without_the_cookie(client, world):
    parent = world.persona("parent")
    client.force_login(parent)
    choose(client, "ti")
    client.logout()
    client.cookies.clear()
    client.force_login(parent)
    page = client.get(reverse("portal:home")).content.decode()
    assert '<html lang="ti" dir="ltr"' in page and "ሓፈሻዊ ትሕዝቶ" in page  # "Overview" in Tigrinya


def test_the_portal_switch_offers_seven_languages_each_in_its_own_name(client, world):
    client.force_login(world.persona("youth"))
    page = client.get(reverse("portal:home")).content.decode()
    for code, name in [("nl", "Nederlands"), ("en", "English"), ("ar", "العربية"), ("tr", "Türkçe")]:
        assert f'<option value="{code}" lang="{code}"' in page and name in page
    for name in ("Polski", "Українська", "ትግርኛ"):
        assert name in page
    assert '<option value="ar" lang="ar" dir="rtl"' in page


def test_the_workbench_switch_offers_only_dutch_and_english(client, world):
    client.force_login(world.caseworker)
    page = client.get(reverse("cases:dossier", args=[world.case.pk])).content.decode()
    assert '<option value="en" lang="en"' in page and '<option value="nl" lang="nl"' in page
    assert 'value="ar"' not in page and "العربية" not in page


def test_a_professional_cannot_switch_the_workbench_to_a_family_only_language(client, world):
    client.force_login(world.caseworker)
    url = reverse("cases:dossier", args=[world.case.pk])
    response = choose(client, "ar", url)
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="nl" dir="ltr"' in page and "Gezinsleden" in page


def test_a_professional_may_read_the_workbench_in_english(client, world):
    client.force_login(world.caseworker)
    url = reverse("cases:dossier", args=[world.case.pk])
    choose(client, "en", url)
    page = client.get(url).content.decode()
    assert '<html lang="en"' in page and "Family members" in page
    assert not AccessLogRecord.objects.filter(action="portal.language").exists()  # a professional has no member


@pytest.mark.parametrize("bad", ["xx", "", "ar\x00", "<script>", "e" * 3000])
def test_a_bad_language_changes_nothing_and_never_fails(client, world, bad):
    parent = world.persona("parent")
    client.force_login(parent)
    response = client.post(reverse("set_language"), {"language": bad, "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert member_of(parent).language == ""


def test_the_switch_is_a_post_form_only(client, world):
    client.force_login(world.persona("parent"))
    assert client.get(reverse("set_language")).status_code == 405


def test_the_login_page_speaks_the_language_of_the_cookie(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ti"
    page = client.get(reverse("account_login")).content.decode()
    assert '<html lang="ti" dir="ltr"' in page and "ስም ተጠቃሚ" in page  # "Username"


def test_the_invitation_e_mail_goes_out_in_the_language_the_caseworker_picked(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.caseworker)
    parent = world.case.family.members.filter(role=MemberRole.PARENT).first()
    url = reverse("portal:invite", args=[world.case.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"member": parent.pk, "email": "ouder@example.org", "language": "tr"})
    assert response.status_code == 302
    parent.refresh_from_db()
    assert parent.language == "tr"
    message = mail.outbox[-1]
    assert message.subject == "samenplan davetiniz"
    assert "Merhaba" in message.body and "ailenizin planını" in message.body  # noqa: RUF001 (Turkish letters)
    record = AccessLogRecord.objects.filter(action="portal.language").latest("seq")
    assert (record.user_id, record.detail) == (world.caseworker.pk, "language=tr")


def test_the_invitation_refuses_an_unknown_language_with_a_field_error(client, world):
    client.force_login(world.caseworker)
    parent = world.case.family.members.filter(role=MemberRole.PARENT).first()
    response = client.post(
        reverse("portal:invite", args=[world.case.pk]),
        {"member": parent.pk, "email": "o@example.org", "language": "xx"},
    )
    assert response.status_code == 400 and "Kies een van de talen in de lijst." in response.content.decode()
    assert not mail.outbox


def test_the_plan_pdf_has_its_fixed_texts_in_the_members_language_and_the_familys_words_as_written(client, world):
    plan_version(world.caseworker, world.case, safety=SAFETY, own={"text": "We fietsen samen.", "voice": "family"})
    client.force_login(world.persona("parent"))
    choose(client, "uk")
    response = client.get(reverse("portal:plan_pdf"))
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "Наш сімейний план" in text and "План безпеки" in text  # "Our family plan", "Safety plan"
    assert "We fietsen samen." in text  # the family's own words stay as they wrote them
    assert "Ons gezinsplan" not in text


def test_the_case_page_shows_the_language_and_special_circumstances_for_an_interpreter(client, world):
    parent = member_of(world.persona("parent"))
    parent.language = "ar"
    parent.save(update_fields=["language"])
    child = world.case.family.members.filter(role=MemberRole.CHILD).first()
    analysis_actions.do_record_circumstance(world.caseworker, world.case, member=child, code="limited_dutch")
    client.force_login(world.caseworker)
    page = client.get(reverse("cases:dossier", args=[world.case.pk])).content.decode()
    assert "Taal van het portaal: Arabisch (العربيّة)" in page  # Django's own name of Arabic
    assert "Spreekt weinig Nederlands" in page
    assert page.count("Denk aan een tolk") == 2


def test_a_conversation_records_that_an_interpreter_took_part_and_the_timeline_shows_it(client, world):
    members = list(world.case.family.members.all())
    conversation = intake_actions.do_record_conversation(
        world.caseworker,
        world.case,
        held_on=timezone.localdate(),
        place="home",
        members=members,
        interpreter_language="Tigrinya",
    )
    assert Conversation.objects.get(pk=conversation.pk).interpreter_language == "Tigrinya"
    summary = world.case.entries.filter(kind=EntryKind.CONVERSATION, voice=Voice.SYSTEM).latest("pk")
    assert "Er was een tolk bij (Tigrinya)." in summary.text
    client.force_login(world.caseworker)
    assert (
        "Er was een tolk bij (Tigrinya)." in client.get(reverse("cases:dossier", args=[world.case.pk])).content.decode()
    )


def test_the_conversation_form_takes_the_interpreter_and_refuses_a_long_name(client, world):
    client.force_login(world.caseworker)
    url = reverse("intake:conversation", args=[world.case.pk])
    page = client.get(url).content.decode()
    assert 'name="interpreter_language"' in page and "Er was een tolk bij, voor de taal" in page
    with pytest.raises(ValidationError) as refused:
        intake_actions.do_record_conversation(
            world.caseworker,
            world.case,
            held_on=timezone.localdate(),
            place="home",
            members=list(world.case.family.members.all()),
            interpreter_language="x" * 101,
        )
    assert "interpreter_language" in refused.value.message_dict


def test_the_api_records_and_returns_the_interpreter_of_a_conversation(world):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_login(world.caseworker)
    url = f"/api/v1/cases/{world.case.pk}/conversations/"
    members = [m.pk for m in world.case.family.members.all()]
    body = {"held_on": str(timezone.localdate()), "place": "home", "members": members}
    response = client.post(url, {**body, "interpreter_language": "Arabisch"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["interpreter_language"] == "Arabisch"
    refused = client.post(url, {**body, "interpreter_language": "x" * 101}, format="json")
    assert refused.status_code == 400
    assert Conversation.objects.filter(case=world.case).count() == 1

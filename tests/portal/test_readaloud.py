"""Read-aloud made on the server: the member's own page or plan section, spoken by espeak-ng as WAV, logged as a
read; another family's block, an unknown block or a language without a voice give 404."""

import pytest
from django.urls import reverse
from django.utils import translation

from samenplan.audit.models import AccessLogRecord
from samenplan.goals import actions as goal_actions
from samenplan.portal import readaloud
from tests.plans.factories import SAFETY, plan_version


def audio_of(client, block):
    return client.get(reverse("portal:read_aloud", args=[block]))


def test_it_speaks_a_section_of_the_members_own_plan_as_wav_and_logs_the_read(client, world):
    plan_version(world.caseworker, world.case, safety=SAFETY)
    parent = world.persona("parent")
    client.force_login(parent)
    response = audio_of(client, "plan-safety")
    body = response.content
    assert response.status_code == 200 and response["Content-Type"] == "audio/wav"
    assert body[:4] == b"RIFF" and body[8:12] == b"WAVE" and len(body) > 10_000
    assert int.from_bytes(body[4:8], "little") == len(body) - 8  # a complete header, playable by any browser
    assert "no-store" in response["Cache-Control"]
    record = AccessLogRecord.objects.filter(action="portal.read_aloud").latest("seq")
    assert (record.user_id, record.family_id, record.event) == (parent.pk, world.case.family_id, "read")
    assert record.detail == "block=plan-safety"


def test_it_reads_only_the_text_of_the_block_the_member_sees(client, world):
    plan_version(world.caseworker, world.case, safety=SAFETY)
    client.force_login(world.persona("parent"))
    html = client.get(reverse("portal:plan")).content.decode()
    safety = readaloud.text_of(html, element="plan-safety")
    assert "Als papa boos wordt, gaat Mees naar de buren." in safety
    assert "We eten elke avond samen." not in safety  # another section
    assert "Voorlezen" not in safety and "Pauze" not in safety  # not the controls
    page = readaloud.text_of(html)
    assert "We eten elke avond samen." in page and "Wie heeft het dossier bekeken" not in page  # not the menu


def test_it_speaks_a_whole_page_and_the_same_words_come_from_the_cache(client, world):
    client.force_login(world.persona("youth"))
    first = audio_of(client, "page-home")
    second = audio_of(client, "page-home")
    assert first.status_code == 200 and first.content[:4] == b"RIFF"
    assert second.content == first.content


def test_another_familys_block_gives_404(client, world):
    goal = goal_actions.do_add_goal(world.caseworker, world.case, words="Rustig samen eten", whose="family")
    client.force_login(world.persona("other_parent"))
    assert audio_of(client, f"page-score-{goal.pk}").status_code == 404
    assert audio_of(client, "plan-safety").status_code == 404  # their family has no plan
    assert not AccessLogRecord.objects.filter(action="portal.read_aloud").exists()
    client.force_login(world.persona("parent"))
    assert audio_of(client, f"page-score-{goal.pk}").status_code == 200


@pytest.mark.parametrize("block", ["page-invite", "page-home-3", "page-score", "plan-secret", "hello", "page-../x"])
def test_it_reads_only_known_blocks(client, world, block):
    client.force_login(world.persona("parent"))
    assert client.get(f"/portal/read-aloud/{block}/").status_code == 404


def test_a_professional_or_a_language_without_a_voice_gets_404(client, world):
    client.force_login(world.caseworker)
    assert audio_of(client, "page-home").status_code == 404
    client.force_login(world.persona("parent"))
    with translation.override("ti"):
        assert readaloud.espeak_voice(translation.get_language()) is None
    assert readaloud.espeak_voice("nl") == "nl" and readaloud.espeak_voice("ar") == "ar"


def test_the_portal_pages_carry_the_read_aloud_controls(client, world):
    plan_version(world.caseworker, world.case, safety=SAFETY)
    client.force_login(world.persona("parent"))
    page = client.get(reverse("portal:plan")).content.decode()
    assert 'data-readaloud-audio="/portal/read-aloud/page-plan/"' in page
    assert 'data-readaloud-audio="/portal/read-aloud/plan-safety/"' in page
    assert 'data-readaloud-audio="/portal/read-aloud/plan-goals/"' in page
    assert "samenplan/readaloud.js" in page and 'role="status"' in page
    for name in ("portal:home", "portal:goals", "portal:consents", "portal:access_log"):
        assert "data-readaloud-audio" in client.get(reverse(name)).content.decode()

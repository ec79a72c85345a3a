"""Read-aloud without a database: which block ids name something, and what text a listener hears."""

import pytest

from samenplan.portal import readaloud


@pytest.mark.parametrize(
    ("block", "page", "kwargs", "element"),
    [
        ("page-home", "home", {}, None),
        ("page-score-12", "score", {"goal_id": 12}, None),
        ("page-plan_version-2", "plan_version", {"number": 2}, None),
        ("plan-safety", "plan", {}, "plan-safety"),
    ],
)
def test_it_knows_the_blocks_of_the_portal(block, page, kwargs, element):
    assert readaloud.parse_block(block) == readaloud.Block(page, kwargs, element)


@pytest.mark.parametrize("block", ["", "page-invite", "page-home-1", "page-score", "page-score-0", "plan-x", "x"])
def test_it_refuses_anything_else(block):
    assert readaloud.parse_block(block) is None


def test_it_names_a_whole_page_by_its_url():
    assert readaloud.page_block("goals", {}) == "page-goals"
    assert readaloud.page_block("revoke", {"consent_id": 7}) == "page-revoke-7"
    assert readaloud.page_block("accept", {"link": "abc"}) == ""


def test_it_hears_the_main_text_without_menus_pictograms_hidden_parts_or_controls():
    html = (
        "<nav><a>Menu</a></nav><main><h1><svg aria-hidden='true'><title>x</title></svg>Ons plan</h1>"
        "<div data-readaloud><button>Voorlezen</button></div><p>Wij eten samen<br>elke avond</p>"
        "<p hidden>Geheim</p><select><option>Ja</option></select><ul><li>Eén</li><li>Twee!</li></ul></main>"
    )
    assert readaloud.text_of(html) == "Ons plan.\nWij eten samen.\nelke avond.\nEén.\nTwee!"


def test_it_hears_one_block():
    html = "<main><section data-readaloud-block='plan-own'><h2>Zelf</h2><p>We fietsen.</p></section><p>Rest</p></main>"
    assert readaloud.text_of(html, element="plan-own") == "Zelf.\nWe fietsen."


def test_it_completes_the_streaming_wav_header():
    streamed = b"RIFF\xff\xff\xff\x7fWAVEfmt " + bytes(20) + b"data\xff\xff\xff\x7f" + bytes(100)
    fixed = readaloud.wav_with_sizes(streamed)
    assert int.from_bytes(fixed[4:8], "little") == len(fixed) - 8
    assert int.from_bytes(fixed[40:44], "little") == 100

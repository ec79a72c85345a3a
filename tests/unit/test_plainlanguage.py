"""The plain-Dutch measures themselves, database-free: sentences, words, the readability index, familiar words,
and the extractor that finds the messages of templates and Python files."""

from pathlib import Path

import pytest

from samenplan import plainlanguage as pl

BUREAUCRATIC = (
    "Teneinde de continuïteit van de geïndiceerde jeugdhulpverlening te waarborgen, dient de belanghebbende "
    "ouder, overeenkomstig de toepasselijke bepalingen van de Jeugdwet, onverwijld zorg te dragen voor de "
    "aanlevering van alle relevante beschikkingen en bescheiden aan de gecontracteerde zorgaanbieder."
)


def test_it_strips_placeholders_tags_and_setting_names():
    assert pl.clean('Hallo %(name)s, <a href="%(url)s">kijk hier</a> {count} PORTAL_OWN_AGE.') == (
        "Hallo , kijk hier ."
    )


def test_it_splits_sentences_and_counts_words():
    assert pl.sentences("Dit is kort. Is dit ook kort? Ja!") == ["Dit is kort.", "Is dit ook kort?", "Ja!"]
    assert pl.words("Het e-mailadres van 3 ouders.") == ["Het", "e-mailadres", "van", "ouders"]


def test_it_scores_plain_dutch_high_and_official_dutch_low():
    plain = "U maakt samen met uw hulpverlener een plan. In het plan staat wat u wilt bereiken."
    assert pl.flesch_douma(plain) >= 60
    assert pl.flesch_douma(BUREAUCRATIC) < 30


@pytest.mark.parametrize("word", ["gezin", "school", "gezinsplan", "gezinsportaal", "e-mail", "Hulpverlener"])
def test_it_knows_common_words_compounds_and_the_allow_list(word):
    assert pl.familiar(word)


@pytest.mark.parametrize("word", ["risicotaxatie", "onverwijld", "bescheiden-xqzv", "zorgaanbiedersconvenant"])
def test_it_flags_rare_words(word):
    assert not pl.familiar(word)


def test_it_passes_a_plain_text():
    assert pl.check("U krijgt een brief. Daarin staat wanneer uw hulpverlener langskomt.") == []


def test_it_fails_a_long_bureaucratic_sentence_on_every_rule():
    rules = {problem.rule for problem in pl.check(BUREAUCRATIC)}
    assert rules == {"sentence", "readability", "word"}


def test_it_measures_the_index_only_on_texts_long_enough_for_it():
    short = "Beveiligingssleutel weghalen?"  # two long words: the index would be meaningless
    assert [p.rule for p in pl.check(short)] == []


def test_it_extracts_messages_from_templates_and_python(tmp_path: Path):
    (tmp_path / "page.html").write_text(
        "{% load i18n %}<h1>{% translate 'Our plan' context 'parent' %}</h1>"
        "{% blocktranslate with n=x %}Version {{ n }}.{% endblocktranslate %}"
        "{% blocktranslate count n=x %}One goal{% plural %}{{ n }} goals{% endblocktranslate %}",
        encoding="utf-8",
    )
    (tmp_path / "views.py").write_text(
        "from django.utils.translation import gettext as _, pgettext_lazy\n"
        "A = _('Saved.')\nB = pgettext_lazy('youth', 'Your plan')\nC = _(variable)\n",
        encoding="utf-8",
    )
    found = {(m.context, m.msgid, m.plural) for m in pl.extract_messages(tmp_path, ["page.html", "views.py"])}
    assert found == {
        ("parent", "Our plan", None),
        (None, "Version %(n)s.", None),
        (None, "One goal", "%(n)s goals"),
        (None, "Saved.", None),
        ("youth", "Your plan", None),
    }


def test_it_refuses_a_source_that_does_not_exist(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        pl.extract_messages(tmp_path, ["gone.html"])

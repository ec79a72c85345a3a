"""Every Dutch text a family reads is plain Dutch, measured (thresholds: docs/plain-language.md).

The texts: the Dutch translations of every message in the files of ``portal.family_facing.SOURCES`` and the
descriptions of the demo catalogue's help offers. A failure names the text and what to change.
"""

from pathlib import Path

import polib

from samenplan import plainlanguage as pl
from samenplan.portal.family_facing import SOURCES

ROOT = Path(pl.__file__).resolve().parent
BUREAUCRATIC = (
    "Teneinde de continuïteit van de geïndiceerde jeugdhulpverlening te waarborgen, dient de belanghebbende "
    "ouder, overeenkomstig de toepasselijke bepalingen van de Jeugdwet, onverwijld zorg te dragen voor de "
    "aanlevering van alle relevante beschikkingen en bescheiden aan de gecontracteerde zorgaanbieder."
)


def failures(texts):
    found = [(t, pl.check(t.text)) for t in texts]
    return [f"{t.where}\n    {t.text}\n    → {'; '.join(map(str, problems))}" for t, problems in found if problems]


def test_it_finds_the_family_facing_texts():
    texts, missing = pl.family_facing_texts()
    assert not missing, f"no Dutch translation: {missing[:5]}"
    wheres = " ".join(t.where for t in texts)
    for source in ("portal/templates/portal/plan.html", "portal/forms.py", "plans/templates/plans/pdf.html"):
        assert source in wheres
    assert "catalogue offer" in wheres
    assert len(texts) > 200


def test_every_family_facing_dutch_text_is_plain():
    texts, _missing = pl.family_facing_texts()
    bad = failures(texts)
    assert not bad, "not plain Dutch (docs/plain-language.md):\n" + "\n".join(bad)


def test_it_fails_when_a_long_bureaucratic_sentence_is_added(tmp_path):
    """The same check, on a copy of the Dutch catalogue with one portal text made bureaucratic."""
    po = polib.pofile(str(ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"))
    entry = next(e for e in po if e.msgctxt == "parent" and e.msgid.startswith("There is no plan yet."))
    entry.msgstr = BUREAUCRATIC
    copy = tmp_path / "django.po"
    po.save(str(copy))
    texts, _missing = pl.dutch_texts(pl.extract_messages(ROOT, SOURCES), copy)
    bad = failures(texts)
    assert len(bad) == 1
    assert "There is no plan yet." in bad[0]
    assert "sentence:" in bad[0] and "readability:" in bad[0] and "word:" in bad[0]

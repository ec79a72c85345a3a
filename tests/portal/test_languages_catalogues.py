"""Every family-facing text is translated into every language of the portal (issue 12): the catalogues are made
again from portal/family_facing.py's SOURCES in a copy of the source tree (``samenplan familymessages``), and the
result must have no new, untranslated or fuzzy entry, and placeholders that match the English."""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from samenplan.portal.family_facing import SOURCES
from samenplan.portal.management.commands.familymessages import SRC, is_family_facing

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{ ?\w+ ?\}\}")
FAMILY_ONLY = settings.FAMILY_ONLY_LANGUAGES


@pytest.fixture(scope="module")
def remade(tmp_path_factory) -> Path:
    """A copy of the family-facing sources and of the committed catalogues, with the catalogues made again."""
    root = tmp_path_factory.mktemp("src")
    for source in SOURCES:
        found = SRC / source
        if found.is_dir():
            shutil.copytree(found, root / source, dirs_exist_ok=True, ignore=shutil.ignore_patterns("locale"))
        elif found.exists():
            (root / source).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(found, root / source)
    for code in FAMILY_ONLY:
        shutil.copytree(SRC / "locale" / code, root / "locale" / code)
    with override_settings(LOCALE_PATHS=[root / "locale"]):
        call_command("familymessages", root=str(root), verbosity=0)
    return root


def test_every_source_named_as_family_facing_exists():
    assert all((SRC / source).exists() for source in SOURCES), [s for s in SOURCES if not (SRC / s).exists()]


def test_it_picks_exactly_the_family_facing_files():
    assert is_family_facing("portal/templates/portal/home.html")
    assert is_family_facing("templates/base.html")
    assert not is_family_facing("templates/base_other.html")
    assert not is_family_facing("cases/templates/cases/dossier.html")


@pytest.mark.parametrize("code", FAMILY_ONLY)
def test_every_family_facing_text_is_translated_and_the_catalogue_is_up_to_date(remade, code):
    fresh = polib.pofile(str(remade / "locale" / code / "LC_MESSAGES" / "django.po"))
    committed = polib.pofile(str(SRC / "locale" / code / "LC_MESSAGES" / "django.po"))
    key = lambda e: (e.msgctxt, e.msgid)  # noqa: E731
    new = {key(e) for e in fresh} - {key(e) for e in committed}
    assert not new, f"run 'samenplan familymessages' and translate: {sorted(new, key=str)[:5]}"
    assert len(fresh) > 300
    assert not [e.msgid for e in fresh.untranslated_entries()], f"untranslated in {code}"
    assert not [e.msgid for e in fresh.fuzzy_entries()], f"fuzzy in {code}"


@pytest.mark.parametrize("code", FAMILY_ONLY)
def test_the_placeholders_match_the_english(code):
    po = polib.pofile(str(SRC / "locale" / code / "LC_MESSAGES" / "django.po"))
    wrong = []
    for entry in po.translated_entries():
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(entry.msgid)):
                wrong.append((entry.msgid, text))
            if entry.msgid.endswith("\n") != text.endswith("\n"):
                wrong.append((entry.msgid, "line end"))
    assert not wrong, wrong[:3]


@pytest.mark.parametrize("code", FAMILY_ONLY)
def test_the_compiled_catalogue_matches_the_source(code):
    po = polib.pofile(str(SRC / "locale" / code / "LC_MESSAGES" / "django.po"))
    mo = polib.mofile(str(SRC / "locale" / code / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in mo}
    stale = [
        e.msgid for e in po.translated_entries() if compiled.get((e.msgctxt, e.msgid)) != (e.msgstr or e.msgstr_plural)
    ]
    assert not stale, f"run 'samenplan compilemessages': {stale[:3]}"


@pytest.mark.parametrize("code", FAMILY_ONLY)
def test_django_knows_every_portal_language_and_its_direction(code):
    info = translation.get_language_info(code)
    assert info["name_local"] and info["bidi"] == (code == "ar")
    with translation.override(code):
        assert translation.gettext("Family plan") != "Family plan"
        assert translation.get_language_bidi() == (code == "ar")


def test_tigrinya_is_known_by_its_own_name_and_has_its_month_names():
    assert translation.get_language_info("ti")["name_local"] == "ትግርኛ"
    from datetime import date

    from django.utils import dateformat

    with translation.override("ti"):
        assert dateformat.format(date(2026, 12, 4), "j F Y") == "4 ታሕሳስ 2026"


def test_the_choice_labels_families_see_are_the_models_own():
    from samenplan.consent.models import DataKind, Purpose
    from samenplan.intake.models import Route
    from samenplan.plans.models import Agreement
    from samenplan.portal.family_labels import LABELS

    with translation.override("en"):
        for key, enum in {
            "plans.Agreement": Agreement,
            "consent.Purpose": Purpose,
            "consent.DataKind": DataKind,
            "intake.Route": Route,
        }.items():
            assert sorted(LABELS[key]) == sorted(str(label) for label in enum.labels), key

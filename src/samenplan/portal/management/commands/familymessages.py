"""``samenplan familymessages``: make or refresh the catalogues of the family's languages (issue 12).

Dutch and English are the workbench's languages and have full catalogues (``samenplan makemessages -l nl``). The
other languages of the portal (settings.FAMILY_ONLY_LANGUAGES: Arabic, Turkish, Polish, Ukrainian, Tigrinya, …)
hold only the texts a family reads: the gettext strings of the files in ``portal/family_facing.py`` (``SOURCES``).
This runs Django's makemessages (through samenplan's, without source locations) over exactly those files, drops
entries no family-facing file uses any more, and compiles. New texts arrive untranslated (or fuzzy, when gettext
found a similar old one): translate them, remove the fuzzy marks, and run ``samenplan compilemessages``.
``tests/portal/test_languages_catalogues.py`` fails until every one is translated. See docs/translating.md.

    samenplan familymessages            # every family-only language
    samenplan familymessages -l ar      # one language (also: a new one, after adding it to settings.LANGUAGES)
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from samenplan.cases.management.commands import makemessages
from samenplan.portal.family_facing import SOURCES

SRC = Path(__file__).resolve().parents[3]  # src/samenplan
# Plural rules gettext needs for languages Django has no catalogue of (Django copies the others from its own).
PLURAL_FORMS = {"ti": "nplurals=2; plural=(n > 1);"}


def is_family_facing(relative: str) -> bool:
    """Is the file at ``relative`` (to src/samenplan, with /) one of SOURCES, or under a directory of them?"""
    return any(relative == source or (source.endswith("/") and relative.startswith(source)) for source in SOURCES)


class Command(makemessages.Command):
    help = "Make or refresh the catalogues of the family-only portal languages from portal/family_facing.py."

    def add_arguments(self, parser):
        parser.add_argument("--locale", "-l", action="append", default=[], help="A language code (repeatable).")
        parser.add_argument(
            "--root", default=str(SRC), help="The source tree with a locale/ directory (tests use a copy)."
        )

    def find_files(self, root):
        found = super().find_files(root)
        return [f for f in found if is_family_facing(os.path.relpath(f.path, root).replace(os.sep, "/"))]

    def handle(self, *args, **options):
        languages = options["locale"] or list(settings.FAMILY_ONLY_LANGUAGES)
        root = Path(options["root"])
        back = os.getcwd()
        os.chdir(root)
        try:
            super().handle(
                locale=languages,
                exclude=[],
                domain="django",
                verbosity=options.get("verbosity", 1),
                all=False,
                extensions=None,
                symlinks=False,
                ignore_patterns=[],
                use_default_ignore_patterns=True,
                no_wrap=False,
                no_location=True,
                add_location=None,
                no_obsolete=True,
                keep_pot=False,
            )
            import polib  # a development dependency, like gettext itself

            for code in languages:
                po = polib.pofile(str(root / "locale" / code / "LC_MESSAGES" / "django.po"), wrapwidth=78)
                if "INTEGER" in po.metadata.get("Plural-Forms", "INTEGER"):
                    po.metadata["Plural-Forms"] = PLURAL_FORMS.get(code, "nplurals=2; plural=(n != 1);")  # check it
                po.metadata["Language"] = code
                po.metadata_is_fuzzy = False
                po.save()  # polib's wrapping, as the Dutch catalogue has it: fewer lines change between runs
            call_command("compilemessages", locale=languages, verbosity=0)
        finally:
            os.chdir(back)

"""``samenplan makemessages``: Django's, without source locations and without a creation date in the catalogue.

Line numbers in ``#:`` comments change with every edit of a source file, and the ``POT-Creation-Date`` header with
every run, so parallel work on different files conflicted in the catalogue. Without them a new message is the only
change a branch makes to the ``.po``.
"""

import re
from pathlib import Path

from django.core.management.commands import makemessages

CREATION_DATE = re.compile(r'^"POT-Creation-Date: [^"]*"\n', re.MULTILINE)


class Command(makemessages.Command):
    def handle(self, *args, **options):
        options["no_location"] = True
        result = super().handle(*args, **options)
        for catalogue in Path("locale").glob("*/LC_MESSAGES/*.po"):
            text = catalogue.read_text(encoding="utf-8")
            stripped = CREATION_DATE.sub("", text)
            if stripped != text:
                catalogue.write_text(stripped, encoding="utf-8")
        return result

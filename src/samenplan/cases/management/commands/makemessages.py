"""``samenplan makemessages``: Django's, without source locations in the catalogue.

Line numbers in ``#:`` comments change with every edit of a source file, so parallel work on different files
conflicted in the catalogue. Without them a new message is the only change a branch makes to the ``.po``.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    def handle(self, *args, **options):
        options["no_location"] = True
        return super().handle(*args, **options)

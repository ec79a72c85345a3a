"""The ``samenplan`` command: Django's management commands plus samenplan's own (demo, seed, audit, apitoken)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenplan.conf.settings")
    if len(sys.argv) > 1 and sys.argv[1] == "demo":
        # The demo is a developer's or evaluator's laptop run: debug pages on, unless said otherwise.
        os.environ.setdefault("DEBUG", "1")
        # ...and logins without a second factor, with a banner on every page (ignored when DEBUG is off).
        os.environ.setdefault("SAMENPLAN_DEMO_MODE", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

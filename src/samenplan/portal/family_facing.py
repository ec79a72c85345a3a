"""Which source files hold the fixed texts that families read.

The portal's pages, the plan PDF a family takes home, the invitation e-mail and the login and safe-login pages
they pass through. This one list feeds the family's languages (every text here is translated into each portal
language, issue 12) and the plain-Dutch check (every Dutch text here is measured). Paths are relative to
``src/samenplan/``; a directory means every ``.py`` and ``.html``/``.txt`` file under it. When a family-facing
page uses a text from another file, add that file here.
"""

from __future__ import annotations

SOURCES: list[str] = [
    "portal/",
    "feedback/texts.py",
    "feedback/forms.py",
    "feedback/actions.py",
    "plans/templates/plans/pdf.html",
    "plans/templates/plans/_pdf_section.html",
    "plans/templates/plans/_section.html",
    "plans/templates/plans/_diff.html",
    "plans/pdf.py",
    "plans/present.py",
    "plans/actions.py",
    "goals/charts.py",
    "goals/templates/goals/_progress.html",
    "templates/_language_switch.html",
    "templates/account/",
    "templates/mfa/",
    "templates/base.html",
    "templates/404.html",
    "templates/403.html",
    "templates/500.html",
    "templates/_error_summary.html",
    "templates/_field.html",
    "templates/_form_fields.html",
    "plans/templates/plans/_section.html",  # the safety plan and agreements on the portal
    "network/picture.py",  # the network map's legend and labels on the portal
]

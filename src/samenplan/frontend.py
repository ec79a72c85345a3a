"""The front-end packages (NL Design System CSS) come from npm into node_modules/; this installs them."""

from __future__ import annotations

import shutil
import subprocess

from django.conf import settings


class FrontendUnavailable(RuntimeError):
    pass


def installed() -> bool:
    return (settings.NODE_MODULES / "@utrecht" / "component-library-css" / "dist" / "index.css").exists() and (
        settings.NODE_MODULES / "@nl-design-system-unstable" / "voorbeeld-design-tokens" / "dist" / "theme.css"
    ).exists()


def ensure_installed() -> bool:
    """Install the packages of package-lock.json when missing. Returns True when it had to install."""
    if installed():
        return False
    npm = shutil.which("npm")
    if npm is None:
        raise FrontendUnavailable("npm is not installed: install Node.js (which brings npm), then run this again.")
    command = [
        npm,
        "ci" if (settings.BASE_DIR / "package-lock.json").exists() else "install",
        "--no-audit",
        "--no-fund",
    ]
    result = subprocess.run(command, cwd=settings.BASE_DIR, check=False)  # noqa: S603 (a fixed command)
    if result.returncode != 0 or not installed():
        raise FrontendUnavailable(f"'{' '.join(command)}' failed with exit code {result.returncode}.")
    return True

"""The front-end packages (NL Design System CSS) come from npm into node_modules/; this installs them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from django.conf import settings


class FrontendUnavailable(RuntimeError):
    pass


def installed() -> bool:
    """Every npm package that a static-files directory points into is there (an older checkout may lack one)."""
    packages = [
        Path(entry[1] if isinstance(entry, tuple) else entry)
        for entry in settings.STATICFILES_DIRS
        if str(entry[1] if isinstance(entry, tuple) else entry).startswith(str(settings.NODE_MODULES))
    ]
    return bool(packages) and all(package.is_dir() and any(package.iterdir()) for package in packages)


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

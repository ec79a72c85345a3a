"""No inline script or style in any template: the Content-Security-Policy allows neither."""

from __future__ import annotations

import re
from pathlib import Path

import allauth
import pytest

SRC = Path(__file__).resolve().parent.parent.parent / "src" / "samenplan"
OURS = sorted(SRC.rglob("templates/**/*.html"))
ALLAUTH = Path(allauth.__file__).parent / "templates"

TAG = re.compile(r"<([a-zA-Z][\w-]*)\b([^>]*)>", re.S)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def problems(text: str) -> list[str]:
    found = []
    for name, attributes in TAG.findall(text):
        tag = f"<{name}{attributes[:80]}>"
        if name.lower() == "style":
            found.append(f"<style> element: {tag}")
        data_block = re.search(r'type="application/(ld\+)?json"', attributes)  # data, never run as a script
        if name.lower() == "script" and not data_block and "nonce=" not in attributes:
            found.append(f"<script> without a nonce: {tag}")
        if name.lower() == "script" and not data_block and "src=" not in attributes:
            found.append(f"inline <script> body: {tag}")
        if re.search(r"\sstyle\s*=", attributes):
            found.append(f'style="" attribute: {tag}')
        if EVENT_HANDLER.search(attributes):
            found.append(f"inline event handler: {tag}")
        if re.search(r"\shx-on\b|\shx-on[:-]|\shx-vars\b|javascript:|\bjs:", attributes):
            found.append(f"script in an attribute (htmx eval): {tag}")
    return found


def test_it_finds_what_it_looks_for():
    bad = '<style>p{}</style><p style="color:red" onclick="x()"><script>alert(1)</script><a href="javascript:x">'
    assert len(problems(bad)) == 6
    assert problems('<script type="application/json">{"a": 1}</script>') == []
    assert problems('<script src="/static/a.js" defer nonce="{{ CSP_NONCE }}"></script><p class="x">') == []


def test_it_has_templates_to_check():
    assert any(path.name == "base.html" for path in OURS)


@pytest.mark.parametrize("path", OURS, ids=lambda p: str(p.relative_to(SRC)))
def test_no_template_of_ours_has_inline_script_or_style(path):
    assert problems(path.read_text()) == []


# Pages samenplan switches off: changing the e-mail address in one step (ACCOUNT_CHANGE_EMAIL) and phone numbers.
UNUSED = {"account/email_change.html", "account/phone_change.html"}


def apps_not_installed(settings) -> list[str]:
    """allauth's optional apps whose templates cannot be shown unless they are installed."""
    optional = {
        "mfa": "allauth.mfa",
        "socialaccount": "allauth.socialaccount",
        "usersessions": "allauth.usersessions",
        "idp": "allauth.idp.oidc",
        "openid": "allauth.socialaccount.providers.openid",
    }
    return [folder for folder, app in optional.items() if app not in settings.INSTALLED_APPS]


def test_allauths_inline_scripts_never_reach_a_page(settings):
    """allauth's e-mail and phone pages put their scripts in the ``extra_body`` block; samenplan's layout has no
    such block, so those scripts are never rendered. Every other allauth template that can be shown is free of
    them."""
    base = (SRC / "templates" / "base.html").read_text() + (SRC / "templates/allauth/layouts/base.html").read_text()
    assert "extra_body" not in base and "extra_head" not in base
    assert not getattr(settings, "ACCOUNT_CHANGE_EMAIL", False)
    assert "phone" not in settings.ACCOUNT_LOGIN_METHODS
    for path in sorted(ALLAUTH.rglob("*.html")):
        name = str(path.relative_to(ALLAUTH))
        if (SRC / "templates" / name).exists():
            continue  # samenplan's own template of that name is shown instead (checked above)
        if name in UNUSED or any(name.startswith(f"{app}/") for app in apps_not_installed(settings)):
            continue
        text = re.sub(r"{% block extra_(body|head) %}.*?{% endblock[^%]*%}", "", path.read_text(), flags=re.S)
        assert problems(text) == [], path

"""samenplan.css is well-formed: every rule closed. An unclosed rule (easily left by a merge) silently nests every
rule after it (CSS nesting), so they match nothing — a hidden button shows, a pictogram grows to full size."""

import re
from pathlib import Path

CSS = Path(__file__).resolve().parents[2] / "src" / "samenplan" / "static" / "samenplan" / "samenplan.css"


def test_every_rule_of_the_stylesheet_is_closed():
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), CSS.read_text(encoding="utf-8"), flags=re.S)
    depth, unclosed = 0, []
    for number, line in enumerate(text.splitlines(), 1):
        if "{" in line and depth > 0 and not line.startswith(" "):
            unclosed.append(number)  # a rule at the top level while the one before is still open
        depth += line.count("{") - line.count("}")
    assert depth == 0 and not unclosed, f"unclosed rule before line(s) {unclosed[:5]} of samenplan.css"

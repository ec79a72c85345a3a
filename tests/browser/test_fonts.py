"""The theme's fonts come with samenplan (npm's @fontsource packages): no heading falls back to the system's serif."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_sets_headings_and_text_in_the_themes_fonts_and_loads_them(page, login, people):
    login(people.caseworker)
    page.goto("/cases/")
    page.evaluate("document.fonts.ready")
    heading_font = page.locator("h1").first.evaluate("h => getComputedStyle(h).fontFamily")
    text_font = page.locator("body").evaluate("b => getComputedStyle(b).fontFamily")
    assert heading_font.startswith('"Noto Serif"'), heading_font
    assert text_font.startswith('"Noto Sans"'), text_font
    loaded = page.evaluate(
        """async () => {
            await document.fonts.ready;
            const faces = [...document.fonts].filter(f => f.status === "loaded").map(f => `${f.family} ${f.weight}`);
            return faces;
        }"""
    )
    assert any(face.startswith("Noto Serif 700") for face in loaded), loaded
    assert any(face.startswith("Noto Sans 400") for face in loaded), loaded

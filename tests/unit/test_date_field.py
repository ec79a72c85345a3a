"""samenplan.forms.DateField tries ISO first: for every text, in every language, the same date or the same error
as Django's order of the formats."""

import itertools
from datetime import date

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import get_format
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from samenplan.forms import ISO_DATE, DateField

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _django(text):
    """What Django's own field makes of ``text`` (its formats in its order; no window check)."""
    try:
        return forms.DateField(required=False).to_python(text)
    except ValidationError as error:
        return error.messages


def _ours(text):
    field = DateField(required=False)
    try:
        return field.to_python(text)  # no window check: only the parsing is compared
    except ValidationError as error:
        return error.messages


def _texts():
    """Dates written in each language's formats, and the same digits with other separators and widths."""
    days = [date(1, 1, 1), date(1999, 12, 31), date(2004, 2, 29), date(2012, 10, 11), date(2026, 12, 5)]
    days += [date(y, m, d) for y, m, d in itertools.product((10, 12, 99, 2000, 2031), (1, 10, 12), (1, 10, 12, 31))
             if (m, d) != (2, 31)]  # fmt: skip
    formats = {f for code in LANGUAGES for f in _formats(code)}
    texts = {day.strftime(f) for day in days for f in formats}
    pieces = ["1", "01", "10", "12", "13", "31", "32", "99", "2026", "0001", "202", "20261"]
    for a, b, c in itertools.product(pieces, repeat=3):
        for sep in "-/. ":
            texts.add(f"{a}{sep}{b}{sep}{c}")
    return sorted(
        texts
        | {
            "",
            " 2026-12-05 ",
            "2026-12-5",
            "2026-1-05",
            "\u0662\u0660\u0662\u0666-\u0661\u0662-\u0660\u0665",
            "20261205",
            "2026-W49-6",
        }
    )


def _formats(code):
    with translation.override(code):
        return list(get_format("DATE_INPUT_FORMATS"))


def test_iso_comes_first_and_every_other_format_keeps_its_place():
    for code in LANGUAGES:
        with translation.override(code):
            formats = _formats(code)
            assert DateField().input_formats == (ISO_DATE, *(f for f in formats if f != ISO_DATE))


def test_formats_given_are_kept():
    assert DateField(input_formats=["%d-%m-%Y"]).input_formats == ["%d-%m-%Y"]


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_text_parses_as_in_djangos_order(code):
    with translation.override(code):
        for text in _texts():
            assert _ours(text) == _django(text), text


@hypothesis_settings(max_examples=400, deadline=None)
@given(
    code=st.sampled_from(LANGUAGES),
    text=st.one_of(
        st.text(alphabet="0123456789-/. ", max_size=12),
        st.from_regex(r"\A\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\Z"),
        st.text(max_size=12),
    ),
)
def test_any_text_parses_as_in_djangos_order(code, text):
    with translation.override(code):
        assert _ours(text) == _django(text)

"""Dutch messages for the analysis rules' refusal codes (``analysis/rules.py``): each names the rule."""

from __future__ import annotations

from django.utils.translation import gettext as _

from samenplan.analysis import rules

RULE_MESSAGES = {
    rules.LANGUAGE_NEEDED: lambda: _("Say which language is spoken at home."),
    rules.LANGUAGE_ONLY_FOR_HOME_LANGUAGE: lambda: _(
        "A language is only recorded with the circumstance 'speaks another language at home'."
    ),
    rules.INSTRUMENT_NEEDED: lambda: _("Choose the questionnaire or other instrument."),
    rules.INSTRUMENT_ONLY_FOR_INSTRUMENT: lambda: _(
        "An instrument is only chosen with the method 'questionnaire or other instrument'."
    ),
    rules.RECIPIENT_NEEDED: lambda: _("Choose the agency you ask, as named in a consent of the family."),
    rules.RECIPIENT_ONLY_FOR_OTHER_AGENCY: lambda: _(
        "An agency is only chosen with the method 'information from another agency'."
    ),
    rules.NOT_SHARED: lambda: _(
        "The coherent picture is made together: first discuss it with the family and record how each of them sees it."
    ),
    rules.ALREADY_FINAL: lambda: _("This version of the coherent picture is already final."),
    rules.CONSULTATION_NEEDED: lambda: _(
        "The problems are multiple and complex: a behavioural scientist discusses the coherent picture before it "
        "is final. Ask for a consultation and wait for the advice, or ask the team lead to record why it is not "
        "needed."
    ),
    rules.NO_FACTORS: lambda: _("Name at least one causal, maintaining or protective factor."),
}


def message(code: str) -> str:
    return RULE_MESSAGES[code]()

"""Which language a page speaks, to whom (portal.rules, issue 12): database-free."""

from samenplan.portal import rules

LANGUAGES = [("nl", "Nederlands"), ("en", "English"), ("ar", "العربية"), ("ti", "ትግርኛ")]
CODES = [code for code, _name in LANGUAGES]
WORKBENCH = ["nl", "en"]


def page(**kwargs):
    base = {"requested": "nl", "chosen": "", "family": False, "professional": False}
    return rules.page_language(**{**base, **kwargs}, codes=CODES, workbench=WORKBENCH, default="nl")


def test_it_offers_a_professional_only_the_workbench_languages():
    assert rules.language_choices(professional=True, languages=LANGUAGES, workbench=WORKBENCH) == LANGUAGES[:2]


def test_it_offers_families_and_visitors_every_portal_language():
    assert rules.language_choices(professional=False, languages=LANGUAGES, workbench=WORKBENCH) == LANGUAGES


def test_the_family_members_own_choice_wins_over_what_the_browser_asks():
    assert page(requested="en", chosen="ar", family=True) == "ar"


def test_a_family_member_without_a_choice_gets_what_the_browser_asks():
    assert page(requested="ti", family=True) == "ti"


def test_a_professional_never_gets_a_family_only_language():
    assert page(requested="ar", professional=True) == "nl"
    assert page(requested="en", professional=True) == "en"


def test_a_visitor_of_the_login_page_may_read_it_in_any_portal_language():
    assert page(requested="ar") == "ar"


def test_an_unknown_language_falls_back_to_dutch():
    assert page(requested="xx") == "nl"
    assert page(requested="xx", chosen="yy", family=True) == "nl"


def test_it_suggests_an_interpreter_for_another_language_or_little_dutch():
    hint = rules.interpreter_may_be_needed
    assert hint(language="ar", circumstances=set(), limited_dutch="limited_dutch")
    assert hint(language="", circumstances={"limited_dutch"}, limited_dutch="limited_dutch")
    assert not hint(language="nl", circumstances={"low_literacy"}, limited_dutch="limited_dutch")
    assert not hint(language="", circumstances=set(), limited_dutch="limited_dutch")

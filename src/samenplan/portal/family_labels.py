"""Choice labels of other apps' models that portal pages show (``get_…_display``), listed here so that the
family's languages translate them (portal/family_facing.py reads every file under portal/). The same English
words as the models' labels: tests/portal/test_languages_catalogues.py fails when a model's label changes and this
list does not. A label a portal page starts to show: add it here, then run ``samenplan familymessages``."""

from django.utils.translation import gettext_noop

LABELS = {
    # plans.models.Agreement: the family's answer to a plan version (portal/plan.html)
    "plans.Agreement": [gettext_noop("yes"), gettext_noop("partly"), gettext_noop("no")],
    # consent.models.Purpose and DataKind: what a consent is for and covers (portal/consents.html, revoke.html)
    "consent.Purpose": [
        gettext_noop("asking for information, so the family need not tell it again"),
        gettext_noop("coordinating help with the others involved"),
        gettext_noop("referring to other help"),
        gettext_noop("telling the referrer how things are going"),
    ],
    "consent.DataKind": [
        gettext_noop("names, dates of birth and contact details"),
        gettext_noop("the reason for registration and the help question"),
        gettext_noop("help received before, and how it went"),
        gettext_noop("the family situation and upbringing"),
        gettext_noop("the child's development and well-being"),
        gettext_noop("school, attendance and learning"),
        gettext_noop("physical and mental health"),
        gettext_noop("the child's safety"),
        gettext_noop("goals, the plan and how it is going"),
    ],
    # intake.models.Route: the route chosen together (portal/home.html)
    "intake.Route": [
        gettext_noop("light: information, advice, light help or the network"),
        gettext_noop("acute: crisis intervention now"),
        gettext_noop("unclear: further investigation (problem-and-strengths analysis)"),
    ],
}
